package dev.fusering.internal.abi;

/**
 * Notification codes ({@code enum fuse_notify_code}, protocol 7.45). A notification is written to /dev/fuse as
 * a {@link FuseOutHeader} with {@code unique = 0} and {@code error = code}, followed by the body.
 */
public final class NotifyCode {

    /** {@code FUSE_NOTIFY_POLL}: wake up pollers; body {@link FuseNotifyPollWakeupOut}. */
    public static final int POLL = 1;

    /**
     * {@code FUSE_NOTIFY_INVAL_INODE}: invalidate inode attributes and cached data; body
     * {@link FuseNotifyInvalInodeOut}.
     */
    public static final int INVAL_INODE = 2;

    /**
     * {@code FUSE_NOTIFY_INVAL_ENTRY}: invalidate a directory entry; body {@link FuseNotifyInvalEntryOut} +
     * name + NUL.
     */
    public static final int INVAL_ENTRY = 3;

    /** {@code FUSE_NOTIFY_STORE}: store data in the page cache; body {@link FuseNotifyStoreOut} + data. */
    public static final int STORE = 4;

    /**
     * {@code FUSE_NOTIFY_RETRIEVE}: retrieve cached data (answered by a NOTIFY_REPLY request); body
     * {@link FuseNotifyRetrieveOut}.
     */
    public static final int RETRIEVE = 5;

    /** {@code FUSE_NOTIFY_DELETE}: an entry was deleted; body {@link FuseNotifyDeleteOut} + name + NUL. */
    public static final int DELETE = 6;

    /** {@code FUSE_NOTIFY_RESEND}: resend all pending requests (needs HAS_RESEND); no body. */
    public static final int RESEND = 7;

    /** {@code FUSE_NOTIFY_INC_EPOCH}: increment the connection epoch, invalidating older dentries; no body. */
    public static final int INC_EPOCH = 8;

    /** {@code FUSE_NOTIFY_PRUNE}: prune unused inodes (7.45); body {@link FuseNotifyPruneOut} + node ids. */
    public static final int PRUNE = 9;

    private NotifyCode() {
    }
}
