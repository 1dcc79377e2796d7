package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.OpenReply;
import dev.fusering.internal.abi.FuseOpenOut;
import dev.fusering.internal.abi.OpenFlags;
import dev.fusering.internal.passthrough.BackingFiles;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The {@link OpenReply} handed to the filesystem: writes a {@code struct fuse_open_out} in place.
 * {@link #start} zeroes the struct (handle 0, no flags).
 */
final class OpenReplyWriter implements OpenReply {

    /** The FOPEN_* flags the kernel accepts together with FOPEN_PASSTHROUGH (fs/fuse/iomode.c). */
    static final int PASSTHROUGH_COMPATIBLE = OpenFlags.PASSTHROUGH | OpenFlags.DIRECT_IO
            | OpenFlags.PARALLEL_DIRECT_WRITES | OpenFlags.NOFLUSH;

    private static final String NOT_A_FILE_OPEN =
            "passthrough applies to OPEN, CREATE and TMPFILE replies of regular files, not to OPENDIR";
    private static final String NOT_NEGOTIATED = "passthrough is not enabled on this mount: mount with "
            + "MountOptions.builder().passthrough(true) on a kernel that offers FUSE_PASSTHROUGH (Linux 6.9+)";

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    /** Why passthrough is refused for the current reply, or null when it is allowed. */
    private String passthroughRefusal = NOT_A_FILE_OPEN;
    private boolean passthrough;
    private Path backingPath;
    private int backingFd = -1;

    /** Creates a writer that is not yet started. */
    OpenReplyWriter() {
    }

    /**
     * Points the writer at a {@code struct fuse_open_out} and zeroes it. The caller has checked that
     * {@link FuseOpenOut#SIZE} bytes fit.
     *
     * @param segment the reply segment
     * @param base    where the struct starts
     */
    void start(MemorySegment segment, long base) {
        this.segment = segment;
        this.base = base;
        ReplyMemory.zero(segment, base, FuseOpenOut.SIZE);
        resetPassthrough(NOT_A_FILE_OPEN);
    }

    /**
     * Like {@link #start(MemorySegment, long)}, for the reply of OPEN, CREATE or TMPFILE, which may ask for
     * passthrough when the session has a backing-file table.
     *
     * @param segment the reply segment
     * @param base    where the struct starts
     * @param backing the session's backing files, or null when passthrough was not negotiated
     */
    void start(MemorySegment segment, long base, BackingFiles backing) {
        start(segment, base);
        resetPassthrough(backing == null ? NOT_NEGOTIATED : null);
    }

    private void resetPassthrough(String refusal) {
        passthroughRefusal = refusal;
        passthrough = false;
        backingPath = null;
        backingFd = -1;
    }

    /** @return true when the filesystem asked for passthrough on this reply */
    boolean passthroughRequested() {
        return passthrough;
    }

    /** @return the backing file to open, or null when a descriptor was given */
    Path backingPath() {
        return backingPath;
    }

    /** @return the backing descriptor the filesystem gave, or -1 when a path was given */
    int backingFd() {
        return backingFd;
    }

    /** @return the file handle written so far */
    long fhWritten() {
        return segment.get(JAVA_LONG_UNALIGNED, base + FuseOpenOut.FH);
    }

    /**
     * Writes FOPEN_PASSTHROUGH and the backing id, once the backing file is registered.
     *
     * @param backingId the id from {@link BackingFiles#attach}
     */
    void commitPassthrough(int backingId) {
        addFlag(OpenFlags.PASSTHROUGH);
        segment.set(JAVA_INT_UNALIGNED, base + FuseOpenOut.BACKING_ID, backingId);
    }

    @Override
    public OpenReply passthrough(Path backingFile) {
        if (backingFile == null) {
            throw new NullPointerException("backingFile");
        }
        requestPassthrough();
        backingPath = backingFile;
        backingFd = -1;
        return this;
    }

    @Override
    public OpenReply passthroughFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("backing descriptor must not be negative, got " + fd);
        }
        requestPassthrough();
        backingPath = null;
        backingFd = fd;
        return this;
    }

    private void requestPassthrough() {
        if (passthroughRefusal != null) {
            throw new IllegalStateException(passthroughRefusal);
        }
        int conflicting = segment.get(JAVA_INT_UNALIGNED, base + FuseOpenOut.OPEN_FLAGS) & ~PASSTHROUGH_COMPATIBLE;
        if (conflicting != 0) {
            throw conflict(conflicting);
        }
        passthrough = true;
    }

    private static IllegalStateException conflict(int flags) {
        return new IllegalStateException("the kernel refuses FOPEN_PASSTHROUGH together with open flags 0x"
                + Integer.toHexString(flags) + " (keepCache, nonSeekable, stream, cacheDir); only fh, directIo, "
                + "parallelDirectWrites and noFlush combine with passthrough");
    }

    @Override
    public OpenReply fh(long fh) {
        segment.set(JAVA_LONG_UNALIGNED, base + FuseOpenOut.FH, fh);
        return this;
    }

    @Override
    public OpenReply directIo() {
        return addFlag(OpenFlags.DIRECT_IO);
    }

    @Override
    public OpenReply keepCache() {
        return addFlag(OpenFlags.KEEP_CACHE);
    }

    @Override
    public OpenReply nonSeekable() {
        return addFlag(OpenFlags.NONSEEKABLE);
    }

    @Override
    public OpenReply cacheDir() {
        return addFlag(OpenFlags.CACHE_DIR);
    }

    @Override
    public OpenReply stream() {
        return addFlag(OpenFlags.STREAM);
    }

    @Override
    public OpenReply noFlush() {
        return addFlag(OpenFlags.NOFLUSH);
    }

    @Override
    public OpenReply parallelDirectWrites() {
        return addFlag(OpenFlags.PARALLEL_DIRECT_WRITES);
    }

    private OpenReply addFlag(int flag) {
        if (passthrough && (flag & ~PASSTHROUGH_COMPATIBLE) != 0) {
            throw conflict(flag);
        }
        long at = base + FuseOpenOut.OPEN_FLAGS;
        segment.set(JAVA_INT_UNALIGNED, at, segment.get(JAVA_INT_UNALIGNED, at) | flag);
        return this;
    }
}
