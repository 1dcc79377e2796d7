package dev.fusering.testing;

import dev.fusering.api.Filesystem;
import dev.fusering.api.OpenReply;

/**
 * An {@link OpenReply} that records what a filesystem writes: the handle starts at {@link Filesystem#NO_FH},
 * every flag at false. {@link #reset()} restores that state.
 */
public final class RecordedOpen implements OpenReply {

    /** The file handle, {@link Filesystem#NO_FH} until set. */
    public long fh = Filesystem.NO_FH;
    /** Whether {@link #directIo()} was called. */
    public boolean directIo;
    /** Whether {@link #keepCache()} was called. */
    public boolean keepCache;
    /** Whether {@link #nonSeekable()} was called. */
    public boolean nonSeekable;
    /** Whether {@link #cacheDir()} was called. */
    public boolean cacheDir;
    /** Whether {@link #stream()} was called. */
    public boolean stream;
    /** Whether {@link #noFlush()} was called. */
    public boolean noFlush;
    /** Whether {@link #parallelDirectWrites()} was called. */
    public boolean parallelDirectWrites;

    /** Creates a reply with nothing recorded. */
    public RecordedOpen() {
    }

    /**
     * Forgets everything recorded.
     *
     * @return this reply
     */
    public RecordedOpen reset() {
        fh = Filesystem.NO_FH;
        directIo = false;
        keepCache = false;
        nonSeekable = false;
        cacheDir = false;
        stream = false;
        noFlush = false;
        parallelDirectWrites = false;
        return this;
    }

    @Override
    public OpenReply fh(long fh) {
        this.fh = fh;
        return this;
    }

    @Override
    public OpenReply directIo() {
        directIo = true;
        return this;
    }

    @Override
    public OpenReply keepCache() {
        keepCache = true;
        return this;
    }

    @Override
    public OpenReply nonSeekable() {
        nonSeekable = true;
        return this;
    }

    @Override
    public OpenReply cacheDir() {
        cacheDir = true;
        return this;
    }

    @Override
    public OpenReply stream() {
        stream = true;
        return this;
    }

    @Override
    public OpenReply noFlush() {
        noFlush = true;
        return this;
    }

    @Override
    public OpenReply parallelDirectWrites() {
        parallelDirectWrites = true;
        return this;
    }
}
