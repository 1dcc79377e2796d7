package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_uring_cmd_req} (24 bytes on x86_64, protocol 7.45): the FUSE command in the
 * 80-byte command area of a 128-byte SQE (IORING_OP_URING_CMD, cmd_op {@link FuseUringCmd}), at SQE byte
 * {@link #SQE_OFFSET}.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseUringCmdReq {

    /** Size of {@code struct fuse_uring_cmd_req} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t flags} at 0: flags, 0. */
    public static final long FLAGS = 0;

    /**
     * {@code uint64_t commit_id} at 8: COMMIT_AND_FETCH: the entry's {@link FuseUringEntInOut#COMMIT_ID};
     * REGISTER: 0.
     */
    public static final long COMMIT_ID = 8;

    /** {@code uint16_t qid} at 16: queue index 0..nr_possible_cpus-1, the same the entry was registered on. */
    public static final long QID = 16;

    /** {@code uint8_t padding[6]} at 18: {@code padding[6]}. */
    public static final long PADDING = 18;

    /** Offset of this struct inside the SQE ({@code sqe->cmd}). */
    public static final long SQE_OFFSET = 48;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),
            JAVA_LONG.withName("commit_id"),
            JAVA_SHORT.withName("qid"),
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("padding"));

    private FuseUringCmdReq() {
    }
}
