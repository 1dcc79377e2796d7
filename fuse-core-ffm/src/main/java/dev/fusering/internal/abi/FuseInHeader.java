package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_in_header} (40 bytes on x86_64, protocol 7.45): the header of every request:
 * /dev/fuse reads start with it, and in ring mode it is at offset 0 of {@link FuseUringReqHeader#IN_OUT}.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseInHeader {

    /** Size of {@code struct fuse_in_header} in bytes. */
    public static final long SIZE = 40;

    /**
     * {@code uint32_t len} at 0: total request length: header + all in args (in ring mode also header + op_in +
     * payload_sz).
     */
    public static final long LEN = 0;

    /** {@code uint32_t opcode} at 4: {@link Opcode}. */
    public static final long OPCODE = 4;

    /**
     * {@code uint64_t unique} at 8: request id; steps by 2, bit 0 is FUSE_INT_REQ_BIT, bit 63 FUSE_UNIQUE_RESEND.
     */
    public static final long UNIQUE = 8;

    /** {@code uint64_t nodeid} at 16: node id the request is about. */
    public static final long NODEID = 16;

    /** {@code uint32_t uid} at 24: caller's file system user id. */
    public static final long UID = 24;

    /** {@code uint32_t gid} at 28: caller's file system group id. */
    public static final long GID = 28;

    /** {@code uint32_t pid} at 32: caller's thread group id. */
    public static final long PID = 32;

    /** {@code uint16_t total_extlen} at 36: length of request extensions at the end, in 8-byte units. */
    public static final long TOTAL_EXTLEN = 36;

    /** {@code uint16_t padding} at 38: padding. */
    public static final long PADDING = 38;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),
            JAVA_INT.withName("opcode"),
            JAVA_LONG.withName("unique"),
            JAVA_LONG.withName("nodeid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_INT.withName("pid"),
            JAVA_SHORT.withName("total_extlen"),
            JAVA_SHORT.withName("padding"));

    private FuseInHeader() {
    }
}
