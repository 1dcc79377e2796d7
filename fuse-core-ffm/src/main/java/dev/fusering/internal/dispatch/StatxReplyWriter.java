package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.Attributes;
import dev.fusering.api.StatxReply;
import dev.fusering.internal.abi.FuseStatx;
import dev.fusering.internal.abi.FuseStatxOut;
import java.lang.foreign.MemorySegment;

/**
 * The {@link StatxReply} handed to the filesystem: writes a {@code struct fuse_statx_out} in place.
 * {@link #start} zeroes the struct and writes the default timeout and the mask
 * {@link StatxReply#BASIC_STATS}.
 */
final class StatxReplyWriter implements StatxReply {

    private final StatxAttributesWriter attributes = new StatxAttributesWriter();
    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet started. */
    StatxReplyWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_statx_out}, zeroes it and writes the default timeout and
     * mask. The caller has checked that {@link FuseStatxOut#SIZE} bytes fit.
     *
     * @param segment          the reply segment
     * @param base             where the struct starts
     * @param attrTimeoutNanos the default attribute timeout
     */
    void start(MemorySegment segment, long base, long attrTimeoutNanos) {
        this.segment = segment;
        this.base = base;
        ReplyMemory.zero(segment, base, FuseStatxOut.SIZE);
        attrTimeout(attrTimeoutNanos);
        attributes.bind(segment, base + FuseStatxOut.STAT);
        mask(BASIC_STATS);
    }

    @Override
    public StatxReply attrTimeout(long nanos) {
        ReplyMemory.putTimeout(segment, base + FuseStatxOut.ATTR_VALID, base + FuseStatxOut.ATTR_VALID_NSEC, nanos);
        return this;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    @Override
    public StatxReply birthTime(long seconds, int nanoseconds) {
        attributes.putTime(FuseStatx.BTIME, seconds, nanoseconds);
        return mask(mask() | BTIME);
    }

    @Override
    public StatxReply fileAttributes(long flags, long supported) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseStatxOut.STAT + FuseStatx.ATTRIBUTES, flags);
        segment.set(JAVA_LONG_UNALIGNED, base + FuseStatxOut.STAT + FuseStatx.ATTRIBUTES_MASK, supported | flags);
        return this;
    }

    @Override
    public StatxReply mask(int mask) {
        segment.set(JAVA_INT_UNALIGNED, base + FuseStatxOut.STAT + FuseStatx.MASK, mask);
        return this;
    }

    /** @return the mask written so far */
    private int mask() {
        return segment.get(JAVA_INT_UNALIGNED, base + FuseStatxOut.STAT + FuseStatx.MASK);
    }
}
