package dev.fusering.fs;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;

import java.nio.charset.StandardCharsets;

/**
 * The names of {@link BenchFilesystem}: parsing {@code fNNNNN} without allocating, and the two directory
 * listings, built from names encoded once.
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

    private static final byte[] DOT = bytes(".");
    private static final byte[] DOT_DOT = bytes("..");
    private static final byte[][] ROOT_NAMES = {DOT, DOT_DOT, bytes("big"), bytes("sink"), bytes("d")};
    private static final long[] ROOT_IDS = {Filesystem.ROOT_ID, Filesystem.ROOT_ID, BenchFilesystem.BIG_ID,
        BenchFilesystem.SINK_ID, BenchFilesystem.DIR_ID};
    private static final int[] ROOT_MODES = {FileMode.S_IFDIR, FileMode.S_IFDIR, FileMode.S_IFREG,
        FileMode.S_IFREG, FileMode.S_IFDIR};

    private final byte[][] fileNames = new byte[FILE_COUNT][];

    /** Encodes the names {@code f00000 .. f09999}. */
    BenchNames() {
        for (int i = 0; i < FILE_COUNT; i++) {
            fileNames[i] = fileName(i);
        }
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
        long end = FILE_COUNT + 2L;
        for (long k = Math.max(0, offset); k < end; k++) {
            boolean added;
            if (k == 0) {
                added = filler.add(BenchFilesystem.DIR_ID, DOT, FileMode.S_IFDIR, 1);
            } else if (k == 1) {
                added = filler.add(Filesystem.ROOT_ID, DOT_DOT, FileMode.S_IFDIR, 2);
            } else {
                int i = (int) (k - 2);
                added = filler.add(BenchFilesystem.FIRST_FILE_ID + i, fileNames[i], FileMode.S_IFREG, k + 1);
            }
            if (!added) {
                return;
            }
        }
    }

    /**
     * Lists the root directory from an offset.
     *
     * @param offset where to continue (0 = the start)
     * @param filler where to add entries
     */
    void listRoot(long offset, DirectoryFiller filler) {
        for (long k = Math.max(0, offset); k < ROOT_NAMES.length; k++) {
            int i = (int) k;
            if (!filler.add(ROOT_IDS[i], ROOT_NAMES[i], ROOT_MODES[i], k + 1)) {
                return;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
