package dev.fusering.internal.dispatch;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryListing;
import dev.fusering.internal.abi.FuseDirent;
import java.lang.foreign.MemorySegment;

/**
 * The {@link DirectoryFiller} handed to the filesystem for READDIR: packs {@code fuse_dirent} records
 * into the reply window. Once an entry does not fit, the filler stays full, so an entry is never dropped
 * while a later, shorter one is added.
 */
final class DirFiller implements DirectoryFiller {

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int capacity;
    private int length;
    private int entries;
    private boolean full;

    /** Creates a filler that is not yet started. */
    DirFiller() {
    }

    /**
     * Starts a reply.
     *
     * @param segment  the reply segment
     * @param base     where the reply body starts
     * @param capacity how many bytes the records may take
     */
    void start(MemorySegment segment, long base, int capacity) {
        this.segment = segment;
        this.base = base;
        this.capacity = capacity;
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
    public boolean add(long ino, String name, int mode, long nextOffset) {
        if (full) {
            return false;
        }
        int nameLength = Dirents.nameLength(name);
        long at = reserve(FuseDirent.recordSize(nameLength));
        if (at < 0) {
            return false;
        }
        Dirents.put(segment, at, ino, nextOffset, mode, name, nameLength);
        return true;
    }

    @Override
    public boolean add(long ino, byte[] name, int mode, long nextOffset) {
        if (full) {
            return false;
        }
        int nameLength = Dirents.nameLength(name);
        long at = reserve(FuseDirent.recordSize(nameLength));
        if (at < 0) {
            return false;
        }
        Dirents.put(segment, at, ino, nextOffset, mode, name);
        return true;
    }

    /** Copies whole records of the listing at once (one copy per reply instead of encoding every entry). */
    @Override
    public boolean addAll(DirectoryListing listing, long offset) {
        if (full) {
            return false;
        }
        int size = listing.size();
        if (offset >= size) {
            return true;
        }
        int from = (int) Math.max(0, offset);
        int count = listing.entriesFitting(from, capacity - length);
        if (count > 0) {
            listing.copyRecords(from, count, segment, base + length);
            length += listing.recordBytes(from, count);
            entries += count;
        }
        if (from + count < size) {
            full = true;
            return false;
        }
        return true;
    }

    /** Returns where a record of {@code size} bytes goes, or -1 (and becomes full) when it does not fit. */
    private long reserve(long size) {
        if (length + size > capacity) {
            full = true;
            return -1;
        }
        long at = base + length;
        length += (int) size;
        entries++;
        return at;
    }
}
