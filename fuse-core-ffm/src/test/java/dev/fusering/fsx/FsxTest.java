package dev.fusering.fsx;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.MountWatchdog;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fsx on a mounted {@link MemoryFilesystem}, per transport: {@value #DEFAULT_OPERATIONS} seeded random
 * operations (see {@link FsxOp}) on one file, each checked against the model (see {@link FsxRunner}).
 *
 * <p>A {@link MountWatchdog} aborts the connection when a step hangs for {@code 20 s}, so that a wedged
 * mount fails the test (with the kernel's and the session's counters) instead of hanging the build.
 *
 * <p>System properties: {@code fsx.seed} replays a sequence (the seed is printed at the start and in
 * every failure), {@code fsx.ops} changes the number of operations.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FsxTest {

    private static final long DEFAULT_OPERATIONS = 100_000;

    /** How long one step may take before the watchdog aborts the connection (a wedged mount). */
    private static final Duration STALL = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    /**
     * Runs fsx on a fresh mount of the transport.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void randomOperationsMatchTheModel(Transport transport) throws Exception {
        Python.assumeAvailable();
        long seed = Long.getLong("fsx.seed", System.nanoTime());
        long operations = Long.getLong("fsx.ops", DEFAULT_OPERATIONS);
        System.out.println("fsx " + transport + ": seed " + seed + ", " + operations + " operations (replay with "
                + "-Dfsx.seed=" + seed + ")");
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new MemoryFilesystem(), transport,
                DispatchMode.OFFLOADED)) {
            Path file = mount.path("fsx-file");
            Files.createFile(file);
            FsxRunner runner = new FsxRunner(seed, EnumSet.allOf(FsxOp.class));
            try (FsxHelper helper = FsxHelper.start(tmp, file);
                 MountWatchdog watchdog = MountWatchdog.watch(mount, runner::step, STALL)) {
                long t0 = System.nanoTime();
                Map<FsxOp, Integer> counts;
                try {
                    counts = runner.run(file, helper, operations);
                } catch (AssertionError e) {
                    if (watchdog.diagnosis() != null) {
                        e.addSuppressed(new AssertionError("watchdog: " + watchdog.diagnosis()));
                    }
                    throw e;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("fsx " + transport + ": " + operations + " operations in " + ms + " ms, "
                        + counts);
                assertThat(counts.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(operations);
            }
            assertThat(mount.session().stats().internalErrors()).isZero();
        }
    }
}
