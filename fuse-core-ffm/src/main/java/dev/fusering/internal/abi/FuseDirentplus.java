package dev.fusering.internal.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_direntplus} (152 bytes on x86_64, protocol 7.45): the fixed part of a
 * READDIRPLUS record: a {@link FuseEntryOut} followed by a {@link FuseDirent}. The name follows at
 * {@link #NAME} and each record is padded to 8 bytes; {@link #SIZE} is the fixed part only.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseDirentplus {

    /** Size of {@code struct fuse_direntplus} in bytes. */
    public static final long SIZE = 152;

    /** {@code struct fuse_entry_out entry_out} at 0: the entry, as in a LOOKUP reply ({@link FuseEntryOut}). */
    public static final long ENTRY_OUT = 0;

    /** {@code struct fuse_dirent dirent} at 128: the directory entry ({@link FuseDirent}). */
    public static final long DIRENT = 128;

    /** {@code FUSE_NAME_OFFSET_DIRENTPLUS}: offset of the name, right after the fixed part. */
    public static final long NAME = 152;

    /**
     * Returns the size of a record with a name of the given length, rounded up to 8 bytes
     * ({@code FUSE_DIRENTPLUS_SIZE}).
     *
     * @param nameLen the name length in bytes
     * @return the record size in bytes
     */
    public static long recordSize(int nameLen) {
        return (NAME + nameLen + 7) & ~7L;
    }

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseEntryOut.LAYOUT.withName("entry_out"),
            FuseDirent.LAYOUT.withName("dirent"));

    private FuseDirentplus() {
    }
}
