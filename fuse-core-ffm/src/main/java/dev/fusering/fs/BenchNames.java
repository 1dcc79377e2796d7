package dev.fusering.fs;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryListing;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;

/**
 * The names of {@link BenchFilesystem}: parsing {@code fNNNNN} without allocating, and the two directory
 * listings, encoded once as {@link DirectoryListing}s.
 *
 * <p>Directory offsets: entry {@code k} of a listing ({@code .} is 0, {@code ..} is 1, then the names in
 * order) is added with next offset {@code k + 1}, and a READDIR at offset {@code o} starts with entry
 * {@code o}.
 */
final class BenchNames {

    /** The number of files in {@code /d}. */
    static final int FILE_COUNT = 10_000;

    /** The length of a file name of {@code /d}: {@code f} and five digits. */
    static final int FILE_NAME_LENGTH = 6;

    /** The listing of {@code /d}: {@code .}, {@code ..}, then {@code f00000 .. f09999}. */
    private final DirectoryListing directory;
    /** The listing of the root: {@code .}, {@code ..}, {@code big}, {@code sink}, {@code d}. */
    private final DirectoryListing root;

    /**
     * Encodes both listings once: a READDIR then copies whole records, as the C benchfs replies from its
     * prebuilt buffer.
     */
    BenchNames() {
        DirectoryListing.Builder d = DirectoryListing.builder()
                .add(BenchFilesystem.DIR_ID, ".", FileMode.S_IFDIR)
                .add(Filesystem.ROOT_ID, "..", FileMode.S_IFDIR);
        for (int i = 0; i < FILE_COUNT; i++) {
            d.add(BenchFilesystem.FIRST_FILE_ID + i, fileName(i), FileMode.S_IFREG);
        }
        directory = d.build();
        root = DirectoryListing.builder()
                .add(Filesystem.ROOT_ID, ".", FileMode.S_IFDIR)
                .add(Filesystem.ROOT_ID, "..", FileMode.S_IFDIR)
                .add(BenchFilesystem.BIG_ID, "big", FileMode.S_IFREG)
                .add(BenchFilesystem.SINK_ID, "sink", FileMode.S_IFREG)
                .add(BenchFilesystem.DIR_ID, "d", FileMode.S_IFDIR)
                .build();
    }

    /**
     * Returns the name of file {@code i} of {@code /d}.
     *
     * @param i 0 .. {@value #FILE_COUNT} - 1
     * @return {@code f} followed by {@code i} in five digits, as ASCII bytes
     */
    static byte[] fileName(int i) {
        byte[] name = new byte[FILE_NAME_LENGTH];
        name[0] = 'f';
        int v = i;
        for (int p = FILE_NAME_LENGTH - 1; p > 0; p--) {
            name[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return name;
    }

    /**
     * Parses a name of {@code /d} without allocating.
     *
     * @param name the name from a LOOKUP
     * @return the file's number 0 .. {@value #FILE_COUNT} - 1, or -1 when no such file exists
     */
    static int parseFileName(FileName name) {
        if (name.byteLength() != FILE_NAME_LENGTH || name.byteAt(0) != 'f') {
            return -1;
        }
        int n = 0;
        for (int p = 1; p < FILE_NAME_LENGTH; p++) {
            int digit = name.byteAt(p) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n < FILE_COUNT ? n : -1;
    }

    /**
     * Lists {@code /d} from an offset until the filler is full or the listing ends.
     *
     * @param offset where to continue (0 = the start)
     * @param filler where to add entries
     */
    void listDirectory(long offset, DirectoryFiller filler) {
        filler.addAll(directory, offset);
    }

    /**
     * Lists the root directory from an offset.
     *
     * @param offset where to continue (0 = the start)
     * @param filler where to add entries
     */
    void listRoot(long offset, DirectoryFiller filler) {
        filler.addAll(root, offset);
    }
}
