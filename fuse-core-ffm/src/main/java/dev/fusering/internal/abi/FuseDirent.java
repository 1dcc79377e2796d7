package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_dirent} (24 bytes on x86_64, protocol 7.45): the fixed part of a READDIR
 * record. The name ({@code namelen} bytes, no NUL) follows at {@link #NAME} and each record is padded to 8
 * bytes; {@link #SIZE} is the fixed part only.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseDirent {

    /** Size of {@code struct fuse_dirent} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t ino} at 0: inode number. */
    public static final long INO = 0;

    /** {@code uint64_t off} at 8: cookie of the next entry (passed back as READDIR offset). */
    public static final long OFF = 8;

    /** {@code uint32_t namelen} at 16: length of the name in bytes. */
    public static final long NAMELEN = 16;

    /** {@code uint32_t type} at 20: file type, as in the S_IFMT bits shifted right by 12 (DT_*). */
    public static final long TYPE = 20;

    /** {@code FUSE_NAME_OFFSET}: offset of the name, right after the fixed part. */
    public static final long NAME = 24;

    /**
     * Returns the size of a record with a name of the given length, rounded up to 8 bytes
     * ({@code FUSE_DIRENT_SIZE}).
     *
     * @param nameLen the name length in bytes
     * @return the record size in bytes
     */
    public static long recordSize(int nameLen) {
        return (NAME + nameLen + 7) & ~7L;
    }

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("off"),
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("type"));

    private FuseDirent() {
    }
}
