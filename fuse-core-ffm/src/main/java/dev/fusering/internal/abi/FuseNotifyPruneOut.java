package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_prune_out} (16 bytes on x86_64, protocol 7.45): the body of the PRUNE
 * notification ({@link NotifyCode#PRUNE}, protocol 7.45), followed by {@code count} 64-bit node ids; the size
 * must be exactly 16 + 8 &times; count.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyPruneOut {

    /** Size of {@code struct fuse_notify_prune_out} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint32_t count} at 0: number of node ids that follow. */
    public static final long COUNT = 0;

    /** {@code uint32_t padding} at 4: padding. */
    public static final long PADDING = 4;

    /** {@code uint64_t spare} at 8: reserved. */
    public static final long SPARE = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("count"),
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("spare"));

    private FuseNotifyPruneOut() {
    }
}
