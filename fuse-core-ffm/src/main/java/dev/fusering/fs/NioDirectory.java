package dev.fusering.fs;

import java.util.List;

/**
 * The listing of a directory of a {@link NioFilesystem}, taken at OPENDIR: {@code "."}, {@code ".."} and the
 * entries in the order the provider returned them (see {@link DirectorySnapshots} for how READDIR offsets
 * index it).
 *
 * <p>Immutable and thread-safe.
 *
 * @param path    the directory's path relative to the served root, when the listing was taken
 * @param entries the entries, {@code "."} and {@code ".."} first
 */
record NioDirectory(String path, List<DirectoryEntry> entries) {

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
