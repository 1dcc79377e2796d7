package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_sx_time} (16 bytes on x86_64, protocol 7.45): a statx(2) timestamp inside
 * {@link FuseStatx}.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseSxTime {

    /** Size of {@code struct fuse_sx_time} in bytes. */
    public static final long SIZE = 16;

    /** {@code int64_t tv_sec} at 0: seconds since the epoch (signed). */
    public static final long TV_SEC = 0;

    /** {@code uint32_t tv_nsec} at 8: nanoseconds. */
    public static final long TV_NSEC = 8;

    /** {@code int32_t reserved} at 12: {@code __reserved}: must be 0. */
    public static final long RESERVED = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            JAVA_INT.withName("reserved"));

    private FuseSxTime() {
    }
}
