package dev.fusering.fsx;

/**
 * The operations fsx mixes, with their relative weights, and how each is done: positional
 * {@code FileChannel} I/O and {@code ftruncate} through the JVM; fallocate modes and mapped reads and
 * writes through the Python helper's own descriptor for the same file (see {@link FsxHelper} for why
 * mappings are never touched by the JVM that serves the mount).
 */
enum FsxOp {
    /** pwrite of 1..64 KiB anywhere below the size limit. */
    WRITE(20),
    /** pread of 1..64 KiB, also across and past EOF. */
    READ(20),
    /** ftruncate to any size up to the limit. */
    TRUNCATE(8),
    /** fallocate mode 0: may grow the file, reads as zeros. */
    FALLOCATE(5),
    /** fallocate KEEP_SIZE: allocates without changing size or content. */
    KEEP_SIZE(4),
    /** fallocate PUNCH_HOLE|KEEP_SIZE: zeros a range inside the file. */
    PUNCH_HOLE(6),
    /** fallocate ZERO_RANGE: zeros a range and may grow the file. */
    ZERO_RANGE(5),
    /** Reads a range inside the file through a shared read-only mapping. */
    MAP_READ(12),
    /** Writes a range inside the file through a shared writable mapping, with msync half of the time. */
    MAP_WRITE(12);

    private final int weight;

    FsxOp(int weight) {
        this.weight = weight;
    }

    /** @return the relative frequency */
    int weight() {
        return weight;
    }
}
