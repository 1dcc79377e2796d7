package dev.fusering.faults;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.mount.FuseConnection;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mount is taken away from outside while requests are in flight: four clients (two per CPU) write
 * and read back 4 KiB O_DIRECT blocks through slowed-down READ/WRITE methods, so that requests are always
 * being served, when
 * <ul>
 *   <li>{@code umount -l} detaches the mount: the clients' open descriptors keep the connection, so they
 *       go on without a single error or lost write; once they close, the session ends by itself;</li>
 *   <li>{@code /sys/fs/fuse/connections/N/abort} is written: every client and an application blocked in a
 *       hanging lookup get an error at once (no hang), the session ends and removes the mount.</li>
 * </ul>
 * Plain external {@code umount}, lazy umount of an idle mount and abort of an idle mount are in
 * {@code lifecycle.ShutdownTest}; SIGKILL of a launcher and a restart on the same mount point in
 * {@code lifecycle.StaleMountTest}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExternalTeardownTest {

    @TempDir
    Path tmp;

    /**
     * {@code umount -l} under load: open descriptors keep working, then the session ends by itself.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void lazyUnmountWithRequestsInFlight(Transport transport) throws Exception {
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED);
        try (BlockClients clients = BlockClients.start(tmp, mount.dir(), 4, 4.0, Long.MAX_VALUE, false, false)) {
            for (int i = 0; i < 4; i++) {
                fs.armNode((Long) Files.getAttribute(mount.path("client-" + i), "unix:ino"), Fault.SLOW);
            }
            Thread.sleep(1_000);
            long servedBefore = mount.session().stats().bytesWritten();
            Shell.Result r = Shell.run(Duration.ofSeconds(10), List.of("umount", "-l", mount.dir().toString()));
            assertThat(r.ok()).as("umount -l: " + r.stderr()).isTrue();
            assertThat(TestMounts.isMounted(mount.dir())).as("detached at once").isFalse();

            List<BlockClients.Summary> summaries = clients.await(Duration.ofSeconds(30));
            for (BlockClients.Summary s : summaries) {
                assertThat(s.errors()).as("errors of a client whose descriptor outlived the umount: " + s).isZero();
                assertThat(s.ops()).isPositive();
            }
            assertThat(mount.session().stats().bytesWritten()).as("writes served after the detach")
                    .isGreaterThan(servedBefore);
            assertThat(mount.session().awaitTermination(Duration.ofSeconds(10)))
                    .as("the session ends by itself once the last descriptor is closed").isTrue();
            assertThat(mount.session().failure()).isNull();
        } finally {
            fs.releaseAll();
            mount.close();
        }
    }

    /**
     * fusectl abort under load: every client and the blocked application fail at once, the mount goes.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void abortWithRequestsInFlight(Transport transport) throws Exception {
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        Path app = ScriptProcess.install(ExternalTeardownTest.class, "stat_app.py", tmp);
        TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED);
        try (BlockClients clients = BlockClients.start(tmp, mount.dir(), 4, 60.0, Long.MAX_VALUE, true, false);
             ScriptProcess stuck = ScriptProcess.start(List.of(), app, List.of(mount.path("stuck").toString()))) {
            for (int i = 0; i < 4; i++) {
                fs.armNode((Long) Files.getAttribute(mount.path("client-" + i), "unix:ino"), Fault.SLOW);
            }
            fs.armLookup("stuck", Fault.HANG);
            assertThat(stuck.awaitLine(Duration.ofSeconds(10), "ready"::equals)).as(stuck.describe()).isPresent();
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> fs.hanging() == 1)).isTrue();
            Thread.sleep(1_000);

            long id = FuseConnection.id(mount.dir());
            long t0 = System.nanoTime();
            Files.writeString(FuseConnection.CONNECTIONS.resolve(Long.toString(id)).resolve("abort"), "1");

            List<BlockClients.Summary> summaries = clients.await(Duration.ofSeconds(10));
            for (BlockClients.Summary s : summaries) {
                assertThat(s.errors()).as("a client fails instead of hanging: " + s).isEqualTo(1);
                assertThat(s.first()).as(s.toString()).isIn("ECONNABORTED", "ENOTCONN");
                assertThat(s.ops()).isPositive();
            }
            assertThat(stuck.awaitExit(Duration.ofSeconds(10))).as("the blocked application is released: "
                    + stuck.describe()).contains(0);
            assertThat(stuck.lines()).as(stuck.describe()).anyMatch(l -> l.equals("errno ECONNABORTED")
                    || l.equals("errno ENOTCONN"));
            assertThat(mount.session().awaitTermination(Duration.ofSeconds(10))).as("the session ends").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(TestMounts.await(Duration.ofSeconds(5), () -> !TestMounts.isMounted(mount.dir())))
                    .as("the engine removes the aborted mount (abort to end: %s)", took).isTrue();
        } finally {
            fs.releaseAll();
            mount.close();
        }
    }
}
