package dev.fusering.load;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.MountWatchdog;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load on one mounted {@link MemoryFilesystem} per transport: {@value #CLIENTS} Python client processes
 * (two pinned to each CPU with {@code taskset}) each mix creates, overwrites, appends, truncates,
 * read-and-verify, renames, unlinks, mkdir/rmdir, listings, fsync and stat in their own directory,
 * checking every result against their own model, re-read every file at the end and remove everything.
 *
 * <p>Two phases: a {@value #WARMUP_SECONDS} s warm-up (JIT, heap sizing), then the measured phase
 * ({@code load.seconds}, default {@value #DEFAULT_SECONDS}). Memory of this JVM, which serves the mount,
 * is taken after a full GC before and after the measured phase; since the clients remove what they wrote,
 * heap and RSS must come back to where they were (within {@value #HEAP_GROWTH_MIB} MiB of heap and
 * {@value #RSS_GROWTH_MIB} MiB of RSS). Passing means: every client exits normally with no error, every
 * file it kept read back as written, the session counted no internal error, and memory did not grow.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadTest {

    private static final int CLIENTS = 4;
    private static final int WARMUP_SECONDS = 10;
    private static final int DEFAULT_SECONDS = 40;
    private static final int HEAP_GROWTH_MIB = 32;
    private static final int RSS_GROWTH_MIB = 96;
    private static final long MIB = 1024 * 1024;
    private static final Pattern SUMMARY =
            Pattern.compile("ops=(\\d+) errors=(\\d+) verified=(\\d+) written=(\\d+) first=(\\S+)");

    @TempDir
    Path tmp;

    /**
     * The summary of one client.
     *
     * @param ops      operations done
     * @param errors   failed operations or wrong results
     * @param verified files re-read and found right at the end
     * @param written  bytes written
     * @param first    the first error, or {@code -}
     */
    private record Summary(long ops, long errors, long verified, long written, String first) {
    }

    /**
     * Warm-up, measured phase, memory before and after.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void clientsOnBothCpusWithoutErrorsOrGrowth(Transport transport) throws Exception {
        Python.assumeAvailable();
        int seconds = Integer.getInteger("load.seconds", DEFAULT_SECONDS);
        Path script = ScriptProcess.install(LoadTest.class, "load_client.py", tmp);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new MemoryFilesystem(), transport,
                DispatchMode.OFFLOADED);
             MountWatchdog watchdog = MountWatchdog.watch(mount,
                     () -> mount.session().stats().ringRequests() + mount.session().stats().devFuseRequests(),
                     Duration.ofSeconds(30))) {
            runPhase(script, mount, "warmup", WARMUP_SECONDS, 1000);
            MemorySnapshot before = MemorySnapshot.take();
            SessionStats statsBefore = mount.session().stats();

            long t0 = System.nanoTime();
            List<Summary> summaries = runPhase(script, mount, "main", seconds, 2000);
            double took = (System.nanoTime() - t0) / 1e9;
            MemorySnapshot after = MemorySnapshot.take();
            SessionStats statsAfter = mount.session().stats();

            long ops = summaries.stream().mapToLong(Summary::ops).sum();
            long written = summaries.stream().mapToLong(Summary::written).sum();
            long requests = statsAfter.ringRequests() + statsAfter.devFuseRequests() - statsBefore.ringRequests()
                    - statsBefore.devFuseRequests();
            System.out.printf("load %s: %d clients, %.1f s, %d client ops (%.0f/s), %d FUSE requests (%.0f/s), "
                            + "%d MiB written; before: %s; after: %s%n", transport, CLIENTS, took, ops, ops / took,
                    requests, requests / took, written / MIB, before, after);
            assertThat(watchdog.diagnosis()).as("watchdog").isNull();
            assertThat(statsAfter.internalErrors()).as("internal errors").isZero();
            assertThat(ops).as("operations done").isPositive();
            assertThat(after.heapUsed() - before.heapUsed()).as("heap growth after GC (%s -> %s)", before, after)
                    .isLessThan(HEAP_GROWTH_MIB * MIB);
            assertThat(after.rss() - before.rss()).as("RSS growth (%s -> %s)", before, after)
                    .isLessThan(RSS_GROWTH_MIB * MIB);
            assertThat(mount.session().isRunning()).isTrue();
        }
    }

    private List<Summary> runPhase(Path script, TestMounts.Mount mount, String phase, int seconds, int seedBase) {
        List<ScriptProcess> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(ScriptProcess.start(List.of("taskset", "-c", Integer.toString(i % 2)), script,
                        List.of(mount.path(phase + "-" + i).toString(), Integer.toString(seconds),
                                Integer.toString(seedBase + i))));
            }
            List<Summary> out = new ArrayList<>();
            for (ScriptProcess c : clients) {
                assertThat(c.awaitExit(Duration.ofSeconds(seconds + 60L))).as("client of phase " + phase
                        + " ends: " + c.describe()).contains(0);
                String line = c.lines().stream().filter(l -> l.startsWith("ops=")).findFirst()
                        .orElseThrow(() -> new AssertionError("no summary: " + c.describe()));
                Matcher m = SUMMARY.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                Summary s = new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5));
                assertThat(s.errors()).as("errors of a " + phase + " client: " + s).isZero();
                out.add(s);
            }
            return out;
        } finally {
            clients.forEach(ScriptProcess::close);
        }
    }
}
