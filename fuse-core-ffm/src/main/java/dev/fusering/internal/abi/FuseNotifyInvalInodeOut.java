package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_inval_inode_out} (24 bytes on x86_64, protocol 7.45): the body of the
 * INVAL_INODE notification ({@link NotifyCode#INVAL_INODE}).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyInvalInodeOut {

    /** Size of {@code struct fuse_notify_inval_inode_out} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t ino} at 0: node id of the inode. */
    public static final long INO = 0;

    /** {@code int64_t off} at 8: start of the page cache range to drop; negative: attributes only. */
    public static final long OFF = 8;

    /** {@code int64_t len} at 16: length of the range; 0 or less means to the end. */
    public static final long LEN = 16;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("len"));

    private FuseNotifyInvalInodeOut() {
    }
}
