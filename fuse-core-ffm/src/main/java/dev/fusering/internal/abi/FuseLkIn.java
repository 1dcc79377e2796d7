package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_lk_in} (48 bytes on x86_64, protocol 7.45): the argument of GETLK, SETLK and
 * SETLKW.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseLkIn {

    /** Size of {@code struct fuse_lk_in} in bytes. */
    public static final long SIZE = 48;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint64_t owner} at 8: lock owner. */
    public static final long OWNER = 8;

    /** {@code struct fuse_file_lock lk} at 16: the lock ({@link FuseFileLock}). */
    public static final long LK = 16;

    /** {@code uint32_t lk_flags} at 40: {@link LkFlags} bits. */
    public static final long LK_FLAGS = 40;

    /** {@code uint32_t padding} at 44: padding. */
    public static final long PADDING = 44;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("owner"),
            FuseFileLock.LAYOUT.withName("lk"),
            JAVA_INT.withName("lk_flags"),
            JAVA_INT.withName("padding"));

    private FuseLkIn() {
    }
}
