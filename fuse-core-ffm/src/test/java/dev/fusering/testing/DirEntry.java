package dev.fusering.testing;

/**
 * One directory entry recorded by a {@link RecordingFiller} or {@link RecordingPlusFiller}.
 *
 * @param ino        the inode number
 * @param name       the name, decoded as UTF-8
 * @param mode       the type bits
 * @param nextOffset the offset of the next entry
 */
public record DirEntry(long ino, String name, int mode, long nextOffset) {
}
