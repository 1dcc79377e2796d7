package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.StatfsReply;
import dev.fusering.internal.abi.FuseKstatfs;
import dev.fusering.internal.abi.FuseStatfsOut;
import java.lang.foreign.MemorySegment;

/**
 * The {@link StatfsReply} handed to the filesystem: writes a {@code struct fuse_statfs_out} in place.
 * {@link #start} zeroes the struct.
 */
final class StatfsReplyWriter implements StatfsReply {

    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet started. */
    StatfsReplyWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_statfs_out} and zeroes it. The caller has checked that
     * {@link FuseStatfsOut#SIZE} bytes fit.
     *
     * @param segment the reply segment
     * @param offset  where the struct starts
     */
    void start(MemorySegment segment, long offset) {
        this.segment = segment;
        this.base = offset + FuseStatfsOut.ST;
        ReplyMemory.zero(segment, offset, FuseStatfsOut.SIZE);
    }

    @Override
    public StatfsReply blocks(long blocks) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseKstatfs.BLOCKS, blocks);
        return this;
    }

    @Override
    public StatfsReply blocksFree(long free) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseKstatfs.BFREE, free);
        return this;
    }

    @Override
    public StatfsReply blocksAvailable(long available) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseKstatfs.BAVAIL, available);
        return this;
    }

    @Override
    public StatfsReply files(long files) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseKstatfs.FILES, files);
        return this;
    }

    @Override
    public StatfsReply filesFree(long free) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseKstatfs.FFREE, free);
        return this;
    }

    @Override
    public StatfsReply blockSize(int bsize) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseKstatfs.BSIZE, bsize);
        return this;
    }

    @Override
    public StatfsReply fragmentSize(int frsize) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseKstatfs.FRSIZE, frsize);
        return this;
    }

    @Override
    public StatfsReply maxNameLength(int namelen) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseKstatfs.NAMELEN, namelen);
        return this;
    }
}
