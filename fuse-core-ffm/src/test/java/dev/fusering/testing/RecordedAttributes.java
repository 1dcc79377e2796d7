package dev.fusering.testing;

import dev.fusering.api.Attributes;

import java.time.Instant;

/**
 * An {@link Attributes} sink that records what a filesystem writes into public fields. Every field starts at
 * {@link #UNSET}, so that an assertion on a value that was never written fails; {@link #reset()} restores that
 * state, so that one instance can be reused without allocating. Times are kept as written, in seconds and
 * nanoseconds; {@link #atime()}, {@link #mtime()} and {@link #ctime()} return them as instants.
 */
public final class RecordedAttributes implements Attributes {

    /** The value of every field that was not written. */
    public static final int UNSET = -1;

    /** The inode number. */
    public long ino;
    /** The type and permission bits. */
    public int mode;
    /** The link count. */
    public int nlink;
    /** The owner. */
    public int uid;
    /** The group. */
    public int gid;
    /** The device number. */
    public int rdev;
    /** The size in bytes. */
    public long size;
    /** The allocated 512-byte blocks. */
    public long blocks;
    /** The preferred I/O size. */
    public int blksize;
    /** The access time's seconds since the epoch. */
    public long atimeSeconds;
    /** The access time's nanoseconds. */
    public int atimeNanos;
    /** The modification time's seconds since the epoch. */
    public long mtimeSeconds;
    /** The modification time's nanoseconds. */
    public int mtimeNanos;
    /** The change time's seconds since the epoch. */
    public long ctimeSeconds;
    /** The change time's nanoseconds. */
    public int ctimeNanos;

    /** Creates a sink with nothing recorded. */
    public RecordedAttributes() {
        reset();
    }

    /** Forgets everything recorded: every field becomes {@link #UNSET}. */
    public void reset() {
        ino = UNSET;
        mode = UNSET;
        nlink = UNSET;
        uid = UNSET;
        gid = UNSET;
        rdev = UNSET;
        size = UNSET;
        blocks = UNSET;
        blksize = UNSET;
        atimeSeconds = UNSET;
        atimeNanos = UNSET;
        mtimeSeconds = UNSET;
        mtimeNanos = UNSET;
        ctimeSeconds = UNSET;
        ctimeNanos = UNSET;
    }

    /**
     * Returns the access time.
     *
     * @return the recorded seconds and nanoseconds as an instant
     */
    public Instant atime() {
        return Instant.ofEpochSecond(atimeSeconds, atimeNanos);
    }

    /**
     * Returns the modification time.
     *
     * @return the recorded seconds and nanoseconds as an instant
     */
    public Instant mtime() {
        return Instant.ofEpochSecond(mtimeSeconds, mtimeNanos);
    }

    /**
     * Returns the change time.
     *
     * @return the recorded seconds and nanoseconds as an instant
     */
    public Instant ctime() {
        return Instant.ofEpochSecond(ctimeSeconds, ctimeNanos);
    }

    @Override
    public Attributes ino(long ino) {
        this.ino = ino;
        return this;
    }

    @Override
    public Attributes mode(int mode) {
        this.mode = mode;
        return this;
    }

    @Override
    public Attributes nlink(int nlink) {
        this.nlink = nlink;
        return this;
    }

    @Override
    public Attributes uid(int uid) {
        this.uid = uid;
        return this;
    }

    @Override
    public Attributes gid(int gid) {
        this.gid = gid;
        return this;
    }

    @Override
    public Attributes rdev(int rdev) {
        this.rdev = rdev;
        return this;
    }

    @Override
    public Attributes size(long size) {
        this.size = size;
        return this;
    }

    @Override
    public Attributes blocks(long blocks) {
        this.blocks = blocks;
        return this;
    }

    @Override
    public Attributes blksize(int blksize) {
        this.blksize = blksize;
        return this;
    }

    @Override
    public Attributes atime(long seconds, int nanoseconds) {
        this.atimeSeconds = seconds;
        this.atimeNanos = nanoseconds;
        return this;
    }

    @Override
    public Attributes mtime(long seconds, int nanoseconds) {
        this.mtimeSeconds = seconds;
        this.mtimeNanos = nanoseconds;
        return this;
    }

    @Override
    public Attributes ctime(long seconds, int nanoseconds) {
        this.ctimeSeconds = seconds;
        this.ctimeNanos = nanoseconds;
        return this;
    }
}
