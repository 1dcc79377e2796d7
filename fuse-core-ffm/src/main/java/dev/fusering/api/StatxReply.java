package dev.fusering.api;

/**
 * The answer to STATX ({@code struct fuse_statx_out}): the basic attributes plus what only statx(2) can
 * report, the birth time and the {@code STATX_ATTR_*} flags.
 *
 * <p>The valid mask starts at {@link #BASIC_STATS}: fill every basic field through {@link #attributes()}
 * (the kernel only updates its attribute cache from a reply that has all of them). {@link #birthTime}
 * adds {@link #BTIME}. The timeout starts at the session's default ({@link MountOptions#attrTimeout()}).
 * Only valid during the call that received it.
 */
public interface StatxReply {

    /** {@code STATX_BASIC_STATS}: type, mode, nlink, uid, gid, atime, mtime, ctime, ino, size, blocks. */
    int BASIC_STATS = 0x7FF;

    /** {@code STATX_BTIME}: the birth time is valid. */
    int BTIME = 0x800;

    /** {@code STATX_ATTR_COMPRESSED}: the file is compressed by the filesystem. */
    long ATTR_COMPRESSED = 0x4;

    /** {@code STATX_ATTR_IMMUTABLE}: the file cannot be modified. */
    long ATTR_IMMUTABLE = 0x10;

    /** {@code STATX_ATTR_APPEND}: the file can only be opened for appending. */
    long ATTR_APPEND = 0x20;

    /** {@code STATX_ATTR_NODUMP}: the file is not a candidate for backup. */
    long ATTR_NODUMP = 0x40;

    /**
     * Sets how long the kernel may cache these attributes.
     *
     * @param nanos the timeout in nanoseconds, 0 for none
     * @return this
     */
    StatxReply attrTimeout(long nanos);

    /**
     * Returns the writer for the basic attributes (the same fields as for GETATTR).
     *
     * @return the attributes
     */
    Attributes attributes();

    /**
     * Sets the birth (creation) time and marks it valid ({@link #BTIME}).
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds 0..999,999,999
     * @return this
     */
    StatxReply birthTime(long seconds, int nanoseconds);

    /**
     * Sets the {@code STATX_ATTR_*} flags ({@code stx_attributes}) and which of them the filesystem
     * supports ({@code stx_attributes_mask}).
     *
     * @param flags     the flags that are set, e.g. {@link #ATTR_NODUMP}
     * @param supported the flags the filesystem knows about (a superset of {@code flags})
     * @return this
     */
    StatxReply fileAttributes(long flags, long supported);

    /**
     * Replaces the valid mask (for a filesystem that cannot fill every basic field).
     *
     * @param mask {@code STATX_*} bits
     * @return this
     */
    StatxReply mask(int mask);
}
