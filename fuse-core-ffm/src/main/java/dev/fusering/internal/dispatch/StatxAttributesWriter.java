package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.fusering.api.Attributes;
import dev.fusering.internal.abi.FuseStatx;
import dev.fusering.internal.abi.FuseSxTime;
import java.lang.foreign.MemorySegment;

/**
 * The {@link Attributes} of a {@link StatxReplyWriter}: writes the basic fields into a
 * {@code struct fuse_statx} in place, converting where its layout differs from {@code struct fuse_attr}
 * (16-bit mode, split device number, {@code fuse_sx_time} timestamps). The owner zeroes the struct and
 * re-points this writer with {@link #bind} for every reply.
 */
final class StatxAttributesWriter implements Attributes {

    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet bound to a reply. */
    StatxAttributesWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_statx}.
     *
     * @param segment the reply segment
     * @param base    where the struct starts
     */
    void bind(MemorySegment segment, long base) {
        this.segment = segment;
        this.base = base;
    }

    @Override
    public Attributes ino(long ino) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseStatx.INO, ino);
        return this;
    }

    @Override
    public Attributes mode(int mode) {
        segment.set(JAVA_SHORT_UNALIGNED, base + FuseStatx.MODE, (short) mode);
        return this;
    }

    @Override
    public Attributes nlink(int nlink) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.NLINK, nlink);
        return this;
    }

    @Override
    public Attributes uid(int uid) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.UID, uid);
        return this;
    }

    @Override
    public Attributes gid(int gid) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.GID, gid);
        return this;
    }

    /**
     * Splits a device number in the kernel's 32-bit encoding (the one {@code fuse_attr.rdev} carries:
     * minor bits 0..7 and 20..31, major bits 8..19) into {@code rdev_major} and {@code rdev_minor}.
     */
    @Override
    public Attributes rdev(int rdev) {
        int major = (rdev & 0xFFF00) >>> 8;
        int minor = (rdev & 0xFF) | ((rdev >>> 12) & 0xFFF00);
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.RDEV_MAJOR, major);
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.RDEV_MINOR, minor);
        return this;
    }

    @Override
    public Attributes size(long size) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseStatx.SIZE_FIELD, size);
        return this;
    }

    @Override
    public Attributes blocks(long blocks) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseStatx.BLOCKS, blocks);
        return this;
    }

    @Override
    public Attributes blksize(int blksize) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatx.BLKSIZE, blksize);
        return this;
    }

    @Override
    public Attributes atime(long seconds, int nanoseconds) {
        putTime(FuseStatx.ATIME, seconds, nanoseconds);
        return this;
    }

    @Override
    public Attributes mtime(long seconds, int nanoseconds) {
        putTime(FuseStatx.MTIME, seconds, nanoseconds);
        return this;
    }

    @Override
    public Attributes ctime(long seconds, int nanoseconds) {
        putTime(FuseStatx.CTIME, seconds, nanoseconds);
        return this;
    }

    /**
     * Writes a {@code fuse_sx_time} at an offset of the struct.
     *
     * @param offset      the field's offset in {@code struct fuse_statx}
     * @param seconds     seconds since the epoch
     * @param nanoseconds 0..999,999,999
     */
    void putTime(long offset, long seconds, int nanoseconds) {
        ReplyMemory.requireNanos(nanoseconds);
        segment.set(JAVA_LONG_UNALIGNED, base + offset + FuseSxTime.TV_SEC, seconds);
        segment.set(JAVA_INT_UNALIGNED, base + offset + FuseSxTime.TV_NSEC, nanoseconds);
    }
}
