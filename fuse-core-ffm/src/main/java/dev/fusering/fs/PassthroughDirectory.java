package dev.fusering.fs;

import dev.fusering.api.FileMode;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The listing of a directory taken at OPENDIR by {@link PassthroughFilesystem}: {@code "."}, {@code ".."}
 * and the directory's entries with their inode numbers and file types, in the order the source filesystem
 * returned them. READDIR offsets are indices into the listing plus one, so a listing can be resumed from any
 * offset handed out earlier.
 *
 * <p>Immutable and thread-safe once taken.
 *
 * @param entries the entries, {@code "."} and {@code ".."} first
 */
record PassthroughDirectory(List<Entry> entries) {

    /**
     * One entry of a listing.
     *
     * @param name the entry's name
     * @param ino  its inode number in the source filesystem
     * @param type its file type bits ({@code S_IFDIR}, ...), or 0 when they could not be read
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
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(".", selfIno, FileMode.S_IFDIR));
        entries.add(new Entry("..", parentIno, FileMode.S_IFDIR));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                Entry entry = describe(child);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return new PassthroughDirectory(entries);
    }

    private static Entry describe(Path child) {
        String name = child.getFileName().toString();
        try {
            PassthroughStat stat = PassthroughStat.read(child);
            return new Entry(name, stat.ino(), stat.type());
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException unreadable) {
            return new Entry(name, 0, 0);
        }
    }
}
