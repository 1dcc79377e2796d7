package dev.fusering.fs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The listing of a directory taken at OPENDIR by {@link PassthroughFilesystem}: {@code "."}, {@code ".."}
 * and the directory's entries with their inode numbers and file types, in the order the source filesystem
 * returned them (see {@link DirectorySnapshots} for how READDIR offsets index it).
 *
 * <p>Immutable and thread-safe once taken.
 *
 * @param entries the entries, {@code "."} and {@code ".."} first
 */
record PassthroughDirectory(List<DirectoryEntry> entries) {

    /**
     * Creates a listing.
     *
     * @param entries the entries, copied
     */
    PassthroughDirectory {
        entries = List.copyOf(entries);
    }

    /**
     * Lists a directory now. Entries that disappear while being listed are left out; an entry whose type
     * cannot be read is listed with type 0 ({@code DT_UNKNOWN}), which makes the kernel look it up.
     *
     * @param directory the directory
     * @param selfIno   its inode number, for {@code "."}
     * @param parentIno its parent's inode number, for {@code ".."}
     * @return the listing
     * @throws IOException when the directory cannot be read
     */
    static PassthroughDirectory read(Path directory, long selfIno, long parentIno) throws IOException {
        List<DirectoryEntry> entries = DirectorySnapshots.withDots(selfIno, parentIno);
        for (Path child : DirectorySnapshots.children(directory)) {
            DirectoryEntry entry = describe(child);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new PassthroughDirectory(entries);
    }

    private static DirectoryEntry describe(Path child) {
        String name = child.getFileName().toString();
        try {
            PassthroughStat stat = PassthroughStat.read(child);
            return new DirectoryEntry(name, stat.ino(), stat.type());
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException unreadable) {
            return new DirectoryEntry(name, 0, 0);
        }
    }
}
