package dev.fusering.api;

/**
 * Packs directory entries with their attributes into a READDIRPLUS reply.
 *
 * <p>Same rules as {@link DirectoryFiller}, except that each added entry also returns an
 * {@link EntryReply} to fill. Setting a non-zero {@link EntryReply#nodeId(long)} counts as a lookup of
 * that node (the kernel will FORGET it later); leaving it at 0 (for "." and "..", say) makes the kernel
 * look the entry up on its own when needed. Only valid during the call that received it.
 */
public interface DirectoryPlusFiller {

    /**
     * Adds one entry.
     *
     * @param ino        the entry's inode number
     * @param name       the entry's name
     * @param mode       the entry's file type bits
     * @param nextOffset the non-zero offset to continue from after this entry
     * @return the entry's reply to fill, or null when the reply is full (then nothing more is added)
     */
    EntryReply add(long ino, String name, int mode, long nextOffset);

    /**
     * Adds one entry whose name is given as bytes (for names that are not valid UTF-8).
     *
     * @param ino        the entry's inode number
     * @param name       the entry's name, without NUL
     * @param mode       the entry's file type bits
     * @param nextOffset the non-zero offset to continue from after this entry
     * @return the entry's reply to fill, or null when the reply is full (then nothing more is added)
     */
    EntryReply add(long ino, byte[] name, int mode, long nextOffset);
}
