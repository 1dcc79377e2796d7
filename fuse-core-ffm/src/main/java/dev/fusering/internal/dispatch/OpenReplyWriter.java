package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.OpenReply;
import dev.fusering.internal.abi.FuseOpenOut;
import dev.fusering.internal.abi.OpenFlags;
import java.lang.foreign.MemorySegment;

/**
 * The {@link OpenReply} handed to the filesystem: writes a {@code struct fuse_open_out} in place.
 * {@link #start} zeroes the struct (handle 0, no flags).
 */
final class OpenReplyWriter implements OpenReply {

    private MemorySegment segment = MemorySegment.NULL;
    private long base;

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
        long at = base + FuseOpenOut.OPEN_FLAGS;
        segment.set(JAVA_INT_UNALIGNED, at, segment.get(JAVA_INT_UNALIGNED, at) | flag);
        return this;
    }
}
