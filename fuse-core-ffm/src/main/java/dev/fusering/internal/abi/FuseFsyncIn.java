package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_fsync_in} (16 bytes on x86_64, protocol 7.45): the argument of FSYNC and
 * FSYNCDIR.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseFsyncIn {

    /** Size of {@code struct fuse_fsync_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint32_t fsync_flags} at 8: {@link FsyncFlags} bits. */
    public static final long FSYNC_FLAGS = 8;

    /** {@code uint32_t padding} at 12: padding. */
    public static final long PADDING = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_INT.withName("fsync_flags"),
            JAVA_INT.withName("padding"));

    private FuseFsyncIn() {
    }
}
