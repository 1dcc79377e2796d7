package dev.fusering.posix;

/**
 * What a filesystem under {@link PosixSuite} supports beyond the common core. For every capability that
 * is off, the suite does not skip the behaviour: it asserts the documented refusal instead (the errno
 * named below), so a filesystem that gains or loses a feature fails the suite until its capabilities
 * are updated.
 *
 * @param renameExchange    {@code renameat2(RENAME_EXCHANGE)} swaps two entries; when off it must fail
 *                          with {@code EINVAL}
 * @param fallocateModes    fallocate modes other than 0 ({@code KEEP_SIZE}, {@code PUNCH_HOLE}); when off
 *                          they must fail with {@code EOPNOTSUPP}
 * @param allocationBlocks  {@code st_blocks} follows the space really allocated (sparse files report only
 *                          written blocks); when off, only {@code st_blocks >= size / 512} is required
 * @param seekHoles         {@code lseek(SEEK_DATA/SEEK_HOLE)} reports holes inside a file; when off the
 *                          whole file must be reported as data (SEEK_DATA at the offset, SEEK_HOLE at EOF)
 * @param specialFiles      {@code mknod} of FIFOs works; when off it must fail with {@code EPERM}
 */
public record PosixCapabilities(boolean renameExchange, boolean fallocateModes, boolean allocationBlocks,
                                boolean seekHoles, boolean specialFiles) {

    /** @return every capability on (what {@link dev.fusering.fs.MemoryFilesystem} supports) */
    public static PosixCapabilities all() {
        return new PosixCapabilities(true, true, true, true, true);
    }
}
