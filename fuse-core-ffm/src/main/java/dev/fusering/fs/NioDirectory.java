package dev.fusering.fs;

import java.util.List;

/**
 * The listing of a directory of a {@link NioFilesystem}, taken at OPENDIR: {@code "."}, {@code ".."} and the
 * entries in the order the provider returned them. READDIR offsets are indices into the listing plus one,
 * so a listing can be resumed from any offset handed out earlier, however the directory changes meanwhile.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path    the directory's path relative to the served root, when the listing was taken
 * @param entries the entries, {@code "."} and {@code ".."} first
 */
record NioDirectory(String path, List<Entry> entries) {

    /**
     * One entry of a listing.
     *
     * @param name the entry's name
     * @param ino  its inode number
     * @param type its file type bits ({@code S_IFDIR}, ...), 0 when unknown
     */
    record Entry(String name, long ino, int type) {

        /**
         * Tells whether this is the {@code "."} or {@code ".."} entry.
         *
         * @return true for a dot entry
         */
        boolean isDot() {
            return name.equals(".") || name.equals("..");
        }
    }

    /**
     * Creates a listing.
     *
     * @param path    the directory's path
     * @param entries the entries, copied
     */
    NioDirectory {
        entries = List.copyOf(entries);
    }
}
