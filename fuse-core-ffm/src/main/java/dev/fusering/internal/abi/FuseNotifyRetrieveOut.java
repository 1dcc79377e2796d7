package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_retrieve_out} (32 bytes on x86_64, protocol 7.45): the body of the
 * RETRIEVE notification ({@link NotifyCode#RETRIEVE}); the kernel answers with a NOTIFY_REPLY request.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyRetrieveOut {

    /** Size of {@code struct fuse_notify_retrieve_out} in bytes. */
    public static final long SIZE = 32;

    /**
     * {@code uint64_t notify_unique} at 0: id chosen by the server, echoed in the NOTIFY_REPLY request's unique.
     */
    public static final long NOTIFY_UNIQUE = 0;

    /** {@code uint64_t nodeid} at 8: node id of the inode. */
    public static final long NODEID = 8;

    /** {@code uint64_t offset} at 16: file offset to retrieve. */
    public static final long OFFSET = 16;

    /** {@code uint32_t size} at 24: number of bytes to retrieve. */
    public static final long SIZE_FIELD = 24;

    /** {@code uint32_t padding} at 28: padding. */
    public static final long PADDING = 28;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("notify_unique"),
            JAVA_LONG.withName("nodeid"),
            JAVA_LONG.withName("offset"),
            JAVA_INT.withName("size"),
            JAVA_INT.withName("padding"));

    private FuseNotifyRetrieveOut() {
    }
}
