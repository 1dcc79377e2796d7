package dev.fusering.testing;

import dev.fusering.api.AttrReply;

/**
 * An {@link AttrReply} that records what a filesystem writes; the timeout starts at
 * {@link RecordedAttributes#UNSET}. {@link #reset()} restores that state.
 */
public final class RecordedAttr implements AttrReply {

    /** The attribute timeout in nanoseconds. */
    public long attrTimeout = RecordedAttributes.UNSET;
    /** The attributes. */
    public final RecordedAttributes attributes = new RecordedAttributes();

    /** Creates a reply with nothing recorded. */
    public RecordedAttr() {
    }

    /**
     * Forgets everything recorded.
     *
     * @return this reply
     */
    public RecordedAttr reset() {
        attrTimeout = RecordedAttributes.UNSET;
        attributes.reset();
        return this;
    }

    @Override
    public AttrReply attrTimeout(long nanos) {
        this.attrTimeout = nanos;
        return this;
    }

    @Override
    public RecordedAttributes attributes() {
        return attributes;
    }
}
