package dev.fusering.faults;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
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
 * A filesystem method that never returns, and an application blocked in it that gets a signal. The
 * kernel turns the signal into a FUSE_INTERRUPT (counted by the session); a method that honours it
 * answers EINTR and the application's call fails with EINTR at once, a method that ignores it keeps the
 * application blocked, and then {@code close()} still ends the session within its shutdown timeout (plus
 * slack), releases the application with an error and leaves no mount.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HangingMethodTest {

    /** The shutdown timeout of {@link TestMounts} mounts. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    /**
     * SIGUSR1 to the blocked application: INTERRUPT, the method answers EINTR, the call fails with EINTR.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void interruptedMethodAnswersEintrAndTheSessionKeepsServing(Transport transport) throws Exception {
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        Path app = ScriptProcess.install(HangingMethodTest.class, "stat_app.py", tmp);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED);
             ScriptProcess stat = ScriptProcess.start(List.of(), app, List.of(mount.path("polite").toString()))) {
            fs.armLookup("polite", Fault.HANG_UNTIL_INTERRUPTED);
            assertThat(stat.awaitLine(Duration.ofSeconds(10), "ready"::equals)).as(stat.describe()).isPresent();
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> fs.hanging() == 1))
                    .as("the lookup hangs in the filesystem").isTrue();
            long interruptsBefore = mount.session().stats().interrupts();

            long t0 = System.nanoTime();
            stat.signal("USR1");
            assertThat(stat.awaitExit(Duration.ofSeconds(10))).as(stat.describe()).contains(0);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(stat.lines()).as("the call ended with EINTR").contains("errno EINTR");
            assertThat(took).as("signal to EINTR").isLessThan(Duration.ofSeconds(3));
            assertThat(mount.session().stats().interrupts()).as("FUSE_INTERRUPT received")
                    .isGreaterThan(interruptsBefore);

            assertThat(TestMounts.await(Duration.ofSeconds(5), () -> fs.hanging() == 0)).isTrue();
            Files.writeString(mount.path("after"), "still serving");
            assertThat(Files.readString(mount.path("after"))).isEqualTo("still serving");
            assertThat(mount.session().isRunning()).isTrue();
        } finally {
            fs.releaseAll();
        }
    }

    /**
     * SIGUSR1 to the blocked application of a method that ignores it: close() still ends everything.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void methodIgnoringTheSignalDoesNotBlockClose(Transport transport) throws Exception {
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        Path app = ScriptProcess.install(HangingMethodTest.class, "stat_app.py", tmp);
        TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED);
        try (ScriptProcess stat = ScriptProcess.start(List.of(), app, List.of(mount.path("stuck").toString()))) {
            fs.armLookup("stuck", Fault.HANG);
            assertThat(stat.awaitLine(Duration.ofSeconds(10), "ready"::equals)).as(stat.describe()).isPresent();
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> fs.hanging() == 1))
                    .as("the lookup hangs in the filesystem").isTrue();
            long interruptsBefore = mount.session().stats().interrupts();

            stat.signal("USR1");
            assertThat(TestMounts.await(Duration.ofSeconds(10),
                    () -> mount.session().stats().interrupts() > interruptsBefore))
                    .as("FUSE_INTERRUPT received").isTrue();
            assertThat(stat.awaitExit(Duration.ofMillis(500))).as("the application stays blocked: the method "
                    + "ignores the interrupt").isEmpty();

            long t0 = System.nanoTime();
            Thread closer = Thread.ofPlatform().name("closer").start(mount.session()::close);
            assertThat(closer.join(SHUTDOWN_TIMEOUT.plus(CLOSE_SLACK))).as("close() returns").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(TestMounts.isMounted(mount.dir())).as("no mount left after close (took %s)", took).isFalse();
            assertThat(stat.awaitExit(Duration.ofSeconds(10))).as("the blocked application is released: "
                    + stat.describe()).isPresent();
            assertThat(stat.lines()).as(stat.describe()).noneMatch(l -> l.equals("returned"));
            assertThat(stat.lines()).as(stat.describe()).anyMatch(l -> l.equals("errno ECONNABORTED")
                    || l.equals("errno ENOTCONN"));
        } finally {
            fs.releaseAll();
            mount.close();
        }
    }
}
