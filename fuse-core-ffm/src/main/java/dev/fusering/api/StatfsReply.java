package dev.fusering.api;

/**
 * The answer to STATFS ({@code struct fuse_kstatfs}); every field starts at 0. Only valid during the call
 * that received it.
 */
public interface StatfsReply {

    /**
     * Sets the total number of blocks of {@link #fragmentSize(int)} bytes.
     *
     * @param blocks total blocks
     * @return this
     */
    StatfsReply blocks(long blocks);

    /**
     * Sets the number of free blocks.
     *
     * @param free free blocks
     * @return this
     */
    StatfsReply blocksFree(long free);

    /**
     * Sets the number of blocks free for unprivileged users.
     *
     * @param available available blocks
     * @return this
     */
    StatfsReply blocksAvailable(long available);

    /**
     * Sets the total number of inodes.
     *
     * @param files total inodes
     * @return this
     */
    StatfsReply files(long files);

    /**
     * Sets the number of free inodes.
     *
     * @param free free inodes
     * @return this
     */
    StatfsReply filesFree(long free);

    /**
     * Sets the preferred block size.
     *
     * @param bsize block size in bytes
     * @return this
     */
    StatfsReply blockSize(int bsize);

    /**
     * Sets the fragment size, the unit of the block counts.
     *
     * @param frsize fragment size in bytes
     * @return this
     */
    StatfsReply fragmentSize(int frsize);

    /**
     * Sets the maximum length of a name.
     *
     * @param namelen maximum name length in bytes
     * @return this
     */
    StatfsReply maxNameLength(int namelen);
}
