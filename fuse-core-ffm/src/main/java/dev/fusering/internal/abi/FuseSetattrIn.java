package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_setattr_in} (88 bytes on x86_64, protocol 7.45): the argument of SETATTR (the
 * largest per-opcode in struct, 88 bytes).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseSetattrIn {

    /** Size of {@code struct fuse_setattr_in} in bytes. */
    public static final long SIZE = 88;

    /** {@code uint32_t valid} at 0: {@link SetattrValid} bits saying which fields are set. */
    public static final long VALID = 0;

    /** {@code uint32_t padding} at 4: padding. */
    public static final long PADDING = 4;

    /** {@code uint64_t fh} at 8: file handle, valid with {@link SetattrValid#FH}. */
    public static final long FH = 8;

    /** {@code uint64_t size} at 16: new size, valid with {@link SetattrValid#SIZE}. */
    public static final long SIZE_FIELD = 16;

    /** {@code uint64_t lock_owner} at 24: lock owner, valid with {@link SetattrValid#LOCKOWNER}. */
    public static final long LOCK_OWNER = 24;

    /** {@code uint64_t atime} at 32: access time, seconds. */
    public static final long ATIME = 32;

    /** {@code uint64_t mtime} at 40: modification time, seconds. */
    public static final long MTIME = 40;

    /** {@code uint64_t ctime} at 48: status change time, seconds. */
    public static final long CTIME = 48;

    /** {@code uint32_t atimensec} at 56: access time, nanoseconds. */
    public static final long ATIMENSEC = 56;

    /** {@code uint32_t mtimensec} at 60: modification time, nanoseconds. */
    public static final long MTIMENSEC = 60;

    /** {@code uint32_t ctimensec} at 64: status change time, nanoseconds. */
    public static final long CTIMENSEC = 64;

    /** {@code uint32_t mode} at 68: new mode. */
    public static final long MODE = 68;

    /** {@code uint32_t unused4} at 72: unused. */
    public static final long UNUSED4 = 72;

    /** {@code uint32_t uid} at 76: new owner user id. */
    public static final long UID = 76;

    /** {@code uint32_t gid} at 80: new owner group id. */
    public static final long GID = 80;

    /** {@code uint32_t unused5} at 84: unused. */
    public static final long UNUSED5 = 84;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("valid"),
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("lock_owner"),
            JAVA_LONG.withName("atime"),
            JAVA_LONG.withName("mtime"),
            JAVA_LONG.withName("ctime"),
            JAVA_INT.withName("atimensec"),
            JAVA_INT.withName("mtimensec"),
            JAVA_INT.withName("ctimensec"),
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("unused4"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_INT.withName("unused5"));

    private FuseSetattrIn() {
    }
}
