package dev.fusering.api;

/**
 * Writes the attributes of an inode ({@code struct fuse_attr}) straight into the reply.
 *
 * <p>Obtained from {@link EntryReply#attributes()} and {@link AttrReply#attributes()}; every field starts
 * at zero. Setters return {@code this} so that they chain. Only valid during the call that received it.
 */
public interface Attributes {

    /**
     * Sets the inode number reported to {@code stat} (usually the node id).
     *
     * @param ino the inode number
     * @return this
     */
    Attributes ino(long ino);

    /**
     * Sets the file type and permission bits, e.g. {@code FileMode.S_IFREG | 0644}.
     *
     * @param mode the {@code st_mode}
     * @return this
     */
    Attributes mode(int mode);

    /**
     * Sets the number of hard links.
     *
     * @param nlink the link count
     * @return this
     */
    Attributes nlink(int nlink);

    /**
     * Sets the owner.
     *
     * @param uid the owning user id
     * @return this
     */
    Attributes uid(int uid);

    /**
     * Sets the group.
     *
     * @param gid the owning group id
     * @return this
     */
    Attributes gid(int gid);

    /**
     * Sets the device number of a device node.
     *
     * @param rdev the device number
     * @return this
     */
    Attributes rdev(int rdev);

    /**
     * Sets the size in bytes.
     *
     * @param size the file size
     * @return this
     */
    Attributes size(long size);

    /**
     * Sets the number of 512-byte blocks allocated.
     *
     * @param blocks the block count
     * @return this
     */
    Attributes blocks(long blocks);

    /**
     * Sets the preferred I/O block size ({@code st_blksize}); 0 lets the kernel choose.
     *
     * @param blksize the block size
     * @return this
     */
    Attributes blksize(int blksize);

    /**
     * Sets the last access time.
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds 0..999,999,999
     * @return this
     */
    Attributes atime(long seconds, int nanoseconds);

    /**
     * Sets the last modification time.
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds 0..999,999,999
     * @return this
     */
    Attributes mtime(long seconds, int nanoseconds);

    /**
     * Sets the last status change time.
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds 0..999,999,999
     * @return this
     */
    Attributes ctime(long seconds, int nanoseconds);
}
