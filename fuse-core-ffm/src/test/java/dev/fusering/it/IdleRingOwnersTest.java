package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Request;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.JvmThreads;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ring owners that serve requests, commit their replies and wait under {@code SCHED_IDLE} (the default,
 * {@link Session#idleRingOwners(boolean)}), and the guard that takes {@code SCHED_IDLE} away from an owner
 * that busy normal tasks starve. The owners' policies are read from {@code /proc/self/task/TID/stat}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleRingOwnersTest {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;
    private static final String GUARD = "fuse-ring-guard";
    /** The names of ring owners (regular expression). */
    private static final String OWNERS = "fuse-ring-\\d+";
    /** The names of the runners of offloaded dispatch (regular expression). */
    private static final String RUNNERS = "fuse-q\\d+-e\\d+";

    /** Reads 128 KiB blocks with O_DIRECT: argv[1] file, argv[2] count; prints the slowest read in ms. */
    private static final String READER = """
            import mmap, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECT)
            buf = mmap.mmap(-1, 131072)
            worst = 0.0
            for i in range(int(sys.argv[2])):
                t = time.monotonic()
                os.preadv(fd, [buf], (i % 8192) * 131072)
                worst = max(worst, time.monotonic() - t)
            print("%.1f" % (worst * 1000))
            """;

    /** Stats {@code argv[1]/f00000...} round-robin, {@code argv[2]} times. */
    private static final String STATTER = """
            import os, sys
            for i in range(int(sys.argv[2])):
                os.stat("%s/f%05d" % (sys.argv[1], i % 10000))
            """;

    @TempDir
    Path tmp;

    /** Records whether large READs ran on a ring owner. */
    static final class LargeReadThreads extends ForwardingFilesystem {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        LargeReadThreads() {
            super(new BenchFilesystem());
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            if (buffer.byteSize() >= 64 * 1024) {
                threads.add(Thread.currentThread().getName().startsWith("fuse-ring-") ? "owner" : "runner");
            }
            return super.read(request, nodeId, fh, offset, buffer);
        }
    }

    @Test
    void largeReadsAreCommittedUnderSchedIdleAndOwnersReturnToNormalWhenQuiet() throws Exception {
        LargeReadThreads fs = new LargeReadThreads();
        try (TestMounts.Mount mount = mount(fs, s -> { })) {
            // A starvation (the sampler, JIT or other tests' threads on the owner's CPU) holds the owner at
            // SCHED_OTHER for 200 ms or more: read in batches until an owner has served some idle.
            Set<Integer> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                seen.addAll(policiesWhileReading(mount.path("big"), 3000));
            } while (!(seen.contains(SCHED_IDLE) && fs.threads.contains("owner")) && System.nanoTime() < deadline);
            long starvations = mount.session().stats().ownerStarvations();
            assertThat(seen).as("ring owner policies seen during large reads (%d starvations)", starvations)
                    .contains(SCHED_IDLE);
            assertThat(fs.threads).as("large READs run on the owner while it waits idle (%d starvations)",
                    starvations).contains("owner");
            // While owners are in idle mode the guard looks every 2 ms; a second after the last idle wait it
            // ends idle mode and parks, so an unused mount costs no wake-ups.
            List<JvmThreads.Task> guard = JvmThreads.named(GUARD);
            assertThat(guard).as("the guard thread").hasSize(1);
            Thread.sleep(2500);
            long before = guard.getFirst().voluntarySwitches();
            Thread.sleep(500);
            assertThat(guard.getFirst().voluntarySwitches() - before).as("guard wake-ups in 500 ms when quiet")
                    .isLessThan(5);
            assertThat(ownerPolicies()).as("owners when quiet").containsOnly(SCHED_OTHER);
        }
        assertThat(TestMounts.await(Duration.ofSeconds(5), () -> JvmThreads.named(GUARD).isEmpty()))
                .as("the guard ends with the session").isTrue();
    }

    /** Records the policies under which ring owners and runners ran LOOKUP. */
    static final class LookupPolicies extends ForwardingFilesystem {
        final Set<Integer> policies = ConcurrentHashMap.newKeySet();

        LookupPolicies() {
            super(new BenchFilesystem());
        }

        @Override
        public void lookup(Request request, long parent, FileName name, EntryReply reply) {
            String thread = Thread.currentThread().getName();
            if (thread.startsWith("fuse-ring-") || thread.startsWith("fuse-q")) {
                try {
                    policies.add(LibC.schedGetscheduler(0));
                } catch (NativeCallException e) {
                    throw new IllegalStateException(e);
                }
            }
            super.lookup(request, parent, name, reply);
        }
    }

    /**
     * Small requests as well: from its first wait an owner stays under {@code SCHED_IDLE}, so that the commit's
     * wake-up leaves an application that stats in a loop on its CPU (under the normal policy it moved the
     * application to the idle CPU every few requests: 13k instead of 19k stat/s with benchfs's statloop, see
     * {@code docs/performance.md}). With offloaded dispatch the runners that took their entries over do the same.
     */
    @ParameterizedTest
    @EnumSource(value = DispatchMode.class, names = {"INLINE", "OFFLOADED"})
    void smallRequestsAreServedUnderSchedIdleToo(DispatchMode dispatch) throws Exception {
        LookupPolicies fs = new LookupPolicies();
        try (TestMounts.Mount mount = mount(fs, dispatch, s -> { })) {
            Path script = Files.writeString(tmp.resolve("statter.py"), STATTER);
            // A starvation (JIT or GC threads on the owner's CPU) holds the owner at SCHED_OTHER for 200 ms or
            // more: stat in batches until an owner has served a LOOKUP idle.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int batches = 0;
            do {
                runScript(script, Duration.ofSeconds(30), mount.path("d").toString(), "3000");
                batches++;
            } while (!fs.policies.contains(SCHED_IDLE) && System.nanoTime() < deadline);
            assertThat(fs.policies).as("policies of ring owners running LOOKUP (%d batches of 3000 stats, %s)",
                    batches, mount.session().stats()).contains(SCHED_IDLE);
        }
    }

    /**
     * Starts a thread, as lazily built executors do, from a large READ that runs on a ring owner under
     * {@code SCHED_IDLE} (from the 20th large READ on an owner; an owner's first request after a quiet second or
     * a hold at SCHED_OTHER runs under the normal policy, idle mode starting with the wait that follows it).
     */
    static final class StartsAThreadInRead extends ForwardingFilesystem {
        /** One started thread: its tid and the policy it saw first, once it ran. */
        static final class Started {
            final AtomicInteger policyAtStart = new AtomicInteger(-1);
            final AtomicInteger tid = new AtomicInteger();
            final CountDownLatch ran = new CountDownLatch(1);
        }

        /**
         * The thread whose owner was under SCHED_IDLE right before and right after it started it, so that it was
         * created under SCHED_IDLE (only the guard switches an owner back, and never back to idle). A start
         * across which the guard switched the owner back does not count, and a later read tries again.
         */
        final AtomicReference<Started> createdUnderIdle = new AtomicReference<>();
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger ownerReads = new AtomicInteger();
        private final AtomicBoolean starting = new AtomicBoolean();

        StartsAThreadInRead() {
            super(new BenchFilesystem());
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            if (buffer.byteSize() >= 64 * 1024 && Thread.currentThread().getName().startsWith("fuse-ring-")
                    && ownerReads.incrementAndGet() >= 20 && createdUnderIdle.get() == null && underSchedIdle()
                    && starting.compareAndSet(false, true)) {
                Started started = new Started();
                Thread.ofPlatform().name("started-by-read").daemon(true).start(() -> {
                    started.tid.set(LibC.gettid());
                    try {
                        started.policyAtStart.set(LibC.schedGetscheduler(0));
                    } catch (NativeCallException e) {
                        throw new IllegalStateException(e);
                    }
                    started.ran.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                if (underSchedIdle()) {
                    createdUnderIdle.set(started);
                }
                starting.set(false);
            }
            return super.read(request, nodeId, fh, offset, buffer);
        }

        private static boolean underSchedIdle() {
            try {
                return LibC.schedGetscheduler(0) == SCHED_IDLE;
            } catch (NativeCallException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aThreadThatReadCodeStartsUnderSchedIdleIsSwitchedBackToNormal() throws Exception {
        StartsAThreadInRead fs = new StartsAThreadInRead();
        try (TestMounts.Mount mount = mount(fs, s -> { })) {
            // No sampling meanwhile: a busy sampler could starve the owner, which then serves no read idle. A
            // starvation (JIT or GC threads of a JVM that has run many tests, say) holds the owner at SCHED_OTHER
            // for 200 ms or more, doubling while they keep its CPU: read in batches, for up to 40 s, until an owner
            // has served enough of them under SCHED_IDLE.
            Path script = Files.writeString(tmp.resolve("reader.py"), READER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            int batches = 0;
            while (fs.createdUnderIdle.get() == null && System.nanoTime() < deadline) {
                runReader(script, mount.path("big"), 500, Duration.ofSeconds(30));
                batches++;
            }
            StartsAThreadInRead.Started started = fs.createdUnderIdle.get();
            assertThat(started).as("a read on an owner under SCHED_IDLE started a thread (%d batches of 500 reads, "
                    + "%s)", batches, mount.session().stats()).isNotNull();
            assertThat(started.ran.await(5, TimeUnit.SECONDS)).as("the started thread ran").isTrue();
            // It inherited SCHED_IDLE; whether it still saw that policy depends on whether it ran before the guard's
            // next look (an inherited-idle thread on a busy CPU may wait longer than that).
            assertThat(started.policyAtStart.get()).as("the policy the thread saw first")
                    .isIn(SCHED_IDLE, SCHED_OTHER);
            int tid = started.tid.get();
            assertThat(TestMounts.await(Duration.ofSeconds(3), () -> JvmThreads.policy(tid) == SCHED_OTHER))
                    .as("switched back by the guard").isTrue();
        } finally {
            fs.release.countDown();
        }
    }

    /**
     * With offloaded dispatch the runners that took their entries over serve large READs, and they commit those
     * replies and wait under {@code SCHED_IDLE} as inline owners do.
     */
    @Test
    void offloadedRunnersCommitLargeReadsUnderSchedIdle() throws Exception {
        LargeReadThreads fs = new LargeReadThreads();
        try (TestMounts.Mount mount = mount(fs, DispatchMode.OFFLOADED, s -> { })) {
            Set<Integer> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                seen.addAll(policiesWhileReading(mount.path("big"), 3000, RUNNERS));
            } while (!seen.contains(SCHED_IDLE) && System.nanoTime() < deadline);
            assertThat(seen).as("runner policies seen during large reads (%d starvations)",
                    mount.session().stats().ownerStarvations()).contains(SCHED_IDLE);
            assertThat(fs.threads).containsExactly("runner");
            assertThat(ownerPolicies()).as("ring owners").containsOnly(SCHED_OTHER);
        }
    }

    @Test
    void idleRingOwnersOffKeepsTheNormalPolicyAndLargeReadsOnRunners() throws Exception {
        LargeReadThreads fs = new LargeReadThreads();
        try (TestMounts.Mount mount = mount(fs, s -> s.idleRingOwners(false))) {
            Set<Integer> seen = policiesWhileReading(mount.path("big"), 3000);
            assertThat(seen).as("ring owner policies seen during large reads").containsOnly(SCHED_OTHER);
            assertThat(fs.threads).containsExactly("runner");
            assertThat(JvmThreads.named(GUARD)).isEmpty();
            assertThat(mount.session().stats().ownerStarvations()).isZero();
        }
    }

    /**
     * Busy loops pinned to every CPU would starve a ring owner that stays {@code SCHED_IDLE} (measured
     * without the guard: 14 s for these reads, single reads of 170 ms); the guard switches it back within
     * milliseconds, so the reads proceed at the pace of normal time sharing.
     */
    @Test
    void anOwnerStarvedBySchedOtherTasksGetsItsCpuBackAndStillServesLargeReadsItself() throws Exception {
        LargeReadThreads fs = new LargeReadThreads();
        try (TestMounts.Mount mount = mount(fs, s -> { })) {
            Path script = Files.writeString(tmp.resolve("reader.py"), READER);
            // Warm up: the owners enter idle mode.
            assertThat(runReader(script, mount.path("big"), 2000, Duration.ofSeconds(30))).isNotNull();
            fs.threads.clear();
            List<Process> hogs = startBusyLoops();
            try {
                long start = System.nanoTime();
                String worst = runReader(script, mount.path("big"), 2000, Duration.ofSeconds(60));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("2000 reads of 128 KiB next to busy loops (slowest %s ms)", worst)
                        .isLessThan(4000);
                assertThat(mount.session().stats().ownerStarvations()).as("starvations the guard ended")
                        .isPositive();
                // Held at SCHED_OTHER after a starvation, an owner still serves large READs itself: the busy loops
                // leave the reader no idle CPU to move to, and a runner would add two switches per request.
                assertThat(fs.threads).as("threads that served large READs next to the busy loops")
                        .containsExactly("owner");
            } finally {
                stop(hogs);
            }
        }
    }

    /**
     * The same for small requests, which idle owners serve under {@code SCHED_IDLE} too: without the guard each
     * of the three requests of a stat would wait for the busy loop's time slices to end.
     */
    @Test
    void statsNextToBusyLoopsProceedAtTheirPaceToo() throws Exception {
        try (TestMounts.Mount mount = mount(new BenchFilesystem(), s -> { })) {
            Path script = Files.writeString(tmp.resolve("statter.py"), STATTER);
            String dir = mount.path("d").toString();
            runScript(script, Duration.ofSeconds(30), dir, "2000"); // warm up: the owners enter idle mode
            List<Process> hogs = startBusyLoops();
            try {
                long start = System.nanoTime();
                runScript(script, Duration.ofSeconds(60), dir, "2000");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("2000 stats next to busy loops").isLessThan(4000);
                assertThat(mount.session().stats().ownerStarvations()).as("starvations the guard ended")
                        .isPositive();
            } finally {
                stop(hogs);
            }
        }
    }

    /** Starts a busy loop pinned to each CPU, and lets them start running. */
    private static List<Process> startBusyLoops() throws Exception {
        List<Process> hogs = new ArrayList<>();
        try {
            for (int cpu = 0; cpu < Runtime.getRuntime().availableProcessors(); cpu++) {
                hogs.add(new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "sh", "-c", "while :; do :; done")
                        .start());
            }
            Thread.sleep(300);
            return hogs;
        } catch (Exception | Error e) {
            stop(hogs);
            throw e;
        }
    }

    private static void stop(List<Process> hogs) throws InterruptedException {
        for (Process hog : hogs) {
            hog.destroyForcibly();
        }
        for (Process hog : hogs) {
            hog.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private TestMounts.Mount mount(Filesystem fs, Consumer<Session> tuning) {
        return mount(fs, DispatchMode.INLINE, tuning);
    }

    /** Mounts {@code fs} on io_uring with timeouts of 0, so that every stat reaches the filesystem. */
    private TestMounts.Mount mount(Filesystem fs, DispatchMode dispatch, Consumer<Session> tuning) {
        return TestMounts.mount(tmp, fs, Transport.IO_URING, dispatch, MountOptions.builder()
                .entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build(), tuning);
    }

    /** Reads from CPU 0 in a child process and samples the owners' policies meanwhile. */
    private Set<Integer> policiesWhileReading(Path file, int count) throws Exception {
        return policiesWhileReading(file, count, OWNERS);
    }

    /** Reads from CPU 0 in a child process and samples the policies of the threads whose names match. */
    private Set<Integer> policiesWhileReading(Path file, int count, String threadNames) throws Exception {
        Path script = Files.writeString(tmp.resolve("reader.py"), READER);
        Process reader = startScript(script, file.toString(), Integer.toString(count));
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try {
            while (reader.isAlive()) {
                seen.addAll(policies(threadNames));
                Thread.sleep(0, 200_000);
            }
            assertThat(reader.exitValue()).as(new String(reader.getInputStream().readAllBytes())).isZero();
        } finally {
            reader.destroyForcibly();
            reader.waitFor(5, TimeUnit.SECONDS);
        }
        return seen;
    }

    private static String runReader(Path script, Path file, int count, Duration timeout) throws Exception {
        return runScript(script, timeout, file.toString(), Integer.toString(count));
    }

    /** Starts a Python script on CPU 0, its error output merged into its output. */
    private static Process startScript(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", Python.executable(), "-I", "-S",
                script.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs a Python script on CPU 0 and returns its output. */
    private static String runScript(Path script, Duration timeout, String... args) throws Exception {
        Process reader = startScript(script, args);
        try {
            assertThat(reader.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("script finished").isTrue();
            String out = new String(reader.getInputStream().readAllBytes()).strip();
            assertThat(reader.exitValue()).as(out).isZero();
            return out;
        } finally {
            reader.destroyForcibly();
            reader.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The scheduling policies of this JVM's ring owner threads. */
    private static List<Integer> ownerPolicies() {
        return policies(OWNERS);
    }

    /** The scheduling policies of this JVM's threads whose names match (threads that ended meanwhile left out). */
    private static List<Integer> policies(String threadNames) {
        return JvmThreads.matching(threadNames).stream().map(JvmThreads.Task::policy).filter(p -> p >= 0).toList();
    }
}
