package dev.fusering.testing;

import dev.fusering.api.StatfsReply;

/** A {@link StatfsReply} that records what a filesystem writes; every field starts at {@link #UNSET}. */
public final class RecordedStatfs implements StatfsReply {

    /** The value of every field that was not written. */
    public static final int UNSET = RecordedAttributes.UNSET;

    /** The total blocks. */
    public long blocks = UNSET;
    /** The free blocks. */
    public long blocksFree = UNSET;
    /** The blocks available to unprivileged users. */
    public long blocksAvailable = UNSET;
    /** The total inodes. */
    public long files = UNSET;
    /** The free inodes. */
    public long filesFree = UNSET;
    /** The block size. */
    public int blockSize = UNSET;
    /** The fragment size. */
    public int fragmentSize = UNSET;
    /** The longest name. */
    public int maxNameLength = UNSET;

    /** Creates a reply with nothing recorded. */
    public RecordedStatfs() {
    }

    @Override
    public StatfsReply blocks(long blocks) {
        this.blocks = blocks;
        return this;
    }

    @Override
    public StatfsReply blocksFree(long free) {
        this.blocksFree = free;
        return this;
    }

    @Override
    public StatfsReply blocksAvailable(long available) {
        this.blocksAvailable = available;
        return this;
    }

    @Override
    public StatfsReply files(long files) {
        this.files = files;
        return this;
    }

    @Override
    public StatfsReply filesFree(long free) {
        this.filesFree = free;
        return this;
    }

    @Override
    public StatfsReply blockSize(int bsize) {
        this.blockSize = bsize;
        return this;
    }

    @Override
    public StatfsReply fragmentSize(int frsize) {
        this.fragmentSize = frsize;
        return this;
    }

    @Override
    public StatfsReply maxNameLength(int namelen) {
        this.maxNameLength = namelen;
        return this;
    }
}
