package dev.fusering.api;

import dev.fusering.internal.abi.FuseDirent;
import dev.fusering.internal.dispatch.Dirents;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A directory listing encoded once, in the kernel's READDIR record format, and served by
 * {@link DirectoryFiller#addAll}: each READDIR then costs one copy of whole records instead of encoding every
 * entry again. Build one with {@link #builder()} for a directory whose entries do not change between
 * listings (a read-only tree, an archive, a generated directory), and build a new one when they change: a
 * listing is immutable and may be shared by any number of threads.
 *
 * <p>Offsets: entry {@code k} (counted from 0, in the order added) continues at offset {@code k + 1}, and a
 * READDIR at offset {@code o} starts with entry {@code o}, so a filesystem answers with
 * {@code filler.addAll(listing, offset)}. Add {@code "."} and {@code ".."} like any other entry when the
 * listing should show them.
 *
 * <pre>{@code
 * DirectoryListing listing = DirectoryListing.builder()
 *         .add(dirId, ".", FileMode.S_IFDIR)
 *         .add(parentId, "..", FileMode.S_IFDIR)
 *         .add(fileId, "readme.txt", FileMode.S_IFREG)
 *         .build();
 * ...
 * public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
 *     filler.addAll(listing, offset);
 * }
 * }</pre>
 */
public final class DirectoryListing {

    /** fuse_dirent records of every entry, back to back, in native byte order. */
    private final byte[] records;
    /** Where each entry's record starts in {@link #records}; one more element, the total length, at the end. */
    private final int[] starts;
    private final long[] inos;
    private final byte[][] names;
    private final int[] modes;

    private DirectoryListing(Builder b) {
        this.records = Arrays.copyOf(b.records, b.length);
        this.starts = Arrays.copyOf(b.starts, b.size + 1);
        this.starts[b.size] = b.length;
        this.inos = Arrays.copyOf(b.inos, b.size);
        this.names = Arrays.copyOf(b.names, b.size);
        this.modes = Arrays.copyOf(b.modes, b.size);
    }

    /**
     * Starts a new listing.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of entries.
     *
     * @return the entry count
     */
    public int size() {
        return inos.length;
    }

    /**
     * Returns the inode number of an entry.
     *
     * @param entry the entry's index, 0 to {@link #size()} - 1
     * @return its inode number
     */
    public long ino(int entry) {
        return inos[entry];
    }

    /**
     * Returns the name of an entry, decoded as UTF-8.
     *
     * @param entry the entry's index, 0 to {@link #size()} - 1
     * @return its name
     */
    public String name(int entry) {
        return new String(names[entry], StandardCharsets.UTF_8);
    }

    /**
     * Returns the file type of an entry.
     *
     * @param entry the entry's index, 0 to {@link #size()} - 1
     * @return its type bits as given to the builder, e.g. {@link FileMode#S_IFDIR}
     */
    public int mode(int entry) {
        return modes[entry];
    }

    /**
     * Returns the encoded size of the whole listing.
     *
     * @return the bytes of all records
     */
    public int byteSize() {
        return records.length;
    }

    /**
     * The name of an entry as stored, not copied: for {@link DirectoryFiller#addAll}'s default implementation,
     * which must neither allocate nor change it.
     */
    byte[] nameBytes(int entry) {
        return names[entry];
    }

    /**
     * Counts how many whole records, from an entry on, fit into a number of bytes. For fillers that copy
     * records with {@link #copyRecords}.
     *
     * @param from     the first entry, 0 to {@link #size()}
     * @param capacity the bytes available
     * @return the number of entries whose records fit, 0 to {@code size() - from}
     */
    public int entriesFitting(int from, int capacity) {
        checkEntry(from);
        long limit = (long) starts[from] + Math.max(0, capacity);
        // The last entry end <= limit: ends are starts[from + 1 ..= size].
        int lo = from;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= limit) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo - from;
    }

    /**
     * Returns the bytes taken by the records of a run of entries.
     *
     * @param from  the first entry, 0 to {@link #size()}
     * @param count the number of entries, 0 to {@code size() - from}
     * @return their encoded length
     */
    public int recordBytes(int from, int count) {
        checkRun(from, count);
        return starts[from + count] - starts[from];
    }

    /**
     * Copies the records of a run of entries, ready for a READDIR reply.
     *
     * @param from   the first entry, 0 to {@link #size()}
     * @param count  the number of entries, 0 to {@code size() - from}
     * @param target where to copy them
     * @param offset the offset in {@code target}
     */
    public void copyRecords(int from, int count, MemorySegment target, long offset) {
        checkRun(from, count);
        int start = starts[from];
        MemorySegment.copy(records, start, target, ValueLayout.JAVA_BYTE, offset, starts[from + count] - start);
    }

    private void checkEntry(int from) {
        if (from < 0 || from > size()) {
            throw new IndexOutOfBoundsException("entry " + from + " of a listing of " + size());
        }
    }

    private void checkRun(int from, int count) {
        checkEntry(from);
        if (count < 0 || count > size() - from) {
            throw new IndexOutOfBoundsException(count + " entries from " + from + " of a listing of " + size());
        }
    }

    /**
     * Collects the entries of a {@link DirectoryListing}, checking each name as READDIR does. Not thread-safe.
     */
    public static final class Builder {

        private byte[] records = new byte[1024];
        private int length;
        private int[] starts = new int[16];
        private long[] inos = new long[16];
        private byte[][] names = new byte[16][];
        private int[] modes = new int[16];
        private int size;

        private Builder() {
        }

        /**
         * Adds an entry; it continues at offset {@code index + 1}.
         *
         * @param ino  the entry's inode number (informational; the kernel uses LOOKUP for the node id)
         * @param name the entry's name
         * @param mode the entry's file type bits, e.g. {@link FileMode#S_IFDIR} (permission bits are ignored)
         * @return this builder
         * @throws IllegalArgumentException when the name is empty, longer than 1024 bytes in UTF-8, or contains
         *                                  '/' or NUL
         */
        public Builder add(long ino, String name, int mode) {
            Dirents.nameLength(name);
            return append(ino, name.getBytes(StandardCharsets.UTF_8), mode);
        }

        /**
         * Adds an entry whose name is given as bytes (copied); it continues at offset {@code index + 1}.
         *
         * @param ino  the entry's inode number
         * @param name the entry's name, without NUL
         * @param mode the entry's file type bits
         * @return this builder
         * @throws IllegalArgumentException when the name is empty, longer than 1024 bytes, or contains '/' or NUL
         */
        public Builder add(long ino, byte[] name, int mode) {
            Dirents.nameLength(name);
            return append(ino, name.clone(), mode);
        }

        /**
         * Returns the listing of the entries added so far; the builder may go on.
         *
         * @return the listing
         */
        public DirectoryListing build() {
            return new DirectoryListing(this);
        }

        private Builder append(long ino, byte[] name, int mode) {
            int recordSize = (int) FuseDirent.recordSize(name.length);
            if (length + (long) recordSize > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a directory listing is limited to 2 GiB of records");
            }
            if (size + 1 >= starts.length) {
                int n = starts.length * 2;
                starts = Arrays.copyOf(starts, n);
                inos = Arrays.copyOf(inos, n);
                names = Arrays.copyOf(names, n);
                modes = Arrays.copyOf(modes, n);
            }
            if (length + recordSize > records.length) {
                records = Arrays.copyOf(records, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max((long) records.length * 2, (long) length + recordSize)));
            }
            Dirents.put(MemorySegment.ofArray(records), length, ino, size + 1L, mode, name);
            starts[size] = length;
            inos[size] = ino;
            names[size] = name;
            modes[size] = mode;
            length += recordSize;
            size++;
            return this;
        }
    }
}
