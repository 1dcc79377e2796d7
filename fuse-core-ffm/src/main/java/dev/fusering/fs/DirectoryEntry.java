package dev.fusering.fs;

/**
 * One entry of a directory listing taken at OPENDIR by a filesystem that mirrors a {@code java.nio.file}
 * tree ({@link NioDirectory}, {@link PassthroughDirectory}).
 *
 * @param name the entry's name
 * @param ino  its inode number
 * @param type its file type bits ({@code S_IFDIR}, ...), 0 when unknown ({@code DT_UNKNOWN}, which makes the
 *             kernel look it up)
 */
record DirectoryEntry(String name, long ino, int type) {

    /**
     * Tells whether this is the {@code "."} or {@code ".."} entry.
     *
     * @return true for a dot entry
     */
    boolean isDot() {
        return name.equals(".") || name.equals("..");
    }
}
