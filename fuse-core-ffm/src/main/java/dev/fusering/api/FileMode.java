package dev.fusering.api;

/**
 * File type and permission bits of {@code st_mode}, as Linux defines them.
 */
public final class FileMode {

    /** Mask of the file type bits. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 0060000;
    /** Directory. */
    public static final int S_IFDIR = 0040000;
    /** Character device. */
    public static final int S_IFCHR = 0020000;
    /** FIFO. */
    public static final int S_IFIFO = 0010000;
    /** Set-user-id bit. */
    public static final int S_ISUID = 04000;
    /** Set-group-id bit. */
    public static final int S_ISGID = 02000;
    /** Sticky bit. */
    public static final int S_ISVTX = 01000;
    /** Mask of the permission bits including setuid, setgid and sticky. */
    public static final int PERMISSIONS = 07777;

    private FileMode() {
    }

    /**
     * Returns the file type bits of a mode.
     *
     * @param mode an {@code st_mode}
     * @return {@code mode & S_IFMT}
     */
    public static int type(int mode) {
        return mode & S_IFMT;
    }

    /**
     * Tells whether a mode describes a directory.
     *
     * @param mode an {@code st_mode}
     * @return true for a directory
     */
    public static boolean isDirectory(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /**
     * Tells whether a mode describes a regular file.
     *
     * @param mode an {@code st_mode}
     * @return true for a regular file
     */
    public static boolean isRegular(int mode) {
        return (mode & S_IFMT) == S_IFREG;
    }

    /**
     * Tells whether a mode describes a symbolic link.
     *
     * @param mode an {@code st_mode}
     * @return true for a symbolic link
     */
    public static boolean isSymlink(int mode) {
        return (mode & S_IFMT) == S_IFLNK;
    }
}
