package dev.fusering.internal.uring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.testing.TestMounts;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Threads that inherit {@code SCHED_IDLE} from a ring owner running filesystem code are switched back to
 * {@code SCHED_OTHER} by the guard; threads that were idle before the guard began watching are left alone.
 */
class InheritedIdleRepairTest {

    private static int numThreads(String stat) {
        byte[] bytes = stat.getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(bytes.length + 1);
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return ProcStatLine.numThreads(s, bytes.length);
        }
    }

    @Test
    void aThreadSeenBeforeTheJvmNamedItIsNotLoggedUnderItsCreatorsName() {
        assertThat(InheritedIdleRepair.describe("fuse-ring-0")).isEqualTo("not named yet, started by fuse-ring-0");
        assertThat(InheritedIdleRepair.describe("fuse-q1-e15")).isEqualTo("not named yet, started by fuse-q1-e15");
        assertThat(InheritedIdleRepair.describe("pool-1-thread-1")).isEqualTo("pool-1-thread-1");
        assertThat(InheritedIdleRepair.describe("fuse-ring-guard")).isEqualTo("fuse-ring-guard");
    }

    @Test
    void readsNumThreadsFromProcSelfStat() throws Exception {
        assertThat(numThreads("4711 (java) S 1 4711 4711 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 37 0 99 123 456"))
                .isEqualTo(37);
        assertThat(numThreads("4711 (a) b) S 1 4711 4711 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 5 0 99"))
                .as("a name with ') '").isEqualTo(5);
        assertThat(numThreads("4711 (java) S 1 2 3")).as("cut short").isEqualTo(-1);
        assertThat(numThreads("no parenthesis")).isEqualTo(-1);
        String mine = Files.readString(Path.of("/proc/self/stat"));
        long tasks;
        try (var list = Files.list(Path.of("/proc/self/task"))) {
            tasks = list.count();
        }
        assertThat((long) numThreads(mine)).isBetween(tasks - 5, tasks + 5);
    }

    @Test
    void aThreadStartedUnderSchedIdleIsSwitchedBackAndIdleThreadsOfTheApplicationAreNot() throws Exception {
        String refusal = OwnerPriorityGuard.leaveSchedIdleRefusal();
        if (refusal != null && TestMounts.inCi()) {
            throw new AssertionError("CI runs as root and must be able to leave SCHED_IDLE: " + refusal);
        }
        Assumptions.assumeTrue(refusal == null, "cannot leave SCHED_IDLE here: " + refusal);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger chosenTid = new AtomicInteger();
        AtomicInteger childTid = new AtomicInteger();
        CountDownLatch chosenReady = new CountDownLatch(1);
        CountDownLatch childReady = new CountDownLatch(1);
        Thread chosen = Thread.ofPlatform().name("app-idle-by-choice").start(() -> {
            setIdle();
            chosenTid.set(LibC.gettid());
            chosenReady.countDown();
            await(release);
        });
        chosenReady.await();
        OwnerPriorityGuard guard = OwnerPriorityGuard.unstarted("test");
        InheritedIdleRepair repair = guard.inherited();
        Thread child = null;
        Thread owner = null;
        Thread lateChooser = null;
        AtomicInteger lateTid = new AtomicInteger();
        CountDownLatch lateStarted = new CountDownLatch(1);
        CountDownLatch lateGo = new CountDownLatch(1);
        CountDownLatch lateIdle = new CountDownLatch(1);
        Thread[] started = new Thread[1];
        try {
            repair.check();
            repair.sweep();
            assertThat(repair.repaired()).as("nothing new yet").isZero();
            // A thread of the application, seen by a sweep, that makes itself idle later keeps its choice.
            lateChooser = Thread.ofPlatform().name("app-idle-later").start(() -> {
                lateTid.set(LibC.gettid());
                lateStarted.countDown();
                await(lateGo);
                setIdle();
                lateIdle.countDown();
                await(release);
            });
            lateStarted.await();
            repair.sweep();
            lateGo.countDown();
            lateIdle.await();
            // A "ring owner" under SCHED_IDLE runs filesystem code that starts a thread, then serves on (it
            // stays alive, so the number of threads grows, which is what check() looks at).
            CountDownLatch ownerDone = new CountDownLatch(1);
            owner = Thread.ofPlatform().name("fake-owner").start(() -> {
                setIdle();
                started[0] = Thread.ofPlatform().name("started-by-fs-code").start(() -> {
                    childTid.set(LibC.gettid());
                    childReady.countDown();
                    await(release);
                });
                try {
                    LibC.schedSetscheduler(0, LinuxConstants.SCHED_OTHER);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ownerDone.countDown();
                await(release);
            });
            ownerDone.await();
            child = started[0];
            childReady.await();
            assertThat(LibC.schedGetscheduler(childTid.get())).as("inherited").isEqualTo(LinuxConstants.SCHED_IDLE);
            repair.check();
            assertThat(LibC.schedGetscheduler(childTid.get())).as("switched back")
                    .isEqualTo(LinuxConstants.SCHED_OTHER);
            assertThat(LibC.schedGetscheduler(chosenTid.get())).as("idle by the application's choice")
                    .isEqualTo(LinuxConstants.SCHED_IDLE);
            assertThat(LibC.schedGetscheduler(lateTid.get())).as("made idle by the application after a sweep")
                    .isEqualTo(LinuxConstants.SCHED_IDLE);
            assertThat(repair.repaired()).isEqualTo(1);
            repair.sweep();
            assertThat(repair.repaired()).as("nothing left to repair").isEqualTo(1);
        } finally {
            release.countDown();
            chosen.join();
            if (child != null) {
                child.join();
            }
            if (owner != null) {
                owner.join();
            }
            lateGo.countDown();
            if (lateChooser != null) {
                lateChooser.join();
            }
            guard.close();
        }
    }

    private static void setIdle() {
        try {
            LibC.schedSetscheduler(0, LinuxConstants.SCHED_IDLE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
