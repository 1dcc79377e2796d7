package dev.fusering.testing;

import dev.fusering.api.EntryReply;

/**
 * An {@link EntryReply} that records what a filesystem writes. The node id and generation start at 0 (what the
 * kernel receives when a filesystem sets no node, as for READDIRPLUS's "." and ".."); the timeouts start at
 * {@link RecordedAttributes#UNSET}, so that "not set" is visible. {@link #reset()} restores that state.
 */
public final class RecordedEntry implements EntryReply {

    /** The node id, 0 until set. */
    public long nodeId;
    /** The generation, 0 until set. */
    public long generation;
    /** The entry timeout in nanoseconds. */
    public long entryTimeout = RecordedAttributes.UNSET;
    /** The attribute timeout in nanoseconds. */
    public long attrTimeout = RecordedAttributes.UNSET;
    /** The attributes. */
    public final RecordedAttributes attributes = new RecordedAttributes();

    /** Creates a reply with nothing recorded. */
    public RecordedEntry() {
    }

    /**
     * Forgets everything recorded.
     *
     * @return this reply
     */
    public RecordedEntry reset() {
        nodeId = 0;
        generation = 0;
        entryTimeout = RecordedAttributes.UNSET;
        attrTimeout = RecordedAttributes.UNSET;
        attributes.reset();
        return this;
    }

    @Override
    public EntryReply nodeId(long nodeId) {
        this.nodeId = nodeId;
        return this;
    }

    @Override
    public EntryReply generation(long generation) {
        this.generation = generation;
        return this;
    }

    @Override
    public EntryReply entryTimeout(long nanos) {
        this.entryTimeout = nanos;
        return this;
    }

    @Override
    public EntryReply attrTimeout(long nanos) {
        this.attrTimeout = nanos;
        return this;
    }

    @Override
    public RecordedAttributes attributes() {
        return attributes;
    }
}
