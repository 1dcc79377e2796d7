package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_uring_req_header} (288 bytes on x86_64, protocol 7.45): the header buffer
 * (iov[0]) of every FUSE-over-io_uring entry: request in-header or reply out-header, the per-opcode struct
 * (in_args[0]) and the {@link FuseUringEntInOut} control block. The request payload (in_args[1..]) and the
 * reply body live in the separate payload buffer (iov[1]).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseUringReqHeader {

    /** Size of {@code struct fuse_uring_req_header} in bytes. */
    public static final long SIZE = 288;

    /**
     * {@code uint8_t in_out[128]} at 0: request: {@link FuseInHeader} (40 bytes); reply: {@link FuseOutHeader} (16
     * bytes).
     */
    public static final long IN_OUT = 0;

    /** {@code uint8_t op_in[128]} at 128: in_args[0], the per-opcode struct (may be empty). */
    public static final long OP_IN = 128;

    /**
     * {@code struct fuse_uring_ent_in_out ring_ent_in_out} at 256: the control block ({@link FuseUringEntInOut}).
     */
    public static final long RING_ENT_IN_OUT = 256;

    /** {@code FUSE_URING_IN_OUT_HEADER_SZ}: size of the {@link #IN_OUT} area. */
    public static final long IN_OUT_HEADER_SZ = 128;

    /** {@code FUSE_URING_OP_IN_OUT_SZ}: size of the {@link #OP_IN} area. */
    public static final long OP_IN_OUT_SZ = 128;

    /** Absolute offset of {@code ring_ent_in_out.commit_id} in the header buffer. */
    public static final long RING_ENT_COMMIT_ID = RING_ENT_IN_OUT + FuseUringEntInOut.COMMIT_ID;

    /** Absolute offset of {@code ring_ent_in_out.payload_sz} in the header buffer. */
    public static final long RING_ENT_PAYLOAD_SZ = RING_ENT_IN_OUT + FuseUringEntInOut.PAYLOAD_SZ;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("in_out"),
            MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("op_in"),
            FuseUringEntInOut.LAYOUT.withName("ring_ent_in_out"));

    private FuseUringReqHeader() {
    }
}
