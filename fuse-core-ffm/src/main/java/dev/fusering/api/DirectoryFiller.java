package dev.fusering.api;

/**
 * Packs directory entries into a READDIR reply.
 *
 * <p>Add entries in order, each with the offset at which a later READDIR should continue <em>after</em>
 * it. When an entry does not fit, {@link #add} returns false and the filler stays full: stop there; the
 * kernel asks again from the offset of the last entry that was added, so nothing is lost. Only valid during
 * the call that received it.
 */
public interface DirectoryFiller {

    /**
     * Adds one entry.
     *
     * @param ino        the entry's inode number (informational; the kernel uses LOOKUP for the node id)
     * @param name       the entry's name
     * @param mode       the entry's file type bits, e.g. {@link FileMode#S_IFDIR} (permission bits are ignored)
     * @param nextOffset the non-zero offset to continue from after this entry
     * @return true when added, false when the reply is full (then nothing more is added)
     */
    boolean add(long ino, String name, int mode, long nextOffset);

    /**
     * Adds one entry whose name is given as bytes.
     *
     * @param ino        the entry's inode number
     * @param name       the entry's name, without NUL
     * @param mode       the entry's file type bits
     * @param nextOffset the non-zero offset to continue from after this entry
     * @return true when added, false when the reply is full
     */
    boolean add(long ino, byte[] name, int mode, long nextOffset);

    /**
     * Adds the entries of a pre-encoded listing from entry {@code offset} on, as many as fit (entry {@code k}
     * continues at offset {@code k + 1}, see {@link DirectoryListing}). The engine's filler copies whole records
     * at once; this default adds them one by one with {@link #add(long, byte[], int, long)}.
     *
     * @param listing the listing
     * @param offset  the READDIR offset: the index of the first entry to add; at or past the end adds nothing
     * @return true when every remaining entry was added (the listing's end), false when the reply filled up
     *     first (then nothing more is added)
     */
    default boolean addAll(DirectoryListing listing, long offset) {
        for (long k = Math.max(0, offset); k < listing.size(); k++) {
            int entry = (int) k;
            if (!add(listing.ino(entry), listing.nameBytes(entry), listing.mode(entry), k + 1)) {
                return false;
            }
        }
        return true;
    }
}
