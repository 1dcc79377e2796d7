package dev.fusering.internal.dispatch;

import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.internal.abi.FuseDirentplus;
import java.lang.foreign.MemorySegment;

/**
 * The {@link DirectoryPlusFiller} handed to the filesystem for READDIRPLUS: packs
 * {@code fuse_direntplus} records into the reply window. Each added record's {@code entry_out} starts
 * zeroed with the default timeouts; the returned {@link EntryReply} is one reused writer, re-pointed by
 * every {@link #add}, so an entry must be filled before the next one is added. Once an entry does not fit,
 * the filler stays full.
 */
final class DirPlusFiller implements DirectoryPlusFiller {

    private final EntryReplyWriter entry = new EntryReplyWriter();
    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int capacity;
    private long entryTimeoutNanos;
    private long attrTimeoutNanos;
    private int length;
    private int entries;
    private boolean full;

    /** Creates a filler that is not yet started. */
    DirPlusFiller() {
    }

    /**
     * Starts a reply.
     *
     * @param segment           the reply segment
     * @param base              where the reply body starts
     * @param capacity          how many bytes the records may take
     * @param entryTimeoutNanos the default entry timeout of each record
     * @param attrTimeoutNanos  the default attribute timeout of each record
     */
    void start(MemorySegment segment, long base, int capacity, long entryTimeoutNanos, long attrTimeoutNanos) {
        this.segment = segment;
        this.base = base;
        this.capacity = capacity;
        this.entryTimeoutNanos = entryTimeoutNanos;
        this.attrTimeoutNanos = attrTimeoutNanos;
        this.length = 0;
        this.entries = 0;
        this.full = false;
    }

    /**
     * Returns the number of bytes packed so far.
     *
     * @return the reply body length
     */
    int length() {
        return length;
    }

    /**
     * Returns the number of entries packed so far.
     *
     * @return the entry count
     */
    int entries() {
        return entries;
    }

    /**
     * Tells whether an entry was refused for lack of space.
     *
     * @return true once the filler is full
     */
    boolean isFull() {
        return full;
    }

    @Override
    public EntryReply add(long ino, String name, int mode, long nextOffset) {
        if (full) {
            return null;
        }
        int nameLength = Dirents.nameLength(name);
        long at = reserve(nameLength);
        if (at < 0) {
            return null;
        }
        Dirents.put(segment, at + FuseDirentplus.DIRENT, ino, nextOffset, mode, name, nameLength);
        return entryAt(at);
    }

    @Override
    public EntryReply add(long ino, byte[] name, int mode, long nextOffset) {
        if (full) {
            return null;
        }
        long at = reserve(Dirents.nameLength(name));
        if (at < 0) {
            return null;
        }
        Dirents.put(segment, at + FuseDirentplus.DIRENT, ino, nextOffset, mode, name);
        return entryAt(at);
    }

    /** Returns where a record with a name of {@code nameLength} bytes goes, or -1 (and becomes full). */
    private long reserve(int nameLength) {
        long size = FuseDirentplus.recordSize(nameLength);
        if (length + size > capacity) {
            full = true;
            return -1;
        }
        long at = base + length;
        length += (int) size;
        entries++;
        return at;
    }

    /** Points the entry writer at the record's {@code entry_out}, zeroed with the default timeouts. */
    private EntryReply entryAt(long at) {
        entry.start(segment, at + FuseDirentplus.ENTRY_OUT, entryTimeoutNanos, attrTimeoutNanos);
        return entry;
    }
}
