package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_inval_entry_out} (16 bytes on x86_64, protocol 7.45): the body of the
 * INVAL_ENTRY notification ({@link NotifyCode#INVAL_ENTRY}), followed by the name and a NUL; the write size
 * must be exact.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyInvalEntryOut {

    /** Size of {@code struct fuse_notify_inval_entry_out} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t parent} at 0: node id of the parent directory. */
    public static final long PARENT = 0;

    /** {@code uint32_t namelen} at 8: length of the name (without the NUL). */
    public static final long NAMELEN = 8;

    /** {@code uint32_t flags} at 12: {@link EntryFlags} bits. */
    public static final long FLAGS = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("parent"),
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("flags"));

    private FuseNotifyInvalEntryOut() {
    }
}
