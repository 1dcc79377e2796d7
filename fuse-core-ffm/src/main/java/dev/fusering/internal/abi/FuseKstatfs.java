package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_kstatfs} (80 bytes on x86_64, protocol 7.45): file system statistics inside
 * {@link FuseStatfsOut} (STATFS reply).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseKstatfs {

    /** Size of {@code struct fuse_kstatfs} in bytes. */
    public static final long SIZE = 80;

    /** {@code uint64_t blocks} at 0: total data blocks, in {@code frsize} units. */
    public static final long BLOCKS = 0;

    /** {@code uint64_t bfree} at 8: free blocks. */
    public static final long BFREE = 8;

    /** {@code uint64_t bavail} at 16: free blocks available to unprivileged users. */
    public static final long BAVAIL = 16;

    /** {@code uint64_t files} at 24: total inodes. */
    public static final long FILES = 24;

    /** {@code uint64_t ffree} at 32: free inodes. */
    public static final long FFREE = 32;

    /** {@code uint32_t bsize} at 40: preferred block size. */
    public static final long BSIZE = 40;

    /** {@code uint32_t namelen} at 44: maximum file name length. */
    public static final long NAMELEN = 44;

    /** {@code uint32_t frsize} at 48: fragment size. */
    public static final long FRSIZE = 48;

    /** {@code uint32_t padding} at 52: padding. */
    public static final long PADDING = 52;

    /** {@code uint32_t spare[6]} at 56: {@code spare[6]}: reserved. */
    public static final long SPARE = 56;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("blocks"),
            JAVA_LONG.withName("bfree"),
            JAVA_LONG.withName("bavail"),
            JAVA_LONG.withName("files"),
            JAVA_LONG.withName("ffree"),
            JAVA_INT.withName("bsize"),
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("frsize"),
            JAVA_INT.withName("padding"),
            MemoryLayout.sequenceLayout(6, JAVA_INT).withName("spare"));

    private FuseKstatfs() {
    }
}
