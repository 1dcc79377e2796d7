package dev.fusering.internal.dispatch;

import java.lang.foreign.MemorySegment;

/**
 * Where the {@link Dispatcher} hands the data of a FUSE_NOTIFY_REPLY request: the kernel's answer to a
 * RETRIEVE notification, whose {@code unique} is the {@code notify_unique} the notifier chose. The session's
 * notifier implements it.
 */
public interface NotifyReplies {

    /** Ignores every reply (a dispatcher without a notifier). */
    NotifyReplies NONE = (unique, nodeId, offset, data) -> { };

    /**
     * Delivers retrieved data. Called on the transport or request thread; must not block.
     *
     * @param unique the request's unique id (the RETRIEVE's {@code notify_unique})
     * @param nodeId the inode the data belongs to
     * @param offset the file offset of the data
     * @param data   the data, valid only during the call
     */
    void notifyReply(long unique, long nodeId, long offset, MemorySegment data);
}
