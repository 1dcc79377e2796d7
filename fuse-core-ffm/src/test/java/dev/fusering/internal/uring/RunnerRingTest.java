package dev.fusering.internal.uring;

import static dev.fusering.internal.uring.IoUringConstants.IORING_OP_URING_CMD;
import static dev.fusering.internal.uring.IoUringConstants.IOSQE_FIXED_FILE;
import static dev.fusering.internal.uring.IoUringConstants.SQE_FD;
import static dev.fusering.internal.uring.IoUringConstants.SQE_FLAGS;
import static dev.fusering.internal.uring.IoUringConstants.SQE_OPCODE;
import static dev.fusering.internal.uring.IoUringConstants.SQE_USER_DATA;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ring of a runner that takes its entry over must be registered on this session's {@code /dev/fuse}. A
 * runner whose first request finishes after the session ended finds the descriptor number pointed at
 * {@code /dev/null}, where every {@code URING_CMD} completes with 0, which the runner took for a delivered
 * request (and ran its stale buffers again, in a loop).
 */
class RunnerRingTest {

    @Test
    void theNullDeviceCompletesEveryUringCmdWithZero() throws Exception {
        // the kernel behaviour the check in RunnerRing.create guards against
        int devNull = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try (IoUring ring = IoUring.createBest(2, 4)) {
            ring.registerFiles(devNull);
            MemorySegment sqe = ring.nextSqe();
            sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_URING_CMD);
            sqe.set(JAVA_BYTE, SQE_FLAGS, (byte) IOSQE_FIXED_FILE);
            sqe.set(JAVA_INT, SQE_FD, 0);
            sqe.set(JAVA_INT, 8, RingWorker.CMD_COMMIT_AND_FETCH);
            sqe.set(JAVA_LONG, SQE_USER_DATA, 15);
            assertThat(ring.submitAndWait(1)).isEqualTo(1);
            assertThat(ring.cqReady()).isEqualTo(1);
            assertThat(ring.cqeUserData(0)).isEqualTo(15);
            assertThat(ring.cqeRes(0)).as("URING_CMD COMMIT_AND_FETCH on /dev/null").isZero();
            ring.cqAdvance(1);
        } finally {
            LibC.close(devNull);
        }
    }

    @Test
    void aDescriptorRetiredToTheNullDeviceGetsNoRing() throws Exception {
        int devNull = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try {
            assertThat(RunnerRing.create(devNull)).as("a runner ring on /dev/null").isNull();
        } finally {
            LibC.close(devNull);
        }
    }

    @Test
    void theFuseDeviceGetsARing() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/fuse")), "needs read-write access to /dev/fuse");
        int devFuse;
        try {
            devFuse = LibC.open("/dev/fuse", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        } catch (NativeCallException e) {
            throw new AssertionError("/dev/fuse looks writable but cannot be opened", e);
        }
        try {
            RunnerRing ring = RunnerRing.create(devFuse);
            assertThat(ring).as("a runner ring on /dev/fuse").isNotNull();
            ring.close();
        } finally {
            LibC.close(devFuse);
        }
    }
}
