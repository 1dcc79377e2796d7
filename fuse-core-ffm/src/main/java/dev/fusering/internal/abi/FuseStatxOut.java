package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_statx_out} (288 bytes on x86_64, protocol 7.45): the reply of STATX.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseStatxOut {

    /** Size of {@code struct fuse_statx_out} in bytes. */
    public static final long SIZE = 288;

    /** {@code uint64_t attr_valid} at 0: attribute cache timeout, seconds. */
    public static final long ATTR_VALID = 0;

    /** {@code uint32_t attr_valid_nsec} at 8: attribute cache timeout, nanoseconds. */
    public static final long ATTR_VALID_NSEC = 8;

    /** {@code uint32_t flags} at 12: {@link AttrFlags} bits. */
    public static final long FLAGS = 12;

    /** {@code uint64_t spare[2]} at 16: {@code spare[2]}: reserved. */
    public static final long SPARE = 16;

    /** {@code struct fuse_statx stat} at 32: the attributes ({@link FuseStatx}). */
    public static final long STAT = 32;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("attr_valid"),
            JAVA_INT.withName("attr_valid_nsec"),
            JAVA_INT.withName("flags"),
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("spare"),
            FuseStatx.LAYOUT.withName("stat"));

    private FuseStatxOut() {
    }
}
