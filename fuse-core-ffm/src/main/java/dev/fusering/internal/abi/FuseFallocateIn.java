package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_fallocate_in} (32 bytes on x86_64, protocol 7.45): the argument of FALLOCATE.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseFallocateIn {

    /** Size of {@code struct fuse_fallocate_in} in bytes. */
    public static final long SIZE = 32;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint64_t offset} at 8: start of the range. */
    public static final long OFFSET = 8;

    /** {@code uint64_t length} at 16: length of the range. */
    public static final long LENGTH = 16;

    /** {@code uint32_t mode} at 24: fallocate(2) mode bits. */
    public static final long MODE = 24;

    /** {@code uint32_t padding} at 28: padding. */
    public static final long PADDING = 28;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("offset"),
            JAVA_LONG.withName("length"),
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("padding"));

    private FuseFallocateIn() {
    }
}
