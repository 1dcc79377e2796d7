package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_statx} (256 bytes on x86_64, protocol 7.45): the statx(2)-compatible attributes
 * inside {@link FuseStatxOut} (STATX). The C members {@code __spare0} and {@code __spare2} are named
 * {@code spare0} and {@code spare2} here.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseStatx {

    /** Size of {@code struct fuse_statx} in bytes. */
    public static final long SIZE = 256;

    /** {@code uint32_t mask} at 0: STATX_* bits saying which fields are valid. */
    public static final long MASK = 0;

    /** {@code uint32_t blksize} at 4: preferred I/O block size. */
    public static final long BLKSIZE = 4;

    /** {@code uint64_t attributes} at 8: STATX_ATTR_* flags. */
    public static final long ATTRIBUTES = 8;

    /** {@code uint32_t nlink} at 16: number of hard links. */
    public static final long NLINK = 16;

    /** {@code uint32_t uid} at 20: owner user id. */
    public static final long UID = 20;

    /** {@code uint32_t gid} at 24: owner group id. */
    public static final long GID = 24;

    /** {@code uint16_t mode} at 28: file type and permission bits (16 bits). */
    public static final long MODE = 28;

    /** {@code uint16_t spare0[1]} at 30: {@code __spare0[1]}: padding. */
    public static final long SPARE0 = 30;

    /** {@code uint64_t ino} at 32: inode number. */
    public static final long INO = 32;

    /** {@code uint64_t size} at 40: file size in bytes. */
    public static final long SIZE_FIELD = 40;

    /** {@code uint64_t blocks} at 48: number of 512-byte blocks allocated. */
    public static final long BLOCKS = 48;

    /** {@code uint64_t attributes_mask} at 56: which {@code attributes} bits are supported. */
    public static final long ATTRIBUTES_MASK = 56;

    /** {@code struct fuse_sx_time atime} at 64: access time ({@link FuseSxTime}). */
    public static final long ATIME = 64;

    /** {@code struct fuse_sx_time btime} at 80: creation (birth) time ({@link FuseSxTime}). */
    public static final long BTIME = 80;

    /** {@code struct fuse_sx_time ctime} at 96: status change time ({@link FuseSxTime}). */
    public static final long CTIME = 96;

    /** {@code struct fuse_sx_time mtime} at 112: modification time ({@link FuseSxTime}). */
    public static final long MTIME = 112;

    /** {@code uint32_t rdev_major} at 128: device major number for device files. */
    public static final long RDEV_MAJOR = 128;

    /** {@code uint32_t rdev_minor} at 132: device minor number for device files. */
    public static final long RDEV_MINOR = 132;

    /** {@code uint32_t dev_major} at 136: major number of the device holding the file. */
    public static final long DEV_MAJOR = 136;

    /** {@code uint32_t dev_minor} at 140: minor number of the device holding the file. */
    public static final long DEV_MINOR = 140;

    /** {@code uint64_t spare2[14]} at 144: {@code __spare2[14]}: reserved. */
    public static final long SPARE2 = 144;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mask"),
            JAVA_INT.withName("blksize"),
            JAVA_LONG.withName("attributes"),
            JAVA_INT.withName("nlink"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_SHORT.withName("mode"),
            MemoryLayout.sequenceLayout(1, JAVA_SHORT).withName("spare0"),
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("blocks"),
            JAVA_LONG.withName("attributes_mask"),
            FuseSxTime.LAYOUT.withName("atime"),
            FuseSxTime.LAYOUT.withName("btime"),
            FuseSxTime.LAYOUT.withName("ctime"),
            FuseSxTime.LAYOUT.withName("mtime"),
            JAVA_INT.withName("rdev_major"),
            JAVA_INT.withName("rdev_minor"),
            JAVA_INT.withName("dev_major"),
            JAVA_INT.withName("dev_minor"),
            MemoryLayout.sequenceLayout(14, JAVA_LONG).withName("spare2"));

    private FuseStatx() {
    }
}
