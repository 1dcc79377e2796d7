package dev.fusering.fs;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the filesystems that mirror a {@code java.nio.file} tree ({@link NioFilesystem},
 * {@link PassthroughFilesystem}) take a directory listing at OPENDIR and hand it out at READDIR: the listing
 * starts with {@code "."} and {@code ".."}, and a READDIR offset is an index into it plus one, so that a
 * listing can be resumed from any offset handed out earlier, however the directory changes meanwhile.
 *
 * <p>Stateless and thread-safe.
 */
final class DirectorySnapshots {

    private DirectorySnapshots() {
    }

    /**
     * Starts a listing with its {@code "."} and {@code ".."} entries.
     *
     * @param selfIno   the directory's inode number
     * @param parentIno its parent's inode number
     * @return a new, modifiable list holding the two dot entries
     */
    static List<DirectoryEntry> withDots(long selfIno, long parentIno) {
        List<DirectoryEntry> entries = new ArrayList<>();
        entries.add(new DirectoryEntry(".", selfIno, FileMode.S_IFDIR));
        entries.add(new DirectoryEntry("..", parentIno, FileMode.S_IFDIR));
        return entries;
    }

    /**
     * Returns the paths of a directory's entries, in the order the provider returns them.
     *
     * @param directory the directory
     * @return its entries
     * @throws IOException when the directory cannot be read (also when reading fails half-way)
     */
    static List<Path> children(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return children;
    }

    /**
     * Tells whether a directory has any entry.
     *
     * @param directory the directory
     * @return true when it is not empty
     * @throws IOException when the directory cannot be read
     */
    static boolean hasEntries(Path directory) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            return stream.iterator().hasNext();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /**
     * Returns the index of the first entry to hand out for a READDIR offset.
     *
     * @param offset the offset from the kernel: 0, or one handed out earlier
     * @param size   the number of entries of the listing
     * @return the index, at most {@code size}
     * @throws FuseException {@code EINVAL} for a negative offset
     */
    static int start(long offset, int size) {
        if (offset < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        return (int) Math.min(offset, size);
    }

    /**
     * Hands out a listing to READDIR from an offset until the reply is full.
     *
     * @param entries the listing
     * @param offset  the offset from the kernel
     * @param filler  the reply
     * @throws FuseException {@code EINVAL} for a negative offset
     */
    static void readdir(List<DirectoryEntry> entries, long offset, DirectoryFiller filler) {
        for (int i = start(offset, entries.size()); i < entries.size(); i++) {
            DirectoryEntry entry = entries.get(i);
            if (!filler.add(entry.ino(), entry.name(), entry.type(), i + 1L)) {
                return;
            }
        }
    }
}
