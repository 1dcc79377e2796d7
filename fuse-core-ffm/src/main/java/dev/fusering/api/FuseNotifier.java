package dev.fusering.api;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * Sends FUSE notifications: messages from the filesystem to the kernel that invalidate or fill the kernel's
 * caches, wake up pollers, or ask for cached data. A filesystem receives its notifier in
 * {@link Filesystem#init(ConnectionInfo, FuseNotifier)}; applications can also get it from
 * {@link RunningSession#notifier()}.
 *
 * <p>Each call writes exactly one message to the session's {@code /dev/fuse} descriptor with one
 * {@code write(2)} (on both transports: the kernel does not accept notifications through the io_uring
 * entries) and returns when the kernel has processed it. Any number of threads may notify at once.
 *
 * <p>Errors:
 * <ul>
 *   <li>{@link IllegalStateException} before the session has answered FUSE_INIT (so also from inside
 *       {@code Filesystem.init}) and after the session has ended.</li>
 *   <li>{@link FuseException} carrying the kernel's errno when the kernel refuses the message. The common
 *       ones are listed on each method; {@link Errno#ENOTCONN} or {@link Errno#ENODEV} mean that the
 *       connection is already gone (unmounted or aborted).</li>
 *   <li>{@link FuseException} with {@link Errno#ENOSYS} when the negotiated protocol version predates the
 *       notification; nothing is sent then. (A kernel that gets an unknown code itself answers
 *       {@code EINVAL}.)</li>
 *   <li>{@link IllegalArgumentException} and {@link NullPointerException} for arguments that cannot form a
 *       valid message (negative sizes, empty names, names with {@code '/'} or NUL).</li>
 * </ul>
 *
 * <p>Deadlock warning: the kernel processes a notification synchronously in the calling thread and takes
 * the locks of the inodes involved. Do not send INVAL_ENTRY, EXPIRE_ENTRY or DELETE for a directory from
 * inside a request on that same directory (for example from {@code lookup} or {@code unlink} of a name in
 * it): the kernel holds the directory's lock until that request is answered. Notify from another thread
 * instead.
 */
public interface FuseNotifier {

    /**
     * Bit of the {@code flags} argument of {@link Filesystem#poll}: the kernel wants to be told with
     * {@link #pollWakeup(long)} when the file becomes ready ({@code FUSE_POLL_SCHEDULE_NOTIFY}).
     */
    int POLL_SCHEDULE_NOTIFY = 1;

    /**
     * Invalidates an inode's cached attributes and (part of) its page cache (FUSE_NOTIFY_INVAL_INODE,
     * protocol 7.12). The kernel's semantics: a negative {@code offset} invalidates the attributes only;
     * otherwise the pages covering {@code [offset, offset + length)} are dropped as well, where a
     * {@code length} of 0 or less means "to the end of the file". So {@code invalInode(id, 0, 0)} drops
     * everything and {@code invalInode(id, -1, 0)} only the attributes.
     *
     * @param nodeId the inode's node id
     * @param offset first byte of the page cache range, or negative for attributes only
     * @param length length of the range; 0 or negative: to the end of the file
     * @throws FuseException {@link Errno#ENOENT} when the kernel has no inode with that node id cached
     */
    void invalInode(long nodeId, long offset, long length);

    /**
     * Invalidates a directory entry (FUSE_NOTIFY_INVAL_ENTRY, protocol 7.12): the kernel drops the cached
     * name, so the next access looks it up again, and invalidates the parent's attributes.
     *
     * @param parent the directory's node id
     * @param name   the entry's name
     * @throws FuseException {@link Errno#ENOENT} when the parent or the name is not in the kernel's cache,
     *                       {@link Errno#ENOTDIR} when the parent is not a directory,
     *                       {@link Errno#ENAMETOOLONG} when the name is longer than the kernel's limit
     */
    void invalEntry(long parent, String name);

    /**
     * Invalidates a directory entry given as raw bytes (not necessarily UTF-8); see
     * {@link #invalEntry(long, String)}.
     *
     * @param parent the directory's node id
     * @param name   the entry's name, without a NUL
     * @throws FuseException as {@link #invalEntry(long, String)}
     */
    void invalEntry(long parent, byte[] name);

    /**
     * Marks a directory entry as expired without dropping it (FUSE_NOTIFY_INVAL_ENTRY with
     * {@code FUSE_EXPIRE_ONLY}, protocol 7.38): the next access revalidates it with a LOOKUP, but processes
     * that are inside the directory (their working directory, an open file) keep working until then.
     *
     * @param parent the directory's node id
     * @param name   the entry's name
     * @throws FuseException as {@link #invalEntry(long, String)}
     */
    void expireEntry(long parent, String name);

    /**
     * Tells the kernel that an entry was deleted (FUSE_NOTIFY_DELETE, protocol 7.18): if the cached entry
     * {@code parent/name} still points to {@code child}, it is removed from the cache (and the child's link
     * count cleared), as if the file had been unlinked through the mount; otherwise it is only invalidated.
     *
     * @param parent the directory's node id
     * @param child  the node id of the deleted entry
     * @param name   the entry's name
     * @throws FuseException {@link Errno#ENOENT} when the parent or the name is not cached or the cached
     *                       entry points to another node, {@link Errno#ENOTDIR} when the parent is not a
     *                       directory, {@link Errno#ENOTEMPTY} when the child is a directory with cached
     *                       entries, {@link Errno#EBUSY} when the child is a mount point
     */
    void delete(long parent, long child, String name);

    /**
     * Puts data into an inode's page cache (FUSE_NOTIFY_STORE, protocol 7.15), so that reads of that range
     * are answered without a READ request. The kernel extends the cached file size when the data ends
     * beyond it. Note that an OPEN answered without {@link OpenReply#keepCache()} drops the page cache.
     *
     * @param nodeId the inode's node id (a regular file)
     * @param offset the file offset of the data, &ge; 0
     * @param data   the data
     * @throws FuseException {@link Errno#ENOENT} when the inode is not cached, {@link Errno#EINVAL} when it
     *                       is not a regular file or the offset is too large
     */
    void store(long nodeId, long offset, byte[] data);

    /**
     * Puts data from native or heap memory into an inode's page cache; see {@link #store(long, long, byte[])}.
     *
     * @param nodeId the inode's node id (a regular file)
     * @param offset the file offset of the data, &ge; 0
     * @param data   the data (at most 2 GiB minus 64 bytes)
     * @throws FuseException as {@link #store(long, long, byte[])}
     */
    void store(long nodeId, long offset, MemorySegment data);

    /**
     * Asks the kernel for the data of an inode's page cache (FUSE_NOTIFY_RETRIEVE, protocol 7.15). The
     * kernel answers with a NOTIFY_REPLY request, which completes the returned future with the bytes it
     * found: at most {@code size} bytes (capped at the negotiated max_write and max_pages and at the cached
     * file size), from {@code offset} up to the first page that is not cached, so possibly none.
     *
     * <p>The future fails with a {@link FuseException} ({@link Errno#ENOTCONN}) when the session ends
     * before the answer arrives.
     *
     * @param nodeId the inode's node id (a regular file)
     * @param offset the file offset, &ge; 0
     * @param size   how many bytes to retrieve at most, &ge; 0
     * @return the future cached data
     * @throws FuseException {@link Errno#ENOENT} when the inode is not cached, {@link Errno#EINVAL} when it
     *                       is not a regular file or the offset is too large
     */
    CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size);

    /**
     * Wakes up the processes polling a file (FUSE_NOTIFY_POLL, protocol 7.11): the kernel sends a new POLL
     * request for it, whose answer tells them what is ready. {@code kh} is the handle the kernel passed to
     * {@link Filesystem#poll} together with {@link #POLL_SCHEDULE_NOTIFY}. A handle the kernel no longer
     * knows (the file was closed) is ignored without an error.
     *
     * @param kh the kernel's poll handle
     */
    void pollWakeup(long kh);

    /**
     * Increments the connection's epoch (FUSE_NOTIFY_INC_EPOCH, protocol 7.44): every directory entry
     * cached so far is treated as expired and revalidated by a LOOKUP on its next use. Use it after
     * changing many names at once.
     */
    void incEpoch();

    /**
     * Asks the kernel to forget inodes it does not use (FUSE_NOTIFY_PRUNE, protocol 7.45): for each node id
     * whose inode is cached but not in use (no open file, no working directory, ...), the kernel drops its
     * cached names and the inode, and later sends FORGET for it. Node ids that are not cached or still in
     * use are ignored. An empty array sends nothing.
     *
     * @param nodeIds the node ids
     */
    void prune(long... nodeIds);
}
