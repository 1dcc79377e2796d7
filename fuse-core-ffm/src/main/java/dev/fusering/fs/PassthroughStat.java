package dev.fusering.fs;

import dev.fusering.api.Attributes;
import dev.fusering.api.FileMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * The attributes of one source file as {@code java.nio}'s {@code unix} view reports them, without following
 * symbolic links ({@code lstat}).
 *
 * <p>{@code st_blocks} is not available from {@code java.nio}: {@link #blocks()} approximates it as the size
 * rounded up to whole 4 KiB blocks, expressed in 512-byte units. That is what most filesystems allocate for a
 * dense file; sparse files are over-reported and inline or compressed files may differ.
 *
 * @param ino   the inode number
 * @param dev   the device number of the file's filesystem
 * @param mode  type and permission bits ({@code st_mode})
 * @param nlink the number of hard links
 * @param uid   the owner
 * @param gid   the group
 * @param rdev  the device number of a device node, 0 otherwise
 * @param size  the size in bytes
 * @param atime the last access time
 * @param mtime the last modification time
 * @param ctime the last status change time
 */
record PassthroughStat(long ino, long dev, int mode, int nlink, int uid, int gid, long rdev, long size,
                       FileTime atime, FileTime mtime, FileTime ctime) {

    /** The preferred I/O size reported to {@code stat} ({@code st_blksize}). */
    static final int BLOCK_SIZE = 4096;

    /**
     * The attributes asked of the {@code unix} view: those needed, and not {@code owner}/{@code group},
     * which would cost a user and group database lookup for each call of {@code "unix:*"}.
     */
    private static final String ATTRIBUTES =
        "unix:ino,dev,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime";

    /**
     * Reads the attributes of a file without following a final symbolic link.
     *
     * @param path the file
     * @return its attributes
     * @throws IOException as {@link Files#readAttributes(Path, String, LinkOption...)} does
     */
    static PassthroughStat read(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new PassthroughStat(
            (Long) a.get("ino"),
            (Long) a.get("dev"),
            (Integer) a.get("mode"),
            (Integer) a.get("nlink"),
            (Integer) a.get("uid"),
            (Integer) a.get("gid"),
            (Long) a.get("rdev"),
            (Long) a.get("size"),
            (FileTime) a.get("lastAccessTime"),
            (FileTime) a.get("lastModifiedTime"),
            (FileTime) a.get("ctime"));
    }

    /**
     * Returns the key that identifies the file: device and inode number.
     *
     * @return the key
     */
    PassthroughInodeKey key() {
        return new PassthroughInodeKey(dev, ino);
    }

    /**
     * Returns the file type bits of {@link #mode()}.
     *
     * @return {@code mode & S_IFMT}
     */
    int type() {
        return FileMode.type(mode);
    }

    /**
     * Tells whether the file is a directory.
     *
     * @return true for a directory
     */
    boolean isDirectory() {
        return type() == FileMode.S_IFDIR;
    }

    /**
     * Tells whether the file is a regular file.
     *
     * @return true for a regular file
     */
    boolean isRegular() {
        return type() == FileMode.S_IFREG;
    }

    /**
     * Tells whether the file is a symbolic link.
     *
     * @return true for a symbolic link
     */
    boolean isSymlink() {
        return type() == FileMode.S_IFLNK;
    }

    /**
     * Returns the approximate number of 512-byte blocks allocated: the size rounded up to 4 KiB blocks.
     *
     * @return the block count
     */
    long blocks() {
        long fullBlocks = size / BLOCK_SIZE + (size % BLOCK_SIZE == 0 ? 0 : 1);
        return fullBlocks * (BLOCK_SIZE / 512);
    }

    /**
     * Returns a copy for a file whose last name is gone but which is still open: no links, the given size.
     *
     * @param currentSize the size seen through an open channel
     * @return the adjusted attributes
     */
    PassthroughStat unlinked(long currentSize) {
        return new PassthroughStat(ino, dev, mode, 0, uid, gid, rdev, currentSize, atime, mtime, ctime);
    }

    /**
     * Writes these attributes into a reply.
     *
     * @param out the attributes of an entry or attribute reply
     */
    void fill(Attributes out) {
        Instant a = atime.toInstant();
        Instant m = mtime.toInstant();
        Instant c = ctime.toInstant();
        // The low 32 bits of glibc's 64-bit dev_t are the kernel's 32-bit device encoding that fuse_attr.rdev
        // carries, for majors below 4096 and minors below 2^20.
        out.ino(ino)
            .mode(mode)
            .nlink(nlink)
            .uid(uid)
            .gid(gid)
            .rdev((int) rdev)
            .size(size)
            .blocks(blocks())
            .blksize(BLOCK_SIZE)
            .atime(a.getEpochSecond(), a.getNano())
            .mtime(m.getEpochSecond(), m.getNano())
            .ctime(c.getEpochSecond(), c.getNano());
    }
}
