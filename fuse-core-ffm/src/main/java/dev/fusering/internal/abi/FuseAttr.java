package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_attr} (88 bytes on x86_64, protocol 7.45): the attributes of an inode, as
 * returned inside {@link FuseEntryOut} (LOOKUP, MKNOD, MKDIR, SYMLINK, LINK, CREATE, TMPFILE, READDIRPLUS) and
 * {@link FuseAttrOut} (GETATTR, SETATTR).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseAttr {

    /** Size of {@code struct fuse_attr} in bytes. */
    public static final long SIZE = 88;

    /** {@code uint64_t ino} at 0: inode number reported by stat(2). */
    public static final long INO = 0;

    /** {@code uint64_t size} at 8: file size in bytes. */
    public static final long SIZE_FIELD = 8;

    /** {@code uint64_t blocks} at 16: number of 512-byte blocks allocated. */
    public static final long BLOCKS = 16;

    /** {@code uint64_t atime} at 24: access time, seconds. */
    public static final long ATIME = 24;

    /** {@code uint64_t mtime} at 32: modification time, seconds. */
    public static final long MTIME = 32;

    /** {@code uint64_t ctime} at 40: status change time, seconds. */
    public static final long CTIME = 40;

    /** {@code uint32_t atimensec} at 48: access time, nanoseconds. */
    public static final long ATIMENSEC = 48;

    /** {@code uint32_t mtimensec} at 52: modification time, nanoseconds. */
    public static final long MTIMENSEC = 52;

    /** {@code uint32_t ctimensec} at 56: status change time, nanoseconds. */
    public static final long CTIMENSEC = 56;

    /** {@code uint32_t mode} at 60: file type and permission bits (st_mode). */
    public static final long MODE = 60;

    /** {@code uint32_t nlink} at 64: number of hard links. */
    public static final long NLINK = 64;

    /** {@code uint32_t uid} at 68: owner user id. */
    public static final long UID = 68;

    /** {@code uint32_t gid} at 72: owner group id. */
    public static final long GID = 72;

    /** {@code uint32_t rdev} at 76: device number for device files (new_encode_dev format). */
    public static final long RDEV = 76;

    /** {@code uint32_t blksize} at 80: preferred I/O block size; 0 lets the kernel choose. */
    public static final long BLKSIZE = 80;

    /** {@code uint32_t flags} at 84: {@link AttrFlags} bits. */
    public static final long FLAGS = 84;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("blocks"),
            JAVA_LONG.withName("atime"),
            JAVA_LONG.withName("mtime"),
            JAVA_LONG.withName("ctime"),
            JAVA_INT.withName("atimensec"),
            JAVA_INT.withName("mtimensec"),
            JAVA_INT.withName("ctimensec"),
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("nlink"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_INT.withName("rdev"),
            JAVA_INT.withName("blksize"),
            JAVA_INT.withName("flags"));

    private FuseAttr() {
    }
}
