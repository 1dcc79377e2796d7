package dev.fusering.faults;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.posix.PosixProbe;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filesystem method that throws an unexpected exception: the application gets EIO, the session logs it,
 * counts it as an internal error and keeps serving every other request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailingMethodTest {

    @TempDir
    Path tmp;

    /**
     * LOOKUP, READ and WRITE throw: EIO each time, the session counts them and keeps serving.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void throwingMethodAnswersEioAndTheSessionKeepsServing(Transport transport) throws Exception {
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED)) {
            Files.writeString(mount.path("boom"), "payload");
            fs.armNode((Long) Files.getAttribute(mount.path("boom"), "unix:ino"), Fault.THROW);
            fs.armLookup("boom-lookup", Fault.THROW);
            long internalBefore = mount.session().stats().internalErrors();

            PosixProbe.Run run = new PosixProbe(tmp).run(mount.dir(), """
                    show("stat a name whose lookup throws", lambda: os.stat("boom-lookup"))
                    fd = os.open("boom", os.O_RDWR | os.O_DIRECT)
                    show("read of a node whose read throws", lambda: os.preadv(fd, [aligned(4096)], 0))
                    show("write of a node whose write throws", lambda: os.pwrite(fd, aligned(4096), 0))
                    show("the same descriptor again", lambda: os.preadv(fd, [aligned(4096)], 0))
                    os.close(fd)
                    ok("create another file", lambda: put("fine", "still serving"))
                    show("read it back", lambda: data("fine"))
                    show("stat the failing node", lambda: os.stat("boom").st_size)
                    """, false);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.outcome("stat a name whose lookup throws")).as(run.text()).isEqualTo("! EIO");
            assertThat(run.outcome("read of a node whose read throws")).as(run.text()).isEqualTo("! EIO");
            assertThat(run.outcome("write of a node whose write throws")).as(run.text()).isEqualTo("! EIO");
            assertThat(run.outcome("the same descriptor again")).as(run.text()).isEqualTo("! EIO");
            assertThat(run.outcome("read it back")).as(run.text()).isEqualTo("= b'still serving'");
            assertThat(run.outcome("stat the failing node")).as(run.text()).isEqualTo("= 7");
            assertThat(mount.session().isRunning()).isTrue();
            assertThat(mount.session().stats().internalErrors() - internalBefore)
                    .as("internal errors counted").isGreaterThanOrEqualTo(4);
            assertThat(Files.readString(mount.path("fine"))).isEqualTo("still serving");
        }
    }
}
