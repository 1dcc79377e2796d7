package dev.fusering.internal.abi;

/**
 * Open reply flags ({@code FOPEN_*}) in {@code fuse_open_out.open_flags} (OPEN, OPENDIR, CREATE, TMPFILE
 * replies).
 */
public final class OpenFlags {

    /** {@code FOPEN_DIRECT_IO}: bypass the page cache for this open file. */
    public static final int DIRECT_IO = 1 << 0;

    /** {@code FOPEN_KEEP_CACHE}: do not invalidate the data cache on open. */
    public static final int KEEP_CACHE = 1 << 1;

    /** {@code FOPEN_NONSEEKABLE}: the file is not seekable. */
    public static final int NONSEEKABLE = 1 << 2;

    /** {@code FOPEN_CACHE_DIR}: allow caching this directory. */
    public static final int CACHE_DIR = 1 << 3;

    /** {@code FOPEN_STREAM}: the file is stream-like (no file position at all). */
    public static final int STREAM = 1 << 4;

    /** {@code FOPEN_NOFLUSH}: do not flush data cache on close (unless writeback cache). */
    public static final int NOFLUSH = 1 << 5;

    /** {@code FOPEN_PARALLEL_DIRECT_WRITES}: allow concurrent direct writes on the same inode. */
    public static final int PARALLEL_DIRECT_WRITES = 1 << 6;

    /** {@code FOPEN_PASSTHROUGH}: passthrough read/write to the backing file in {@code backing_id}. */
    public static final int PASSTHROUGH = 1 << 7;

    private OpenFlags() {
    }
}
