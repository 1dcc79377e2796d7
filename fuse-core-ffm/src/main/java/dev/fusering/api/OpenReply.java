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

    /**
     * Lets the kernel serve this open file's reads, writes, splice and mmap directly from a backing file
     * (FOPEN_PASSTHROUGH): those requests never reach the filesystem, while OPEN, FLUSH, FSYNC, RELEASE,
     * GETATTR, SETATTR and the rest still do. Only for OPEN, CREATE and TMPFILE of regular files on a mount
     * with {@link MountOptions#passthrough()} (FUSE_PASSTHROUGH negotiated) by a daemon with CAP_SYS_ADMIN.
     *
     * <p>The engine opens {@code backingFile} read-only and registers it with the kernel; the kernel reopens
     * it with the flags of the FUSE open, so writes work too. While a node has passthrough opens, all of them
     * use the backing file of the first one (the kernel refuses different backing files for one inode, and it
     * refuses non-passthrough opens of that inode with EIO). The registration ends with the node's last
     * RELEASE. May be combined with {@link #fh}, {@link #directIo} (then reads and writes reach the
     * filesystem again and only mmap is passed through), {@link #parallelDirectWrites} and {@link #noFlush};
     * the kernel rejects every other flag together with passthrough.
     *
     * <p>When the file cannot be opened or registered, the open is answered with that errno (EPERM without
     * CAP_SYS_ADMIN, ELOOP when the file is on overlayfs or another passthrough FUSE mount, ENOENT, EACCES,
     * ...) and a warning is logged.
     *
     * @param backingFile a regular file, not null
     * @return this
     * @throws IllegalStateException when passthrough was not negotiated, the reply is not for OPEN, CREATE or
     *                               TMPFILE, or a flag set on this reply cannot be combined with passthrough
     * @throws UnsupportedOperationException when this reply does not support passthrough (test doubles)
     */
    default OpenReply passthrough(java.nio.file.Path backingFile) {
        throw new UnsupportedOperationException("this OpenReply does not support passthrough");
    }

    /**
     * Like {@link #passthrough(java.nio.file.Path)}, for a filesystem that already holds a descriptor of the
     * backing file. The engine registers {@code backingFd} with the kernel (which takes its own reference)
     * after the filesystem method has returned, and never closes it: keep it open until the RELEASE of this
     * open file (closing it earlier makes the open fail with EBADF).
     *
     * @param backingFd an open descriptor of a regular file (any access mode, O_PATH included on 6.12+)
     * @return this
     * @throws IllegalStateException    as for {@link #passthrough(java.nio.file.Path)}
     * @throws IllegalArgumentException when {@code backingFd} is negative
     * @throws UnsupportedOperationException when this reply does not support passthrough (test doubles)
     */
    default OpenReply passthroughFd(int backingFd) {
        throw new UnsupportedOperationException("this OpenReply does not support passthrough");
    }
}
