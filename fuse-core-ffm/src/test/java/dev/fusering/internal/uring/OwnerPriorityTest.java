package dev.fusering.internal.uring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import dev.fusering.internal.linux.Allocations;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.testing.JvmThreads;
import dev.fusering.testing.TestMounts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The decisions of {@link OwnerPriorityGuard}, driven directly with the calling thread as the owner (it
 * switches itself to SCHED_IDLE and back, so the tests need CAP_SYS_NICE), and its reading of a thread's
 * state from {@code /proc/self/task/TID/stat}.
 */
class OwnerPriorityTest {

    private static final long MS = 1_000_000L;
    /** A third policy, to see whether the owner calls sched_setscheduler again. */
    private static final int SCHED_BATCH = 3;

    private static char state(String stat) {
        byte[] bytes = stat.getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(bytes.length + 16);
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return ProcStatLine.state(s, bytes.length);
        }
    }

    @Test
    void readsTheStateAfterTheCommandName() {
        assertThat(state("4711 (fuse-ring-0) R 1 4700 4700 0 -1 4194368 0 0 0 0")).isEqualTo('R');
        assertThat(state("4711 (fuse-ring-1) S 1 4700 4700 0 -1 4194368 0 0 0 0")).isEqualTo('S');
    }

    @Test
    void aCommandNameWithParenthesesAndSpacesDoesNotConfuseIt() {
        assertThat(state("4711 (a) R (b) S 1 4700 4700 0")).isEqualTo('S');
    }

    @Test
    void malformedInputGivesQuestionMark() {
        assertThat(state("4711 no parenthesis")).isEqualTo('?');
        assertThat(state("4711 (cut)")).isEqualTo('?');
    }

    @Test
    void theStateOfTheCallingThreadIsRunning() throws Exception {
        int tid = LibC.gettid();
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        assertThat(state(stat)).isEqualTo('R');
    }

    private static int myPolicy() {
        return JvmThreads.policy(LibC.gettid());
    }

    private static void assumeNice() {
        String refusal = OwnerPriorityGuard.leaveSchedIdleRefusal();
        if (refusal != null && TestMounts.inCi()) {
            throw new AssertionError("CI runs as root and must be able to leave SCHED_IDLE: " + refusal);
        }
        Assumptions.assumeTrue(refusal == null, "cannot leave SCHED_IDLE here: " + refusal);
    }

    /** A test body that plays the ring owner on the calling thread. */
    private interface AsOwner {
        void run(OwnerPriorityGuard guard, OwnerPriority owner) throws Exception;
    }

    /** Runs {@code body} with the calling thread attached as an owner of an unstarted guard, then cleans up. */
    private static void asOwner(LongSupplier requests, AsOwner body) throws Exception {
        assumeNice();
        OwnerPriorityGuard guard = OwnerPriorityGuard.unstarted("test");
        try {
            body.run(guard, guard.attach(requests));
        } finally {
            LibC.schedSetscheduler(0, LinuxConstants.SCHED_OTHER);
            guard.close();
        }
    }

    @Test
    void theFirstWaitEntersIdleModeAndToNormalSwitchesBack() throws Exception {
        asOwner(() -> 0, (guard, p) -> {
            assertThat(p.isIdleMode()).isFalse();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
            p.beforeWait();
            assertThat(p.isIdleMode()).isTrue();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_IDLE);
            p.toNormal();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
            assertThat(p.idleWaits()).isEqualTo(1);
            p.beforeWait();
            assertThat(myPolicy()).as("the next wait, still in idle mode").isEqualTo(LinuxConstants.SCHED_IDLE);
            p.toNormal();
        });
    }

    @Test
    void theOwnerStaysUnderSchedIdleFromWaitToWait() throws Exception {
        asOwner(() -> 0, (guard, p) -> {
            p.beforeWait();
            LibC.schedSetscheduler(0, SCHED_BATCH);
            // Had the owner switched again, the thread would be SCHED_IDLE instead of the marker policy.
            p.beforeWait();
            p.beforeWait();
            assertThat(myPolicy()).as("one sched_setscheduler, at the first wait").isEqualTo(SCHED_BATCH);
            assertThat(p.idleWaits()).as("every wait counts as idle").isEqualTo(3);
            p.toNormal();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
        });
    }

    @Test
    void anOwnerThatTheGuardSwitchedBackSwitchesToSchedIdleAgainWhenAllowed() throws Exception {
        asOwner(() -> 0, (guard, p) -> {
            p.beforeWait();
            assertThat(p.leaveIdleMode(System.nanoTime())).isTrue();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
            p.beforeWait();
            assertThat(p.isIdleMode()).isTrue();
            assertThat(myPolicy()).as("not fooled by its own stale belief").isEqualTo(LinuxConstants.SCHED_IDLE);
            p.toNormal();
        });
    }

    @Test
    void idleWaitsAllocateNothing() throws Exception {
        asOwner(() -> 0, (guard, p) -> {
            long allocated = Allocations.steadyState(() -> {
                p.beforeWait();
                p.toNormal();
            });
            assertThat(allocated).as("bytes per 10,000 waits").isLessThan(1024);
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
        });
    }

    @Test
    void quietOwnersLeaveIdleModeAfterASecond() throws Exception {
        AtomicLong requests = new AtomicLong();
        asOwner(requests::get, (guard, p) -> {
            p.beforeWait();
            p.toNormal();
            long t0 = System.nanoTime();
            assertThat(guard.look(p, t0)).as("just waited idle: watched").isTrue();
            requests.incrementAndGet();
            assertThat(guard.look(p, t0 + 500 * MS)).as("progress, within the quiet time").isTrue();
            assertThat(guard.look(p, t0 + OwnerPriorityGuard.QUIET_NANOS + MS)).as("no idle wait for 1 s")
                    .isFalse();
            assertThat(p.isIdleMode()).isFalse();
            assertThat(guard.starvations()).isZero();
            p.beforeWait();
            assertThat(p.isIdleMode()).as("re-enters idle mode at its next wait").isTrue();
            p.toNormal();
        });
    }

    @Test
    void theQuietClockStartsWhenTheOwnerEntersIdleModeNotAtItsLastIdleWait() throws Exception {
        asOwner(() -> 0, (guard, p) -> {
            p.beforeWait();
            p.toNormal();
            long t0 = System.nanoTime();
            assertThat(guard.look(p, t0)).isTrue();
            assertThat(guard.look(p, t0 + OwnerPriorityGuard.QUIET_NANOS)).as("quiet: idle mode ends").isFalse();
            // Much later the owner enters idle mode again; the guard looks before its first idle wait counts.
            long later = t0 + 10 * OwnerPriorityGuard.QUIET_NANOS;
            assertThat(p.enterIdleMode()).isTrue();
            assertThat(guard.look(p, later)).as("just entered: watched, not quiet").isTrue();
            assertThat(p.isIdleMode()).isTrue();
            assertThat(guard.look(p, later + OwnerPriorityGuard.QUIET_NANOS)).as("then quiet again").isFalse();
        });
    }

    @Test
    void aRunnableOwnerWithoutProgressCountsAsStarvedAndIsHeldAtSchedOther() throws Exception {
        asOwner(() -> 7, (guard, p) -> {
            p.beforeWait();
            // This thread is running, so it reads as 'R'; its request count never moves. The looks are dated
            // a minute ahead, so the hold outlasts this test whatever the machine's load.
            long now = System.nanoTime() + 60_000 * MS;
            assertThat(guard.look(p, now)).as("first look: the counts are new").isTrue();
            assertThat(guard.look(p, now + 2 * MS)).as("first stalled look").isTrue();
            assertThat(guard.look(p, now + 4 * MS)).as("second stalled look: starved").isFalse();
            assertThat(guard.starvations()).isEqualTo(1);
            assertThat(myPolicy()).as("switched back by the guard").isEqualTo(LinuxConstants.SCHED_OTHER);
            p.beforeWait();
            assertThat(p.isIdleMode()).as("held at SCHED_OTHER").isFalse();
            assertThat(myPolicy()).isEqualTo(LinuxConstants.SCHED_OTHER);
            assertThat(p.lastHoldNanos).as("the first hold").isEqualTo(OwnerPriorityGuard.INITIAL_HOLD_NANOS);
        });
    }

    /**
     * Starves the owner (three looks from {@code at}, 2 ms apart), then lets it enter idle mode again: the
     * looks are dated in the past, so the hold has ended in real time.
     */
    private static void starve(OwnerPriorityGuard guard, OwnerPriority p, long at) {
        p.beforeWait();
        assertThat(p.isIdleMode()).as("in idle mode before the looks").isTrue();
        assertThat(guard.look(p, at)).isTrue();
        assertThat(guard.look(p, at + 2 * MS)).isTrue();
        assertThat(guard.look(p, at + 4 * MS)).as("starved").isFalse();
    }

    /**
     * Starves the owner twice, the second time 1 ms after the first hold ended (a task that keeps the CPU), and
     * checks that the hold doubled.
     *
     * @return when the second hold ends, in the looks' time
     */
    private static long starvedTwiceInARow(OwnerPriorityGuard guard, OwnerPriority p) {
        long hold = OwnerPriorityGuard.INITIAL_HOLD_NANOS;
        long first = System.nanoTime() - 60_000 * MS;
        starve(guard, p, first);
        assertThat(p.lastHoldNanos).as("the first hold").isEqualTo(hold);
        long second = first + 4 * MS + hold + MS;
        starve(guard, p, second);
        assertThat(p.lastHoldNanos).as("doubled").isEqualTo(2 * hold);
        return second + 4 * MS + 2 * hold;
    }

    @Test
    void anOwnerStarvedAgainSoonAfterItsHoldEndedIsHeldTwiceAsLong() throws Exception {
        asOwner(() -> 7, (guard, p) -> {
            long secondHoldEnd = starvedTwiceInARow(guard, p);
            starve(guard, p, secondHoldEnd + MS);
            assertThat(p.lastHoldNanos).as("doubled again").isEqualTo(4 * OwnerPriorityGuard.INITIAL_HOLD_NANOS);
            assertThat(guard.starvations()).isEqualTo(3);
        });
    }

    @Test
    void anOwnerStarvedLongAfterItsHoldEndedStartsOverWithTheShortHold() throws Exception {
        asOwner(() -> 7, (guard, p) -> {
            long secondHoldEnd = starvedTwiceInARow(guard, p);
            // A burst (say the JIT compiling) that ended: the next starvation comes long after that hold ended.
            starve(guard, p, secondHoldEnd + 2 * 2 * OwnerPriorityGuard.INITIAL_HOLD_NANOS);
            assertThat(p.lastHoldNanos).as("started over").isEqualTo(OwnerPriorityGuard.INITIAL_HOLD_NANOS);
        });
    }

    @Test
    void aSleepingOwnerIsNotStarved() throws Exception {
        assumeNice();
        OwnerPriorityGuard guard = OwnerPriorityGuard.unstarted("test");
        CountDownLatch attached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<OwnerPriority> owner = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            OwnerPriority p = guard.attach(() -> 0);
            p.beforeWait();
            owner.set(p);
            attached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.detach();
        });
        try {
            attached.await();
            Thread.sleep(50);
            OwnerPriority p = owner.get();
            long now = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(guard.look(p, now + i * 2 * MS)).as("look %d at a sleeping owner", i).isTrue();
            }
            assertThat(guard.starvations()).isZero();
        } finally {
            release.countDown();
            t.join();
            guard.close();
        }
    }
}
