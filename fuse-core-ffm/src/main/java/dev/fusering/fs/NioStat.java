package dev.fusering.fs;

import dev.fusering.api.Attributes;
import dev.fusering.api.FileMode;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The attributes of one file of a {@link NioFilesystem}, as read by {@link NioAttributeReader}.
 *
 * @param mode  type and permission bits ({@code st_mode})
 * @param ino   the provider's inode number, or 0 when it has none (the node id is reported instead)
 * @param nlink the number of hard links
 * @param uid   the owner
 * @param gid   the group
 * @param rdev  the device number of a device node, 0 otherwise
 * @param size  the size in bytes
 * @param atime the last access time
 * @param mtime the last modification time
 * @param ctime the last status change time
 */
record NioStat(int mode, long ino, int nlink, int uid, int gid, long rdev, long size, FileTime atime,
               FileTime mtime, FileTime ctime) {

    /** The preferred I/O size reported to {@code stat} ({@code st_blksize}). */
    static final int BLOCK_SIZE = 4096;

    /**
     * Returns the file type bits.
     *
     * @return {@code mode & S_IFMT}
     */
    int type() {
        return FileMode.type(mode);
    }

    /**
     * Tells whether this is a directory.
     *
     * @return true for a directory
     */
    boolean isDirectory() {
        return FileMode.isDirectory(mode);
    }

    /**
     * Returns the inode number to report: the provider's, or the node id when the provider has none.
     *
     * @param nodeId the node id of the file
     * @return the inode number
     */
    long inode(long nodeId) {
        return ino != 0 ? ino : nodeId;
    }

    /**
     * Returns a copy with another link count (0 for a file whose last name was removed).
     *
     * @param links the link count
     * @return the copy
     */
    NioStat withNlink(int links) {
        return new NioStat(mode, ino, links, uid, gid, rdev, size, atime, mtime, ctime);
    }

    /**
     * Returns a copy with another size.
     *
     * @param newSize the size
     * @return the copy
     */
    NioStat withSize(long newSize) {
        return new NioStat(mode, ino, nlink, uid, gid, rdev, newSize, atime, mtime, ctime);
    }

    /**
     * Writes the attributes into a reply.
     *
     * @param a      the reply's attributes
     * @param nodeId the node id, the inode number when the provider has none
     */
    void fill(Attributes a, long nodeId) {
        a.ino(inode(nodeId)).mode(mode).nlink(nlink).uid(uid).gid(gid).rdev((int) rdev).size(size)
            .blocks((size + 511) / 512).blksize(BLOCK_SIZE);
        Instant at = atime.toInstant();
        Instant mt = mtime.toInstant();
        Instant ct = ctime.toInstant();
        a.atime(at.getEpochSecond(), at.getNano()).mtime(mt.getEpochSecond(), mt.getNano())
            .ctime(ct.getEpochSecond(), ct.getNano());
    }
}
