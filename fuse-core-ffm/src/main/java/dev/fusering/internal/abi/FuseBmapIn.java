package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_bmap_in} (16 bytes on x86_64, protocol 7.45): the argument of BMAP (sent for
 * fuseblk mounts only).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseBmapIn {

    /** Size of {@code struct fuse_bmap_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t block} at 0: logical block number. */
    public static final long BLOCK = 0;

    /** {@code uint32_t blocksize} at 8: block size of the file system. */
    public static final long BLOCKSIZE = 8;

    /** {@code uint32_t padding} at 12: padding. */
    public static final long PADDING = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("block"),
            JAVA_INT.withName("blocksize"),
            JAVA_INT.withName("padding"));

    private FuseBmapIn() {
    }
}
