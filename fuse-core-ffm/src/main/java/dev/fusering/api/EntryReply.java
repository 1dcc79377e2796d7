package dev.fusering.api;

/**
 * The answer to a name lookup or creation ({@code struct fuse_entry_out}): which node the name refers to,
 * its attributes, and how long the kernel may cache both.
 *
 * <p>The timeouts start at the session's defaults ({@link MountOptions#entryTimeout()},
 * {@link MountOptions#attrTimeout()}); the node id starts at 0. Each successful reply with a non-zero node
 * id counts as one lookup of that node, which the kernel later returns through
 * {@link Filesystem#forget(long, long)}. Only valid during the call that received it.
 */
public interface EntryReply {

    /**
     * Sets the node id the kernel will use for this entry in later requests. Must not be 0 and must not be
     * reused for another inode while the kernel still holds lookups of it.
     *
     * @param nodeId the node id
     * @return this
     */
    EntryReply nodeId(long nodeId);

    /**
     * Sets the inode generation; together with the node id it must be unique over the filesystem's
     * lifetime (only matters for NFS export).
     *
     * @param generation the generation
     * @return this
     */
    EntryReply generation(long generation);

    /**
     * Sets how long the kernel may cache the name-to-node mapping.
     *
     * @param nanos the timeout in nanoseconds, 0 for none
     * @return this
     */
    EntryReply entryTimeout(long nanos);

    /**
     * Sets how long the kernel may cache the attributes.
     *
     * @param nanos the timeout in nanoseconds, 0 for none
     * @return this
     */
    EntryReply attrTimeout(long nanos);

    /**
     * Returns the writer for the entry's attributes.
     *
     * @return the attributes of this entry
     */
    Attributes attributes();
}
