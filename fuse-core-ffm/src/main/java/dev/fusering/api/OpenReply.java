package dev.fusering.api;

/**
 * The answer to OPEN, OPENDIR and CREATE ({@code struct fuse_open_out}): a file handle of the
 * filesystem's choosing and caching hints. Starts with handle 0 and no flags. Only valid during the call
 * that received it.
 */
public interface OpenReply {

    /**
     * Sets the file handle the kernel passes back in later requests on this open file.
     *
     * @param fh any value of the filesystem's choosing
     * @return this
     */
    OpenReply fh(long fh);

    /**
     * Bypasses the page cache for this open file (FOPEN_DIRECT_IO): every read and write reaches the
     * filesystem with the application's offsets and sizes.
     *
     * @return this
     */
    OpenReply directIo();

    /**
     * Keeps the page cache of the file across this open (FOPEN_KEEP_CACHE).
     *
     * @return this
     */
    OpenReply keepCache();

    /**
     * Marks the file as not seekable (FOPEN_NONSEEKABLE).
     *
     * @return this
     */
    OpenReply nonSeekable();

    /**
     * Allows the kernel to cache the directory's entries (FOPEN_CACHE_DIR, for OPENDIR).
     *
     * @return this
     */
    OpenReply cacheDir();

    /**
     * Marks the file as a stream without file position (FOPEN_STREAM).
     *
     * @return this
     */
    OpenReply stream();

    /**
     * Tells the kernel not to send FLUSH on close (FOPEN_NOFLUSH).
     *
     * @return this
     */
    OpenReply noFlush();

    /**
     * Allows parallel direct writes on this file (FOPEN_PARALLEL_DIRECT_WRITES).
     *
     * @return this
     */
    OpenReply parallelDirectWrites();
}
