package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_delete_out} (24 bytes on x86_64, protocol 7.45): the body of the DELETE
 * notification ({@link NotifyCode#DELETE}), followed by the name and a NUL.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyDeleteOut {

    /** Size of {@code struct fuse_notify_delete_out} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t parent} at 0: node id of the parent directory. */
    public static final long PARENT = 0;

    /** {@code uint64_t child} at 8: node id of the deleted entry. */
    public static final long CHILD = 8;

    /** {@code uint32_t namelen} at 16: length of the name (without the NUL). */
    public static final long NAMELEN = 16;

    /** {@code uint32_t padding} at 20: padding. */
    public static final long PADDING = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("parent"),
            JAVA_LONG.withName("child"),
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("padding"));

    private FuseNotifyDeleteOut() {
    }
}
