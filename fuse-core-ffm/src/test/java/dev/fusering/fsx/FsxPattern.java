package dev.fusering.fsx;

/**
 * The bytes of a mapped write, computed the same way here and in {@code fsx_helper.py} so that only a
 * seed crosses the pipe: a 251-byte block derived from the seed, laid out by file position (byte {@code p}
 * of the file gets {@code block[p % 251]}; 251 is prime, so the pattern never lines up with pages).
 */
final class FsxPattern {

    private static final int BLOCK = 251;

    private FsxPattern() {
    }

    /**
     * Returns the pattern for a range.
     *
     * @param seed   the pattern's seed, non-negative
     * @param offset the file offset of the first byte
     * @param length how many bytes
     * @return the bytes
     */
    static byte[] bytes(int seed, long offset, int length) {
        byte[] block = new byte[BLOCK];
        for (int k = 0; k < BLOCK; k++) {
            long v = ((seed * 131L) + k * 29L + (seed >> 8)) ^ ((long) k * k);
            block[k] = (byte) (v & 255);
        }
        byte[] out = new byte[length];
        int start = (int) (offset % BLOCK);
        for (int i = 0; i < length; i++) {
            out[i] = block[(start + i) % BLOCK];
        }
        return out;
    }
}
