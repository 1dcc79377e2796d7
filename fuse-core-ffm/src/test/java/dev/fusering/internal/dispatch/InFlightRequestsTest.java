package dev.fusering.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import dev.fusering.testing.TestMounts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unique-to-request table behind FUSE_INTERRUPT: a mark only lands on the request it names, never on
 * the request that took over its slot, early INTERRUPTs are applied when the request registers, and the
 * interrupt of the running thread never reaches a later request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InFlightRequestsTest {

    private static final int GETATTR_IN = Math.max(0, Opcode.inArgSize(Opcode.GETATTR));

    /** Loads the next request into the slot (as a transport's begin) and registers it. */
    private static long arrive(TestSlot slot, InFlightRequests table) {
        slot.start(Opcode.GETATTR, 1);
        slot.writeHeader(GETATTR_IN);
        slot.ex.begin(slot.header, 0);
        table.register(slot.ex);
        return slot.ex.unique;
    }

    @Test
    void markForAUniqueNoLongerInFlightDoesNothing() {
        InFlightRequests table = new InFlightRequests(1);
        try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
            long first = arrive(slot, table);
            table.unregister(slot.ex);
            long second = arrive(slot, table);
            assertThat(second).isNotEqualTo(first);

            table.interrupt(first);

            assertThat(slot.ex.isInterrupted()).as("the slot's new request is not marked").isFalse();
            assertThat(slot.ex.markInterrupted(first)).as("a direct mark of the old unique fails").isFalse();
            assertThat(table.delivered()).isZero();

            table.interrupt(second);
            assertThat(slot.ex.isInterrupted()).isTrue();
            assertThat(table.delivered()).isEqualTo(1);
            table.unregister(slot.ex);
            assertThat(slot.ex.isInterrupted()).isFalse();
        }
    }

    @Test
    void interruptBeforeRegistrationIsAppliedWhenTheRequestArrives() {
        InFlightRequests table = new InFlightRequests(2);
        try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
            // the first unique a TestSlot hands out is 2
            table.interrupt(2);
            assertThat(table.pending()).isEqualTo(1);

            long unique = arrive(slot, table);

            assertThat(unique).isEqualTo(2);
            assertThat(slot.ex.isInterrupted()).isTrue();
            assertThat(table.pending()).isZero();
            assertThat(table.delivered()).isEqualTo(1);
        }
    }

    @Test
    void manyRequestsShareTheTableWithoutLosingOne() {
        InFlightRequests table = new InFlightRequests(8);
        TestSlot[] slots = new TestSlot[8];
        try {
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new TestSlot(Layout.SEPARATE);
                for (int skip = 0; skip < i * 7; skip++) {
                    slots[i].writeHeader(0); // spread the uniques
                }
            }
            for (int round = 0; round < 200; round++) {
                long[] uniques = new long[slots.length];
                for (int i = 0; i < slots.length; i++) {
                    uniques[i] = arrive(slots[i], table);
                }
                int victim = round % slots.length;
                table.interrupt(uniques[victim]);
                for (int i = 0; i < slots.length; i++) {
                    assertThat(slots[i].ex.isInterrupted()).as("round %d slot %d", round, i).isEqualTo(i == victim);
                    table.unregister(slots[i].ex);
                }
            }
            assertThat(table.pending()).isZero();
            assertThat(table.delivered()).isEqualTo(200);
        } finally {
            for (TestSlot s : slots) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    @Test
    void interruptReachesTheRunningThreadAndDoesNotLeakIntoTheNextRequest() throws Exception {
        InFlightRequests table = new InFlightRequests(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        AtomicLong running = new AtomicLong();
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                if (nodeId == 1) {
                    running.set(request.unique());
                    entered.countDown();
                    try {
                        new CountDownLatch(1).await(20, TimeUnit.SECONDS);
                        result.set("not interrupted");
                    } catch (InterruptedException e) {
                        result.set("interrupted flag=" + request.isInterrupted());
                        throw FuseException.of(Errno.EINTR);
                    }
                } else {
                    result.set("next request interrupted=" + Thread.currentThread().isInterrupted() + " flag="
                            + request.isInterrupted());
                }
                reply.attributes().ino(nodeId);
            }
        };
        Dispatcher d = new Dispatcher(fs, new DispatchConfig(0, 0, true, table, "test"));
        AtomicReference<Integer> firstError = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread platform = Thread.ofPlatform().name("inline-owner").start(() -> {
            try (TestSlot slot = new TestSlot(Layout.OVERLAPPING)) {
                arrive(slot, table);
                d.dispatch(slot.ex);
                firstError.set(slot.ex.error);
                table.unregister(slot.ex);
                try {
                    interrupted.await(); // a late INTERRUPT for the finished request arrives now
                } catch (InterruptedException e) {
                    second.set("owner interrupted while idle");
                    return;
                }
                slot.start(Opcode.GETATTR, 2);
                slot.writeHeader(GETATTR_IN);
                slot.ex.begin(slot.header, 0);
                table.register(slot.ex);
                d.dispatch(slot.ex);
                table.unregister(slot.ex);
                second.set(result.get());
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        table.interrupt(running.get());
        assertThat(TestMounts.await(Duration.ofSeconds(10), () -> firstError.get() != null)).isTrue();
        assertThat(firstError.get()).isEqualTo(Errno.EINTR.code());
        assertThat(result.get()).isEqualTo("interrupted flag=true");

        table.interrupt(running.get()); // again, after the request ended
        interrupted.countDown();
        platform.join(10_000);
        assertThat(second.get()).isEqualTo("next request interrupted=false flag=false");
    }

    @Test
    void lateInterruptsRacingWithSlotReuseNeverHitAnotherRequest() throws Exception {
        InFlightRequests table = new InFlightRequests(1);
        AtomicLong current = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong hits = new AtomicLong();
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                boolean target = (request.unique() & 2) == 0; // uniques 4, 8, 12, ... are targeted
                // a targeted request waits up to 200 us for its INTERRUPT, so that some certainly land; the
                // others return at once, which is when late INTERRUPTs for the previous request race with them
                long until = System.nanoTime() + (target ? 200_000 : 0);
                do {
                    Thread.onSpinWait();
                } while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()
                        && !request.isInterrupted());
                if (Thread.currentThread().isInterrupted() || request.isInterrupted()) {
                    if (!target) {
                        wrong.compareAndSet(null, "request " + request.unique() + " was interrupted");
                    }
                    hits.incrementAndGet();
                }
                reply.attributes().ino(nodeId);
            }
        };
        Dispatcher d = new Dispatcher(fs, new DispatchConfig(0, 0, true, table, "test"));
        int requests = 20_000;
        Thread worker = Thread.ofPlatform().name("slot-owner").start(() -> {
            try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
                for (int i = 0; i < requests; i++) {
                    current.set(arrive(slot, table));
                    d.dispatch(slot.ex);
                    table.unregister(slot.ex);
                }
            }
            current.set(-1);
        });
        long last = 0;
        while (current.get() >= 0) {
            long u = current.get();
            if (u != last && (u & 2) == 0) {
                table.interrupt(u); // often lands after the request ended and its slot moved on
                last = u;
            }
        }
        worker.join(30_000);
        assertThat(wrong.get()).isNull();
        assertThat(hits.get()).as("some interrupts did land").isPositive();
    }
}
