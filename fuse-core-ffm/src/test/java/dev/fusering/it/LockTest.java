package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.abi.InitFlags;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POSIX record locks and flock locks seen by several processes ({@code lock_scenarios.py}: conflicting and
 * shared locks, F_GETLK with the holder's pid and range, split and merged ranges, F_SETLKW waiting for an
 * unlock and interrupted by a signal, release on close and on exit, flock exclusive/shared/blocking/
 * interrupted, flock independent of fcntl locks). The script's output on the FUSE mount must be the same as
 * on a directory of the real disk: with POSIX_LOCKS and FLOCK_LOCKS negotiated (the locks live in
 * {@link MemoryFilesystem}) on both transports and in both dispatch modes, and with the default options,
 * where the kernel keeps the locks itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {

    private static List<String> reference;

    @TempDir
    Path tmp;

    /**
     * Runs the scenarios once on the real disk.
     *
     * @param disk a directory on the disk (the JUnit temp directory lies below /tmp)
     */
    @BeforeAll
    static void runOnDisk(@TempDir Path disk) {
        Python.assumeAvailable();
        Path script = ScriptProcess.install(LockTest.class, "lock_scenarios.py", disk);
        Path dir = disk.resolve("files");
        try {
            Files.createDirectory(dir);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        reference = run(script, dir);
        // the script itself must show the semantics the test relies on
        assertThat(reference).contains("B write 50..59: errno EAGAIN", "B getlk write 0..9: lock W 0 100 pid A",
                "C getlk read 155 (merged): lock W 150 20 pid A", "B read 205..214 (shared): ok",
                "B setlkw 10..19 while A holds: still waiting", "B setlkw after the unlock: ok",
                "C setlkw after SIGUSR1: errno EINTR", "B write 0..9 after the close: ok",
                "B write 0..9 after D exited: ok", "B flock EX nb: errno EAGAIN", "B flock SH (shared): ok",
                "C flock EX after both unlocked: ok", "A flock after SIGUSR1: errno EINTR", "done");
    }

    private static List<String> run(Path script, Path dir) {
        try (ScriptProcess p = ScriptProcess.start(List.of(), script, List.of(dir.toString()))) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.describe()).contains(0);
            return p.lines();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.fusering.testing.TransportMatrix#all")
    void locksHeldByTheFilesystemBehaveLikeTheDisk(Transport transport, DispatchMode dispatch) {
        MemoryFilesystem fs = new MemoryFilesystem();
        MountOptions options = MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO)
                .posixLocks(true).flockLocks(true).build();
        Path script = ScriptProcess.install(LockTest.class, "lock_scenarios.py", tmp);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, dispatch, options)) {
            long flags = mount.session().connection().flags();
            assertThat(flags & InitFlags.POSIX_LOCKS).as("POSIX_LOCKS negotiated").isNotZero();
            assertThat(flags & InitFlags.FLOCK_LOCKS).as("FLOCK_LOCKS negotiated").isNotZero();
            long interruptsBefore = mount.session().stats().interrupts();

            List<String> lines = run(script, mount.dir());

            assertThat(lines).isEqualTo(reference);
            assertThat(mount.session().stats().interrupts()).as("the two signalled waits reached the daemon")
                    .isGreaterThanOrEqualTo(interruptsBefore + 2);
        }
    }

    @Test
    void withoutLockOptionsTheKernelKeepsTheLocksAndTheyBehaveLikeTheDisk() {
        MemoryFilesystem fs = new MemoryFilesystem();
        Path script = ScriptProcess.install(LockTest.class, "lock_scenarios.py", tmp);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, Transport.AUTO, DispatchMode.OFFLOADED)) {
            long flags = mount.session().connection().flags();
            assertThat(flags & (InitFlags.POSIX_LOCKS | InitFlags.FLOCK_LOCKS)).as("not negotiated").isZero();

            List<String> lines = run(script, mount.dir());

            assertThat(lines).isEqualTo(reference);
        }
    }
}
