package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.Attributes;
import dev.fusering.api.EntryReply;
import dev.fusering.internal.abi.FuseEntryOut;
import java.lang.foreign.MemorySegment;

/**
 * The {@link EntryReply} handed to the filesystem: writes a {@code struct fuse_entry_out} in place.
 * {@link #start} zeroes the struct and writes the default timeouts.
 */
final class EntryReplyWriter implements EntryReply {

    private final AttributesWriter attributes = new AttributesWriter();
    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /** Creates a writer that is not yet started. */
    EntryReplyWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_entry_out}, zeroes it and writes the default timeouts. The
     * caller has checked that {@link FuseEntryOut#SIZE} bytes fit.
     *
     * @param segment           the reply segment
     * @param base              where the struct starts
     * @param entryTimeoutNanos the default entry timeout
     * @param attrTimeoutNanos  the default attribute timeout
     */
    void start(MemorySegment segment, long base, long entryTimeoutNanos, long attrTimeoutNanos) {
        this.segment = segment;
        this.base = base;
        ReplyMemory.zero(segment, base, FuseEntryOut.SIZE);
        entryTimeout(entryTimeoutNanos);
        attrTimeout(attrTimeoutNanos);
        attributes.bind(segment, base + FuseEntryOut.ATTR);
    }

    @Override
    public EntryReply nodeId(long nodeId) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseEntryOut.NODEID, nodeId);
        return this;
    }

    @Override
    public EntryReply generation(long generation) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseEntryOut.GENERATION, generation);
        return this;
    }

    @Override
    public EntryReply entryTimeout(long nanos) {
        ReplyMemory.putTimeout(segment, base + FuseEntryOut.ENTRY_VALID, base + FuseEntryOut.ENTRY_VALID_NSEC, nanos);
        return this;
    }

    @Override
    public EntryReply attrTimeout(long nanos) {
        ReplyMemory.putTimeout(segment, base + FuseEntryOut.ATTR_VALID, base + FuseEntryOut.ATTR_VALID_NSEC, nanos);
        return this;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }
}
