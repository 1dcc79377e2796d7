package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_lseek_in} (24 bytes on x86_64, protocol 7.45): the argument of LSEEK (SEEK_DATA
 * / SEEK_HOLE).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseLseekIn {

    /** Size of {@code struct fuse_lseek_in} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint64_t offset} at 8: start offset. */
    public static final long OFFSET = 8;

    /** {@code uint32_t whence} at 16: SEEK_DATA or SEEK_HOLE. */
    public static final long WHENCE = 16;

    /** {@code uint32_t padding} at 20: padding. */
    public static final long PADDING = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("offset"),
            JAVA_INT.withName("whence"),
            JAVA_INT.withName("padding"));

    private FuseLseekIn() {
    }
}
