package dev.fusering.internal.uring;

import static dev.fusering.internal.uring.IoUringConstants.IORING_OP_NOP;
import static dev.fusering.internal.uring.IoUringConstants.IORING_OP_READ;
import static dev.fusering.internal.uring.IoUringConstants.SQE_ADDR;
import static dev.fusering.internal.uring.IoUringConstants.SQE_FD;
import static dev.fusering.internal.uring.IoUringConstants.SQE_LEN;
import static dev.fusering.internal.uring.IoUringConstants.SQE_OFF;
import static dev.fusering.internal.uring.IoUringConstants.SQE_OPCODE;
import static dev.fusering.internal.uring.IoUringConstants.SQE_USER_DATA;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.Allocations;
import dev.fusering.internal.linux.LinuxConstants;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IoUringTest {

    private static void nop(IoUring ring, long userData) {
        MemorySegment sqe = ring.nextSqe();
        assertThat(sqe).isNotNull();
        sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_NOP);
        sqe.set(JAVA_LONG, SQE_USER_DATA, userData);
    }

    @Test
    void plainRingRunsANop() throws Exception {
        try (IoUring ring = IoUring.create(8, 16, 0)) {
            assertThat(ring.setupFlags()).isEqualTo(
                    IoUringConstants.IORING_SETUP_SQE128 | IoUringConstants.IORING_SETUP_CQSIZE);
            assertThat(ring.sqEntries()).isEqualTo(8);
            assertThat(ring.cqEntries()).isEqualTo(16);
            assertThat(ring.fd()).isGreaterThanOrEqualTo(0);
            nop(ring, 42);
            assertThat(ring.pendingSubmissions()).isEqualTo(1);
            assertThat(ring.submitAndWait(1)).isEqualTo(1);
            assertThat(ring.pendingSubmissions()).isZero();
            assertThat(ring.cqReady()).isEqualTo(1);
            assertThat(ring.cqeUserData(0)).isEqualTo(42);
            assertThat(ring.cqeRes(0)).isZero();
            assertThat(ring.cqeFlags(0)).isZero();
            ring.cqAdvance(1);
            assertThat(ring.cqReady()).isZero();
        }
    }

    @Test
    void bestRingRunsThreeNopsInOneEnter() throws Exception {
        try (IoUring ring = IoUring.createBest(4, 8)) {
            int wanted = IoUringConstants.IORING_SETUP_SINGLE_ISSUER | IoUringConstants.IORING_SETUP_DEFER_TASKRUN;
            // Kernel 6.1+ supports both; this machine runs 6.18.
            assertThat(ring.setupFlags() & wanted).isEqualTo(wanted);
            nop(ring, 1);
            nop(ring, 2);
            nop(ring, 3);
            assertThat(ring.submitAndWait(3)).isEqualTo(3);
            assertThat(ring.cqReady()).isEqualTo(3);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertThat(ring.cqeRes(i)).isZero();
                seen.add(ring.cqeUserData(i));
            }
            ring.cqAdvance(3);
            assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L);
        }
    }

    @Test
    void readOnEventfdCompletesWhenAnotherThreadWrites() throws Exception {
        for (boolean best : new boolean[] {false, true}) {
            int efd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
            try (IoUring ring = best ? IoUring.createBest(4, 8) : IoUring.create(4, 8, 0);
                    Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(8, 8);
                MemorySegment sqe = ring.nextSqe();
                sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_READ);
                sqe.set(JAVA_INT, SQE_FD, efd);
                sqe.set(JAVA_LONG, SQE_OFF, 0);
                sqe.set(JAVA_LONG, SQE_ADDR, buf.address());
                sqe.set(JAVA_INT, SQE_LEN, 8);
                sqe.set(JAVA_LONG, SQE_USER_DATA, 7);
                assertThat(ring.submitAndWait(0)).isEqualTo(1);
                assertThat(ring.cqReady()).isZero();

                Thread writer = Thread.ofPlatform().start(() -> {
                    try (Arena local = Arena.ofConfined()) {
                        Thread.sleep(100);
                        MemorySegment one = local.allocate(8, 8);
                        one.set(JAVA_LONG, 0, 3);
                        LibC.writeRaw(efd, one, 8);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                int r;
                do {
                    r = ring.submitAndWait(1);
                } while (r == -Errno.EINTR.code());
                writer.join();
                assertThat(r).isGreaterThanOrEqualTo(0);
                assertThat(ring.cqReady()).isEqualTo(1);
                assertThat(ring.cqeUserData(0)).isEqualTo(7);
                assertThat(ring.cqeRes(0)).isEqualTo(8);
                assertThat(buf.get(JAVA_LONG, 0)).isEqualTo(3);
                ring.cqAdvance(1);
            } finally {
                LibC.close(efd);
            }
        }
    }

    @Test
    void waitWithTimeoutReturnsEtime() throws Exception {
        try (IoUring ring = IoUring.create(4, 8, 0)) {
            long start = System.nanoTime();
            assertThat(ring.submitAndWait(1, 50_000_000L)).isEqualTo(-Errno.ETIME.code());
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
            nop(ring, 9);
            assertThat(ring.submitAndWait(1, 1_000_000_000L)).isEqualTo(1);
            assertThat(ring.cqReady()).isEqualTo(1);
            ring.cqAdvance(1);
        }
    }

    @Test
    void fullSubmissionQueueReturnsNull() throws Exception {
        try (IoUring ring = IoUring.create(4, 8, 0)) {
            for (int i = 0; i < 4; i++) {
                nop(ring, 100 + i);
            }
            assertThat(ring.nextSqe()).isNull();
            assertThat(ring.pendingSubmissions()).isEqualTo(4);
            assertThat(ring.submitAndWait(4)).isEqualTo(4);
            assertThat(ring.cqReady()).isEqualTo(4);
            ring.cqAdvance(4);
            assertThat(ring.nextSqe()).isNotNull();
        }
    }

    @Test
    void sqesAreZeroFilledAndRingsWrapAround() throws Exception {
        try (IoUring ring = IoUring.create(4, 4, 0)) {
            long next = 0;
            for (int round = 0; round < 25; round++) {
                for (int i = 0; i < 3; i++) {
                    MemorySegment sqe = ring.nextSqe();
                    for (long off = 0; off < IoUringConstants.SQE_SIZE; off += 8) {
                        assertThat(sqe.get(JAVA_LONG, off)).isZero();
                    }
                    sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_NOP);
                    sqe.set(JAVA_LONG, SQE_USER_DATA, next++);
                    sqe.set(JAVA_LONG, 64, -1L); // dirty the second half; must be cleared next time
                }
                assertThat(ring.submitAndWait(3)).isEqualTo(3);
                assertThat(ring.cqReady()).isEqualTo(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(ring.cqeUserData(i)).isEqualTo(next - 3 + i);
                }
                ring.cqAdvance(3);
            }
        }
    }

    @Test
    void closeIsIdempotentAndGuardsMemory() throws Exception {
        IoUring ring = IoUring.create(4, 8, 0);
        ring.close();
        ring.close();
        assertThatThrownBy(ring::nextSqe).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ring::cqReady).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> IoUring.create(0, 8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IoUring.create(8, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerFilesAcceptsAnFd() throws Exception {
        int efd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
        try (IoUring ring = IoUring.create(4, 8, 0)) {
            ring.registerFiles(efd);
        } finally {
            LibC.close(efd);
        }
    }

    @Test
    void submitAndReapDoNotAllocateOnceCompiled() throws Exception {
        try (IoUring ring = IoUring.createBest(8, 16)) {
            long[] counterAndSum = new long[2];
            long allocated = Allocations.steadyState(() -> counterAndSum[1] += cycle(ring, counterAndSum[0]++));
            assertThat(counterAndSum[1]).isPositive();
            assertThat(allocated).as("bytes allocated by 10k NOP cycles once JIT-compiled").isLessThan(1024);
        }
    }

    private static long cycle(IoUring ring, long userData) {
        MemorySegment sqe = ring.nextSqe();
        sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_NOP);
        sqe.set(JAVA_LONG, SQE_USER_DATA, userData + 1);
        ring.submitAndWait(1);
        long sum = 0;
        int n = ring.cqReady();
        for (int i = 0; i < n; i++) {
            sum += ring.cqeUserData(i) + ring.cqeRes(i);
        }
        ring.cqAdvance(n);
        return sum;
    }
}
