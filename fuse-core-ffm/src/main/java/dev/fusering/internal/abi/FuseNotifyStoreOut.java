package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_store_out} (24 bytes on x86_64, protocol 7.45): the body of the STORE
 * notification ({@link NotifyCode#STORE}), followed by the data.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyStoreOut {

    /** Size of {@code struct fuse_notify_store_out} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t nodeid} at 0: node id of the inode. */
    public static final long NODEID = 0;

    /** {@code uint64_t offset} at 8: file offset of the data. */
    public static final long OFFSET = 8;

    /** {@code uint32_t size} at 16: number of data bytes that follow. */
    public static final long SIZE_FIELD = 16;

    /** {@code uint32_t padding} at 20: padding. */
    public static final long PADDING = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nodeid"),
            JAVA_LONG.withName("offset"),
            JAVA_INT.withName("size"),
            JAVA_INT.withName("padding"));

    private FuseNotifyStoreOut() {
    }
}
