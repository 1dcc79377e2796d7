package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.Attributes;
import dev.fusering.internal.abi.FuseAttr;
import java.lang.foreign.MemorySegment;

/**
 * The {@link Attributes} handed to the filesystem: writes a {@code struct fuse_attr} in place. The
 * owner ({@link EntryReplyWriter}, {@link AttrReplyWriter}) zeroes the struct and re-points this writer
 * with {@link #bind} for every reply.
 */
final class AttributesWriter implements Attributes {

    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet bound to a reply. */
    AttributesWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_attr}.
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
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.INO, ino);
        return this;
    }

    @Override
    public Attributes mode(int mode) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.MODE, mode);
        return this;
    }

    @Override
    public Attributes nlink(int nlink) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.NLINK, nlink);
        return this;
    }

    @Override
    public Attributes uid(int uid) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.UID, uid);
        return this;
    }

    @Override
    public Attributes gid(int gid) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.GID, gid);
        return this;
    }

    @Override
    public Attributes rdev(int rdev) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.RDEV, rdev);
        return this;
    }

    @Override
    public Attributes size(long size) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.SIZE_FIELD, size);
        return this;
    }

    @Override
    public Attributes blocks(long blocks) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.BLOCKS, blocks);
        return this;
    }

    @Override
    public Attributes blksize(int blksize) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.BLKSIZE, blksize);
        return this;
    }

    @Override
    public Attributes atime(long seconds, int nanoseconds) {
        ReplyMemory.requireNanos(nanoseconds);
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.ATIME, seconds);
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.ATIMENSEC, nanoseconds);
        return this;
    }

    @Override
    public Attributes mtime(long seconds, int nanoseconds) {
        ReplyMemory.requireNanos(nanoseconds);
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.MTIME, seconds);
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.MTIMENSEC, nanoseconds);
        return this;
    }

    @Override
    public Attributes ctime(long seconds, int nanoseconds) {
        ReplyMemory.requireNanos(nanoseconds);
        segment.set(JAVA_LONG_UNALIGNED, base + FuseAttr.CTIME, seconds);
        segment.set(JAVA_INT_UNALIGNED, base + FuseAttr.CTIMENSEC, nanoseconds);
        return this;
    }
}
