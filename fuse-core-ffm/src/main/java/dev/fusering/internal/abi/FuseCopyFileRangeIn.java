package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_copy_file_range_in} (56 bytes on x86_64, protocol 7.45): the argument of
 * COPY_FILE_RANGE and COPY_FILE_RANGE_64 (the in_args nodeid is the source inode).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseCopyFileRangeIn {

    /** Size of {@code struct fuse_copy_file_range_in} in bytes. */
    public static final long SIZE = 56;

    /** {@code uint64_t fh_in} at 0: source file handle. */
    public static final long FH_IN = 0;

    /** {@code uint64_t off_in} at 8: source offset. */
    public static final long OFF_IN = 8;

    /** {@code uint64_t nodeid_out} at 16: node id of the destination inode. */
    public static final long NODEID_OUT = 16;

    /** {@code uint64_t fh_out} at 24: destination file handle. */
    public static final long FH_OUT = 24;

    /** {@code uint64_t off_out} at 32: destination offset. */
    public static final long OFF_OUT = 32;

    /** {@code uint64_t len} at 40: number of bytes to copy. */
    public static final long LEN = 40;

    /** {@code uint64_t flags} at 48: copy_file_range(2) flags. */
    public static final long FLAGS = 48;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh_in"),
            JAVA_LONG.withName("off_in"),
            JAVA_LONG.withName("nodeid_out"),
            JAVA_LONG.withName("fh_out"),
            JAVA_LONG.withName("off_out"),
            JAVA_LONG.withName("len"),
            JAVA_LONG.withName("flags"));

    private FuseCopyFileRangeIn() {
    }
}
