package dev.fusering.internal.dispatch;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.internal.abi.FuseAttrOut;
import java.lang.foreign.MemorySegment;

/**
 * The {@link AttrReply} handed to the filesystem: writes a {@code struct fuse_attr_out} in place.
 * {@link #start} zeroes the struct and writes the default timeout.
 */
final class AttrReplyWriter implements AttrReply {

    private final AttributesWriter attributes = new AttributesWriter();
    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet started. */
    AttrReplyWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_attr_out}, zeroes it and writes the default timeout. The
     * caller has checked that {@link FuseAttrOut#SIZE} bytes fit.
     *
     * @param segment          the reply segment
     * @param base             where the struct starts
     * @param attrTimeoutNanos the default attribute timeout
     */
    void start(MemorySegment segment, long base, long attrTimeoutNanos) {
        this.segment = segment;
        this.base = base;
        ReplyMemory.zero(segment, base, FuseAttrOut.SIZE);
        attrTimeout(attrTimeoutNanos);
        attributes.bind(segment, base + FuseAttrOut.ATTR);
    }

    @Override
    public AttrReply attrTimeout(long nanos) {
        ReplyMemory.putTimeout(segment, base + FuseAttrOut.ATTR_VALID, base + FuseAttrOut.ATTR_VALID_NSEC, nanos);
        return this;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }
}
