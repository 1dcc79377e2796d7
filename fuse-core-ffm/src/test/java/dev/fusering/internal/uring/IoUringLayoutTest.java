package dev.fusering.internal.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.internal.linux.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/**
 * Checks the io_uring offsets used by {@link IoUring} against C-like struct layouts written from
 * {@code include/uapi/linux/io_uring.h}, and against what the kernel fills in.
 */
class IoUringLayoutTest {

    private static final StructLayout SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));

    private static final StructLayout CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));

    private static final StructLayout PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"), JAVA_INT.withName("cq_entries"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"), JAVA_INT.withName("sq_thread_idle"), JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQRING_OFFSETS.withName("sq_off"), CQRING_OFFSETS.withName("cq_off"));

    private static final StructLayout SQE_HEAD = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"), JAVA_BYTE.withName("flags"), JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"), JAVA_LONG.withName("off"), JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"), JAVA_INT.withName("rw_flags"), JAVA_LONG.withName("user_data"),
            JAVA_LONG.withName("buf_index_personality_file_index"), MemoryLayout.sequenceLayout(80, JAVA_BYTE)
                    .withName("cmd"));

    private static final StructLayout CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"), JAVA_INT.withName("res"), JAVA_INT.withName("flags"));

    private static long off(StructLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    @Test
    void paramsOffsets() {
        assertThat(PARAMS.byteSize()).isEqualTo(IoUringConstants.PARAMS_SIZE).isEqualTo(120);
        assertThat(SQRING_OFFSETS.byteSize()).isEqualTo(40);
        assertThat(CQRING_OFFSETS.byteSize()).isEqualTo(40);
        assertThat(off(PARAMS, "sq_entries")).isEqualTo(IoUringConstants.PARAMS_SQ_ENTRIES);
        assertThat(off(PARAMS, "cq_entries")).isEqualTo(IoUringConstants.PARAMS_CQ_ENTRIES);
        assertThat(off(PARAMS, "flags")).isEqualTo(IoUringConstants.PARAMS_FLAGS);
        assertThat(off(PARAMS, "sq_thread_cpu")).isEqualTo(IoUringConstants.PARAMS_SQ_THREAD_CPU);
        assertThat(off(PARAMS, "sq_thread_idle")).isEqualTo(IoUringConstants.PARAMS_SQ_THREAD_IDLE);
        assertThat(off(PARAMS, "features")).isEqualTo(IoUringConstants.PARAMS_FEATURES);
        assertThat(off(PARAMS, "wq_fd")).isEqualTo(IoUringConstants.PARAMS_WQ_FD);
        assertThat(off(PARAMS, "sq_off")).isEqualTo(IoUringConstants.PARAMS_SQ_OFF);
        assertThat(off(PARAMS, "cq_off")).isEqualTo(IoUringConstants.PARAMS_CQ_OFF);
    }

    @Test
    void ringOffsetBlocks() {
        assertThat(off(SQRING_OFFSETS, "head")).isEqualTo(IoUringConstants.SQ_OFF_HEAD);
        assertThat(off(SQRING_OFFSETS, "tail")).isEqualTo(IoUringConstants.SQ_OFF_TAIL);
        assertThat(off(SQRING_OFFSETS, "ring_mask")).isEqualTo(IoUringConstants.SQ_OFF_RING_MASK);
        assertThat(off(SQRING_OFFSETS, "ring_entries")).isEqualTo(IoUringConstants.SQ_OFF_RING_ENTRIES);
        assertThat(off(SQRING_OFFSETS, "flags")).isEqualTo(IoUringConstants.SQ_OFF_FLAGS);
        assertThat(off(SQRING_OFFSETS, "dropped")).isEqualTo(IoUringConstants.SQ_OFF_DROPPED);
        assertThat(off(SQRING_OFFSETS, "array")).isEqualTo(IoUringConstants.SQ_OFF_ARRAY);
        assertThat(off(CQRING_OFFSETS, "head")).isEqualTo(IoUringConstants.CQ_OFF_HEAD);
        assertThat(off(CQRING_OFFSETS, "tail")).isEqualTo(IoUringConstants.CQ_OFF_TAIL);
        assertThat(off(CQRING_OFFSETS, "ring_mask")).isEqualTo(IoUringConstants.CQ_OFF_RING_MASK);
        assertThat(off(CQRING_OFFSETS, "ring_entries")).isEqualTo(IoUringConstants.CQ_OFF_RING_ENTRIES);
        assertThat(off(CQRING_OFFSETS, "overflow")).isEqualTo(IoUringConstants.CQ_OFF_OVERFLOW);
        assertThat(off(CQRING_OFFSETS, "cqes")).isEqualTo(IoUringConstants.CQ_OFF_CQES);
        assertThat(off(CQRING_OFFSETS, "flags")).isEqualTo(IoUringConstants.CQ_OFF_FLAGS);
    }

    @Test
    void sqeAndCqeOffsets() {
        assertThat(SQE_HEAD.byteSize()).isEqualTo(IoUringConstants.SQE_SIZE);
        assertThat(off(SQE_HEAD, "opcode")).isEqualTo(IoUringConstants.SQE_OPCODE);
        assertThat(off(SQE_HEAD, "flags")).isEqualTo(IoUringConstants.SQE_FLAGS);
        assertThat(off(SQE_HEAD, "ioprio")).isEqualTo(IoUringConstants.SQE_IOPRIO);
        assertThat(off(SQE_HEAD, "fd")).isEqualTo(IoUringConstants.SQE_FD);
        assertThat(off(SQE_HEAD, "off")).isEqualTo(IoUringConstants.SQE_OFF).isEqualTo(IoUringConstants.SQE_CMD_OP);
        assertThat(off(SQE_HEAD, "addr")).isEqualTo(IoUringConstants.SQE_ADDR);
        assertThat(off(SQE_HEAD, "len")).isEqualTo(IoUringConstants.SQE_LEN);
        assertThat(off(SQE_HEAD, "rw_flags")).isEqualTo(IoUringConstants.SQE_OP_FLAGS);
        assertThat(off(SQE_HEAD, "user_data")).isEqualTo(IoUringConstants.SQE_USER_DATA);
        assertThat(off(SQE_HEAD, "cmd")).isEqualTo(IoUringConstants.SQE_CMD);
        assertThat(CQE.byteSize()).isEqualTo(IoUringConstants.CQE_SIZE);
        assertThat(off(CQE, "user_data")).isEqualTo(IoUringConstants.CQE_USER_DATA);
        assertThat(off(CQE, "res")).isEqualTo(IoUringConstants.CQE_RES);
        assertThat(off(CQE, "flags")).isEqualTo(IoUringConstants.CQE_FLAGS);
    }

    @Test
    void kernelFillsTheOffsetsWhereExpected() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(PARAMS);
            params.set(JAVA_INT, IoUringConstants.PARAMS_FLAGS,
                    IoUringConstants.IORING_SETUP_SQE128 | IoUringConstants.IORING_SETUP_CQSIZE);
            params.set(JAVA_INT, IoUringConstants.PARAMS_CQ_ENTRIES, 16);
            int fd = LibC.ioUringSetup(8, params);
            try {
                assertThat(params.get(JAVA_INT, IoUringConstants.PARAMS_SQ_ENTRIES)).isEqualTo(8);
                assertThat(params.get(JAVA_INT, IoUringConstants.PARAMS_CQ_ENTRIES)).isEqualTo(16);
                long sq = IoUringConstants.PARAMS_SQ_OFF;
                long cq = IoUringConstants.PARAMS_CQ_OFF;
                // The kernel places head before tail, and the index array / CQE array after the indices.
                assertThat(params.get(JAVA_INT, sq + IoUringConstants.SQ_OFF_TAIL))
                        .isGreaterThan(params.get(JAVA_INT, sq + IoUringConstants.SQ_OFF_HEAD));
                assertThat(params.get(JAVA_INT, sq + IoUringConstants.SQ_OFF_ARRAY))
                        .isGreaterThan(params.get(JAVA_INT, sq + IoUringConstants.SQ_OFF_RING_ENTRIES));
                assertThat(params.get(JAVA_INT, cq + IoUringConstants.CQ_OFF_CQES))
                        .isGreaterThan(params.get(JAVA_INT, cq + IoUringConstants.CQ_OFF_RING_ENTRIES));
                assertThat(params.get(JAVA_INT, cq + IoUringConstants.CQ_OFF_CQES) % 16).isZero();
                assertThat(params.get(JAVA_INT, IoUringConstants.PARAMS_FEATURES)
                        & IoUringConstants.IORING_FEAT_SINGLE_MMAP).isNotZero();
            } finally {
                LibC.close(fd);
            }
        }
    }
}
