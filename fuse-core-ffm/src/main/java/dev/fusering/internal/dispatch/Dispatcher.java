package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.Errno;
import dev.fusering.api.FileLock;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseOperation;
import dev.fusering.api.RequestObserver;
import dev.fusering.internal.abi.FsyncFlags;
import dev.fusering.internal.abi.FuseAccessIn;
import dev.fusering.internal.abi.FuseAttrOut;
import dev.fusering.internal.abi.FuseBatchForgetIn;
import dev.fusering.internal.abi.FuseBmapIn;
import dev.fusering.internal.abi.FuseBmapOut;
import dev.fusering.internal.abi.FuseCopyFileRangeIn;
import dev.fusering.internal.abi.FuseCopyFileRangeOut;
import dev.fusering.internal.abi.FuseCreateIn;
import dev.fusering.internal.abi.FuseEntryOut;
import dev.fusering.internal.abi.FuseFileLock;
import dev.fusering.internal.abi.FuseFallocateIn;
import dev.fusering.internal.abi.FuseFlushIn;
import dev.fusering.internal.abi.FuseForgetIn;
import dev.fusering.internal.abi.FuseForgetOne;
import dev.fusering.internal.abi.FuseFsyncIn;
import dev.fusering.internal.abi.FuseGetattrIn;
import dev.fusering.internal.abi.FuseGetxattrIn;
import dev.fusering.internal.abi.FuseGetxattrOut;
import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.FuseInterruptIn;
import dev.fusering.internal.abi.FuseIoctlIn;
import dev.fusering.internal.abi.FuseIoctlOut;
import dev.fusering.internal.abi.FuseLinkIn;
import dev.fusering.internal.abi.FuseLkIn;
import dev.fusering.internal.abi.FuseLkOut;
import dev.fusering.internal.abi.FuseLseekIn;
import dev.fusering.internal.abi.FuseLseekOut;
import dev.fusering.internal.abi.FuseMkdirIn;
import dev.fusering.internal.abi.FuseMknodIn;
import dev.fusering.internal.abi.FuseNotifyRetrieveIn;
import dev.fusering.internal.abi.FuseOpenIn;
import dev.fusering.internal.abi.FuseOpenOut;
import dev.fusering.internal.abi.FusePollIn;
import dev.fusering.internal.abi.FusePollOut;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.FuseReleaseIn;
import dev.fusering.internal.abi.FuseRename2In;
import dev.fusering.internal.abi.FuseRenameIn;
import dev.fusering.internal.abi.FuseSetxattrIn;
import dev.fusering.internal.abi.FuseStatfsOut;
import dev.fusering.internal.abi.FuseStatxIn;
import dev.fusering.internal.abi.FuseStatxOut;
import dev.fusering.internal.abi.FuseWriteIn;
import dev.fusering.internal.abi.FuseWriteOut;
import dev.fusering.internal.abi.GetattrFlags;
import dev.fusering.internal.abi.IoctlFlags;
import dev.fusering.internal.abi.LkFlags;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.abi.ReleaseFlags;
import dev.fusering.internal.passthrough.BackingFiles;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request of an {@link Exchange}: decodes it, calls the {@link Filesystem} and encodes the
 * reply in place, for every opcode a 7.45 kernel can send.
 *
 * <p>{@link #dispatch(Exchange)} never throws. A {@link FuseException} becomes its errno (EIO, with one
 * WARN line, when the errno is outside 1..511); any other throwable becomes EIO with one ERROR line
 * carrying the stack trace. So do results that break the protocol (a READ that returns more bytes than
 * asked for, a reply struct that would not fit the reply window), which are logged as filesystem or
 * transport bugs. Requests without a reply (FORGET, BATCH_FORGET, INTERRUPT, NOTIFY_REPLY) set
 * {@link Exchange#noReply}.
 *
 * <p>The views and writers handed to the filesystem live in {@link Exchange#dispatcherState}, created on
 * the first request of an exchange, so that the common requests allocate nothing; READ and WRITE reuse
 * their buffer slice while its offset and size stay the same ({@link SliceCache}), the xattr requests
 * allocate the memory-segment slices they hand out, and the requests whose API takes a
 * {@code String} allocate it. One instance serves any number of exchanges from any number of threads; an
 * exchange is used by one thread at a time.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Largest errno a reply may carry (the kernel accepts {@code -512 < error < 0}). */
    private static final int MAX_ERRNO = 511;

    /** Longest symbolic link target Linux accepts: PATH_MAX (4096) minus the NUL. */
    private static final int SYMLINK_MAX = 4095;

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private static final int ENTRY_OUT = (int) FuseEntryOut.SIZE;
    private static final int ATTR_OUT = (int) FuseAttrOut.SIZE;
    private static final int OPEN_OUT = (int) FuseOpenOut.SIZE;
    private static final int CREATE_OUT = ENTRY_OUT + OPEN_OUT;

    private final Filesystem fs;
    private final DispatchConfig config;
    private final long entryTimeoutNanos;
    private final long attrTimeoutNanos;
    private final RequestObserver observer;
    /** The session's passthrough backing files, or null when FUSE_PASSTHROUGH was not negotiated. */
    private BackingFiles backing;
    /** Failures of the observer; racy counting is fine, it only paces the log. */
    private long observerFailures;
    /** Where NOTIFY_REPLY data goes; set by the session before the transports start. */
    private volatile NotifyReplies notifyReplies = NotifyReplies.NONE;
    /** With {@code allow_root}: the only non-root uid served, else -1. */
    private volatile int onlyOwnerAndRoot = -1;

    /**
     * Creates a dispatcher.
     *
     * @param fs     the filesystem to call, not null
     * @param config the session's settings, not null
     */
    public Dispatcher(Filesystem fs, DispatchConfig config) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.config = Objects.requireNonNull(config, "config");
        this.entryTimeoutNanos = config.entryTimeoutNanos();
        this.attrTimeoutNanos = config.attrTimeoutNanos();
        this.observer = config.observer();
    }

    /**
     * Creates a dispatcher for a session that negotiated FUSE_PASSTHROUGH.
     *
     * @param fs      the filesystem to call, not null
     * @param config  the session's settings, not null
     * @param backing the session's backing-file table, or null when passthrough was not negotiated
     */
    public Dispatcher(Filesystem fs, DispatchConfig config, BackingFiles backing) {
        this(fs, config);
        this.backing = backing;
    }

    /**
     * Serves the request that the transport has put into {@code ex} (see {@link Exchange} for the
     * protocol) and leaves {@link Exchange#error}, {@link Exchange#replyLength} and
     * {@link Exchange#noReply} set. While the filesystem runs, {@link Exchange#runner} is the current
     * thread; afterwards it is null again and the thread's interrupt status is cleared, so that an
     * interrupt aimed at this request cannot reach the next one. Never throws.
     *
     * @param ex the exchange holding the request, not null
     */
    public void dispatch(Exchange ex) {
        RequestObserver obs = observer;
        if (obs != null) {
            dispatchObserved(ex, obs);
            return;
        }
        dispatchPlain(ex);
    }

    /** Dispatches and reports the request to the observer, whose failures are logged and ignored. */
    private void dispatchObserved(Exchange ex, RequestObserver obs) {
        long start = System.nanoTime();
        long bytesBefore = ex.bytesRead + ex.bytesWritten;
        dispatchPlain(ex);
        long elapsed = System.nanoTime() - start;
        try {
            obs.requestCompleted(FuseOperation.of(ex.opcode), elapsed, ex.error,
                    ex.bytesRead + ex.bytesWritten - bytesBefore);
        } catch (Throwable t) {
            observerFailures++;
            if (observerFailures == 1 || (observerFailures & 1023) == 0) {
                LOG.warn("request observer of {} failed ({} times so far)", config.mountName(), observerFailures, t);
            }
        }
    }

    private void dispatchPlain(Exchange ex) {
        Thread self = Thread.currentThread();
        ex.runner = self;
        ex.runningUnique = ex.unique;
        if (ex.isInterrupted()) {
            self.interrupt(); // the INTERRUPT came before the dispatch; see InFlightRequests
        }
        try {
            DispatchState st = DispatchState.of(ex);
            st.payload.reset(ex.payloadOffset, ex.payloadLength);
            int length = handle(ex, st);
            ex.error = 0;
            ex.replyLength = length;
        } catch (FuseException e) {
            answerFuseException(ex, e);
        } catch (Throwable t) {
            answerUnexpected(ex, t);
        } finally {
            ex.runningUnique = 0;
            ex.runner = null;
            while (ex.interrupters.get() != 0) {
                Thread.onSpinWait(); // an interrupter may still be about to interrupt this thread
            }
            Thread.interrupted();
        }
    }

    /**
     * Records that {@code ex} holds a new request (call after {@link Exchange#begin}, before dispatching),
     * so that a FUSE_INTERRUPT can find it. Allocation free.
     *
     * @param ex the exchange
     */
    public void requestArrived(Exchange ex) {
        config.interrupts().register(ex);
    }

    /**
     * Records that the request of {@code ex} has been answered or dropped.
     *
     * @param ex the exchange
     */
    public void requestEnded(Exchange ex) {
        config.interrupts().unregister(ex);
    }

    /** Serves one opcode and returns the reply body length. */
    private int handle(Exchange ex, DispatchState st) {
        int owner = onlyOwnerAndRoot;
        if (owner >= 0 && ex.uid != owner && ex.uid != 0 && !onHandleOrWithoutCaller(ex.opcode)) {
            throw FuseException.of(Errno.EACCES);
        }
        return switch (ex.opcode) {
            case Opcode.LOOKUP -> lookup(ex, st);
            case Opcode.FORGET -> forget(ex);
            case Opcode.GETATTR -> getattr(ex, st);
            case Opcode.SETATTR -> setattr(ex, st);
            case Opcode.READLINK -> readlink(ex, st);
            case Opcode.SYMLINK -> symlink(ex, st);
            case Opcode.MKNOD -> mknod(ex, st);
            case Opcode.MKDIR -> mkdir(ex, st);
            case Opcode.UNLINK -> unlink(ex, st);
            case Opcode.RMDIR -> rmdir(ex, st);
            case Opcode.RENAME -> rename(ex, st, opLong(ex, FuseRenameIn.NEWDIR), 0);
            case Opcode.RENAME2 -> rename(ex, st, opLong(ex, FuseRename2In.NEWDIR), opInt(ex, FuseRename2In.FLAGS));
            case Opcode.LINK -> link(ex, st);
            case Opcode.OPEN -> open(ex, st, false);
            case Opcode.READ -> read(ex, st);
            case Opcode.WRITE -> write(ex, st);
            case Opcode.STATFS -> statfs(ex, st);
            case Opcode.RELEASE -> release(ex, st, false);
            case Opcode.FSYNC -> fsync(ex, st, false);
            case Opcode.SETXATTR -> setxattr(ex, st);
            case Opcode.GETXATTR -> getxattr(ex, st);
            case Opcode.LISTXATTR -> listxattr(ex, st);
            case Opcode.REMOVEXATTR -> removexattr(ex, st);
            case Opcode.FLUSH -> flush(ex, st);
            case Opcode.GETLK -> getlk(ex, st);
            case Opcode.SETLK -> setlk(ex, st, false);
            case Opcode.SETLKW -> setlk(ex, st, true);
            case Opcode.INIT -> init(ex);
            case Opcode.OPENDIR -> open(ex, st, true);
            case Opcode.READDIR -> readdir(ex, st);
            case Opcode.RELEASEDIR -> release(ex, st, true);
            case Opcode.FSYNCDIR -> fsync(ex, st, true);
            case Opcode.ACCESS -> access(ex, st);
            case Opcode.CREATE -> create(ex, st);
            case Opcode.INTERRUPT -> interrupt(ex);
            case Opcode.BMAP -> bmap(ex, st);
            case Opcode.DESTROY -> 0; // the session calls Filesystem.destroy() once, after the last request
            case Opcode.NOTIFY_REPLY -> notifyReply(ex);
            case Opcode.BATCH_FORGET -> batchForget(ex);
            case Opcode.FALLOCATE -> fallocate(ex, st);
            case Opcode.READDIRPLUS -> readdirplus(ex, st);
            case Opcode.LSEEK -> lseek(ex, st);
            case Opcode.COPY_FILE_RANGE -> copyFileRange(ex, st, false);
            case Opcode.COPY_FILE_RANGE_64 -> copyFileRange(ex, st, true);
            case Opcode.SYNCFS -> syncfs(ex, st);
            case Opcode.TMPFILE -> tmpfile(ex, st);
            case Opcode.POLL -> poll(ex, st);
            case Opcode.STATX -> statx(ex, st);
            case Opcode.IOCTL -> ioctl(ex, st);
            case Opcode.SETUPMAPPING, Opcode.REMOVEMAPPING -> throw FuseException.of(Errno.ENOSYS);
            default -> unknown(ex);
        };
    }

    // ---- names and entries ----

    private int lookup(Exchange ex, DispatchState st) {
        NameView name = st.payload.nextName(st.name);
        requireReply(ex, ENTRY_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        fs.lookup(st.request, ex.nodeId, name, st.entry);
        return ENTRY_OUT;
    }

    private int mknod(Exchange ex, DispatchState st) {
        int mode = opInt(ex, FuseMknodIn.MODE);
        int rdev = opInt(ex, FuseMknodIn.RDEV);
        int umask = opInt(ex, FuseMknodIn.UMASK);
        NameView name = st.payload.nextName(st.name);
        requireReply(ex, ENTRY_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        fs.mknod(st.request, ex.nodeId, name, mode, rdev, umask, st.entry);
        return ENTRY_OUT;
    }

    private int mkdir(Exchange ex, DispatchState st) {
        int mode = opInt(ex, FuseMkdirIn.MODE);
        int umask = opInt(ex, FuseMkdirIn.UMASK);
        NameView name = st.payload.nextName(st.name);
        requireReply(ex, ENTRY_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        fs.mkdir(st.request, ex.nodeId, name, mode, umask, st.entry);
        return ENTRY_OUT;
    }

    private int symlink(Exchange ex, DispatchState st) {
        NameView name = st.payload.nextName(st.name);
        String target = st.payload.nextName(st.secondName).toString();
        requireReply(ex, ENTRY_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        fs.symlink(st.request, ex.nodeId, name, target, st.entry);
        return ENTRY_OUT;
    }

    private int link(Exchange ex, DispatchState st) {
        long oldNodeId = opLong(ex, FuseLinkIn.OLDNODEID);
        NameView newName = st.payload.nextName(st.name);
        requireReply(ex, ENTRY_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        fs.link(st.request, oldNodeId, ex.nodeId, newName, st.entry);
        return ENTRY_OUT;
    }

    private int unlink(Exchange ex, DispatchState st) {
        fs.unlink(st.request, ex.nodeId, st.payload.nextName(st.name));
        return 0;
    }

    private int rmdir(Exchange ex, DispatchState st) {
        fs.rmdir(st.request, ex.nodeId, st.payload.nextName(st.name));
        return 0;
    }

    private int rename(Exchange ex, DispatchState st, long newParent, int flags) {
        NameView name = st.payload.nextName(st.name);
        NameView newName = st.payload.nextName(st.secondName);
        fs.rename(st.request, ex.nodeId, name, newParent, newName, flags);
        return 0;
    }

    private int create(Exchange ex, DispatchState st) {
        int flags = opInt(ex, FuseCreateIn.FLAGS);
        int mode = opInt(ex, FuseCreateIn.MODE);
        int umask = opInt(ex, FuseCreateIn.UMASK);
        NameView name = st.payload.nextName(st.name);
        startCreateReply(ex, st);
        fs.create(st.request, ex.nodeId, name, mode, umask, flags, st.entry, st.open);
        attachBacking(st, createdNode(ex));
        return CREATE_OUT;
    }

    private int tmpfile(Exchange ex, DispatchState st) {
        int flags = opInt(ex, FuseCreateIn.FLAGS);
        int mode = opInt(ex, FuseCreateIn.MODE);
        int umask = opInt(ex, FuseCreateIn.UMASK);
        startCreateReply(ex, st);
        fs.tmpfile(st.request, ex.nodeId, mode, umask, flags, st.entry, st.open);
        attachBacking(st, createdNode(ex));
        return CREATE_OUT;
    }

    private void startCreateReply(Exchange ex, DispatchState st) {
        requireReply(ex, CREATE_OUT);
        st.entry.start(ex.reply, ex.replyOffset, entryTimeoutNanos, attrTimeoutNanos);
        st.open.start(ex.reply, ex.replyOffset + ENTRY_OUT, backing);
    }

    /** Returns the node id the filesystem wrote into the {@code fuse_entry_out} of a CREATE or TMPFILE. */
    private static long createdNode(Exchange ex) {
        return ex.reply.get(JAVA_LONG_UNALIGNED, ex.replyOffset + FuseEntryOut.NODEID);
    }

    /**
     * Registers the backing file when the filesystem asked for passthrough and completes the open reply
     * with FOPEN_PASSTHROUGH and the backing id; a failure becomes the open's errno.
     */
    private void attachBacking(DispatchState st, long nodeId) {
        OpenReplyWriter open = st.open;
        if (!open.passthroughRequested()) {
            return;
        }
        int id = backing.attach(nodeId, open.fhWritten(), open.backingPath(), open.backingFd());
        open.commitPassthrough(id);
    }

    // ---- attributes ----

    private int getattr(Exchange ex, DispatchState st) {
        int flags = opInt(ex, FuseGetattrIn.GETATTR_FLAGS);
        long fh = (flags & GetattrFlags.FH) != 0 ? opLong(ex, FuseGetattrIn.FH) : Filesystem.NO_FH;
        requireReply(ex, ATTR_OUT);
        st.attr.start(ex.reply, ex.replyOffset, attrTimeoutNanos);
        fs.getattr(st.request, ex.nodeId, fh, st.attr);
        return ATTR_OUT;
    }

    private int setattr(Exchange ex, DispatchState st) {
        requireReply(ex, ATTR_OUT);
        st.attr.start(ex.reply, ex.replyOffset, attrTimeoutNanos);
        fs.setattr(st.request, ex.nodeId, st.setattr, st.attr);
        return ATTR_OUT;
    }

    private int statx(Exchange ex, DispatchState st) {
        int getattrFlags = opInt(ex, FuseStatxIn.GETATTR_FLAGS);
        long fh = (getattrFlags & GetattrFlags.FH) != 0 ? opLong(ex, FuseStatxIn.FH) : Filesystem.NO_FH;
        int flags = opInt(ex, FuseStatxIn.SX_FLAGS);
        int mask = opInt(ex, FuseStatxIn.SX_MASK);
        requireReply(ex, FuseStatxOut.SIZE);
        st.statx.start(ex.reply, ex.replyOffset, attrTimeoutNanos);
        fs.statx(st.request, ex.nodeId, fh, flags, mask, st.statx);
        return (int) FuseStatxOut.SIZE;
    }

    private int readlink(Exchange ex, DispatchState st) {
        String target = fs.readlink(st.request, ex.nodeId);
        if (target == null) {
            throw filesystemBug(ex, "readlink returned null");
        }
        int length = Utf8.encodedLength(target);
        if (length > Math.min(ex.replyCapacity, SYMLINK_MAX)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("READLINK node {}: target of {} bytes does not fit; answering ENAMETOOLONG", ex.nodeId,
                        length);
            }
            throw FuseException.of(Errno.ENAMETOOLONG);
        }
        Utf8.encode(target, ex.reply, ex.replyOffset);
        return length;
    }

    private int access(Exchange ex, DispatchState st) {
        fs.access(st.request, ex.nodeId, opInt(ex, FuseAccessIn.MASK));
        return 0;
    }

    private int statfs(Exchange ex, DispatchState st) {
        requireReply(ex, FuseStatfsOut.SIZE);
        st.statfs.start(ex.reply, ex.replyOffset);
        fs.statfs(st.request, ex.nodeId, st.statfs);
        return (int) FuseStatfsOut.SIZE;
    }

    // ---- open files ----

    private int open(Exchange ex, DispatchState st, boolean directory) {
        int flags = opInt(ex, FuseOpenIn.FLAGS);
        requireReply(ex, OPEN_OUT);
        if (directory) {
            st.open.start(ex.reply, ex.replyOffset);
            fs.opendir(st.request, ex.nodeId, flags, st.open);
        } else {
            st.open.start(ex.reply, ex.replyOffset, backing);
            fs.open(st.request, ex.nodeId, flags, st.open);
            attachBacking(st, ex.nodeId);
        }
        return OPEN_OUT;
    }

    private int read(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseReadIn.FH);
        long offset = opLong(ex, FuseReadIn.OFFSET);
        int size = cappedToReply(ex, Integer.toUnsignedLong(opInt(ex, FuseReadIn.SIZE_FIELD)));
        MemorySegment buffer = st.readSlice.slice(ex.reply, ex.replyOffset, size);
        int n = fs.read(st.request, ex.nodeId, fh, offset, buffer);
        if (n < 0 || n > size) {
            throw filesystemBug(ex, "read returned " + n + " for a buffer of " + size + " bytes");
        }
        ex.bytesRead += n;
        return n;
    }

    private int write(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseWriteIn.FH);
        long offset = opLong(ex, FuseWriteIn.OFFSET);
        long size = Integer.toUnsignedLong(opInt(ex, FuseWriteIn.SIZE_FIELD));
        int writeFlags = opInt(ex, FuseWriteIn.WRITE_FLAGS);
        if (size > ex.payloadLength) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("WRITE unique {}: {} bytes declared, {} in the payload; answering EINVAL", ex.unique,
                        size, ex.payloadLength);
            }
            throw FuseException.of(Errno.EINVAL);
        }
        requireReply(ex, FuseWriteOut.SIZE);
        MemorySegment data = st.writeSlice.slice(ex.payload, ex.payloadOffset, size);
        int n = fs.write(st.request, ex.nodeId, fh, offset, data, writeFlags);
        if (n < 0 || n > size) {
            throw filesystemBug(ex, "write returned " + n + " for " + size + " bytes");
        }
        putWriteOut(ex, n);
        ex.bytesWritten += n;
        return (int) FuseWriteOut.SIZE;
    }

    private int release(Exchange ex, DispatchState st, boolean directory) {
        long fh = opLong(ex, FuseReleaseIn.FH);
        int flags = opInt(ex, FuseReleaseIn.FLAGS);
        if (directory) {
            fs.releasedir(st.request, ex.nodeId, fh, flags);
        } else {
            if (backing != null) {
                backing.released(ex.nodeId, fh);
            }
            if ((opInt(ex, FuseReleaseIn.RELEASE_FLAGS) & ReleaseFlags.FLOCK_UNLOCK) != 0) {
                releaseFlocks(ex, st, fh);
            }
            fs.release(st.request, ex.nodeId, fh, flags);
        }
        return 0;
    }

    private int fsync(Exchange ex, DispatchState st, boolean directory) {
        long fh = opLong(ex, FuseFsyncIn.FH);
        boolean datasync = (opInt(ex, FuseFsyncIn.FSYNC_FLAGS) & FsyncFlags.FDATASYNC) != 0;
        if (directory) {
            fs.fsyncdir(st.request, ex.nodeId, fh, datasync);
        } else {
            fs.fsync(st.request, ex.nodeId, fh, datasync);
        }
        return 0;
    }

    private int flush(Exchange ex, DispatchState st) {
        fs.flush(st.request, ex.nodeId, opLong(ex, FuseFlushIn.FH), opLong(ex, FuseFlushIn.LOCK_OWNER));
        return 0;
    }

    // ---- locks ----

    private int getlk(Exchange ex, DispatchState st) {
        requireReply(ex, FuseLkOut.SIZE);
        FileLock asked = lockIn(ex);
        FileLock found = fs.getlk(st.request, ex.nodeId, opLong(ex, FuseLkIn.FH), asked);
        long out = ex.replyOffset + FuseLkOut.LK;
        if (found == null || found.type() == FileLock.Type.UNLOCK) {
            ex.reply.set(JAVA_LONG_UNALIGNED, out + FuseFileLock.START, 0);
            ex.reply.set(JAVA_LONG_UNALIGNED, out + FuseFileLock.END, 0);
            ex.reply.set(JAVA_INT_UNALIGNED, out + FuseFileLock.TYPE, FileLock.Type.UNLOCK.code());
            ex.reply.set(JAVA_INT_UNALIGNED, out + FuseFileLock.PID, 0);
        } else {
            ex.reply.set(JAVA_LONG_UNALIGNED, out + FuseFileLock.START, found.start());
            ex.reply.set(JAVA_LONG_UNALIGNED, out + FuseFileLock.END, found.end());
            ex.reply.set(JAVA_INT_UNALIGNED, out + FuseFileLock.TYPE, found.type().code());
            ex.reply.set(JAVA_INT_UNALIGNED, out + FuseFileLock.PID, found.pid());
        }
        return (int) FuseLkOut.SIZE;
    }

    private int setlk(Exchange ex, DispatchState st, boolean sleep) {
        long fh = opLong(ex, FuseLkIn.FH);
        FileLock lock = lockIn(ex);
        if ((opInt(ex, FuseLkIn.LK_FLAGS) & LkFlags.FLOCK) != 0) {
            fs.flock(st.request, ex.nodeId, fh, lock.owner(), lock.type(), sleep);
        } else {
            fs.setlk(st.request, ex.nodeId, fh, lock, sleep);
        }
        return 0;
    }

    /** Reads {@code fuse_lk_in} into a lock; a range end beyond OFFSET_MAX is taken as "to the end of file". */
    private static FileLock lockIn(Exchange ex) {
        long start = opLong(ex, FuseLkIn.LK + FuseFileLock.START);
        long end = opLong(ex, FuseLkIn.LK + FuseFileLock.END);
        FileLock.Type type = FileLock.Type.of(opInt(ex, FuseLkIn.LK + FuseFileLock.TYPE));
        if (type == null || start < 0 || (end >= 0 && end < start)) {
            throw FuseException.of(Errno.EINVAL);
        }
        return new FileLock(type, start, end < 0 ? FileLock.OFFSET_MAX : end, opLong(ex, FuseLkIn.OWNER),
                opInt(ex, FuseLkIn.LK + FuseFileLock.PID));
    }

    /** RELEASE with FUSE_RELEASE_FLOCK_UNLOCK: drops the flock locks of the closing file before the release. */
    private void releaseFlocks(Exchange ex, DispatchState st, long fh) {
        long owner = opLong(ex, FuseReleaseIn.LOCK_OWNER);
        try {
            fs.flock(st.request, ex.nodeId, fh, owner, FileLock.Type.UNLOCK, false);
        } catch (FuseException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("RELEASE node {}: dropping the flock locks failed: {}", ex.nodeId, e.getMessage());
            }
        }
    }

    private int fallocate(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseFallocateIn.FH);
        long offset = opLong(ex, FuseFallocateIn.OFFSET);
        long length = opLong(ex, FuseFallocateIn.LENGTH);
        int mode = opInt(ex, FuseFallocateIn.MODE);
        fs.fallocate(st.request, ex.nodeId, fh, mode, offset, length);
        return 0;
    }

    private int lseek(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseLseekIn.FH);
        long offset = opLong(ex, FuseLseekIn.OFFSET);
        int whence = opInt(ex, FuseLseekIn.WHENCE);
        requireReply(ex, FuseLseekOut.SIZE);
        long result = fs.lseek(st.request, ex.nodeId, fh, offset, whence);
        if (result < 0) {
            throw filesystemBug(ex, "lseek returned " + result);
        }
        ex.reply.set(JAVA_LONG_UNALIGNED, ex.replyOffset + FuseLseekOut.OFFSET, result);
        return (int) FuseLseekOut.SIZE;
    }

    private int copyFileRange(Exchange ex, DispatchState st, boolean wide) {
        long fhIn = opLong(ex, FuseCopyFileRangeIn.FH_IN);
        long offsetIn = opLong(ex, FuseCopyFileRangeIn.OFF_IN);
        long nodeOut = opLong(ex, FuseCopyFileRangeIn.NODEID_OUT);
        long fhOut = opLong(ex, FuseCopyFileRangeIn.FH_OUT);
        long offsetOut = opLong(ex, FuseCopyFileRangeIn.OFF_OUT);
        long length = opLong(ex, FuseCopyFileRangeIn.LEN);
        int flags = (int) opLong(ex, FuseCopyFileRangeIn.FLAGS);
        requireReply(ex, wide ? FuseCopyFileRangeOut.SIZE : FuseWriteOut.SIZE);
        long copied = fs.copyFileRange(st.request, ex.nodeId, fhIn, offsetIn, nodeOut, fhOut, offsetOut, length,
                flags);
        if (copied < 0 || Long.compareUnsigned(copied, length) > 0) {
            throw filesystemBug(ex, "copyFileRange returned " + copied + " for " + Long.toUnsignedString(length)
                    + " bytes");
        }
        if (wide) {
            ex.reply.set(JAVA_LONG_UNALIGNED, ex.replyOffset + FuseCopyFileRangeOut.BYTES_COPIED, copied);
            return (int) FuseCopyFileRangeOut.SIZE;
        }
        putWriteOut(ex, (int) Math.min(copied, UINT32_MAX));
        return (int) FuseWriteOut.SIZE;
    }

    private int bmap(Exchange ex, DispatchState st) {
        long block = opLong(ex, FuseBmapIn.BLOCK);
        int blockSize = opInt(ex, FuseBmapIn.BLOCKSIZE);
        requireReply(ex, FuseBmapOut.SIZE);
        long result = fs.bmap(st.request, ex.nodeId, blockSize, block);
        ex.reply.set(JAVA_LONG_UNALIGNED, ex.replyOffset + FuseBmapOut.BLOCK, result);
        return (int) FuseBmapOut.SIZE;
    }

    private int poll(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FusePollIn.FH);
        long kh = opLong(ex, FusePollIn.KH);
        int flags = opInt(ex, FusePollIn.FLAGS);
        int events = opInt(ex, FusePollIn.EVENTS);
        requireReply(ex, FusePollOut.SIZE);
        int revents = fs.poll(st.request, ex.nodeId, fh, kh, flags, events);
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FusePollOut.REVENTS, revents);
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FusePollOut.PADDING, 0);
        return (int) FusePollOut.SIZE;
    }

    /**
     * Serves a restricted ioctl: hands the filesystem the {@code in_size} input bytes that follow
     * {@code fuse_ioctl_in} and a zero-filled slice of {@code out_size} bytes after {@code fuse_ioctl_out},
     * all of which is sent back. The unrestricted form (CUSE only: the server names the caller's memory
     * and asks for a retry) is answered with ENOSYS, which the kernel reports as ENOTTY.
     */
    private int ioctl(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseIoctlIn.FH);
        int flags = opInt(ex, FuseIoctlIn.FLAGS);
        int cmd = opInt(ex, FuseIoctlIn.CMD);
        long arg = opLong(ex, FuseIoctlIn.ARG);
        long inSize = Integer.toUnsignedLong(opInt(ex, FuseIoctlIn.IN_SIZE));
        long outSize = Integer.toUnsignedLong(opInt(ex, FuseIoctlIn.OUT_SIZE));
        if ((flags & IoctlFlags.UNRESTRICTED) != 0) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("IOCTL unique {}: unrestricted ioctls (CUSE) are not supported; answering ENOSYS",
                        ex.unique);
            }
            throw FuseException.of(Errno.ENOSYS);
        }
        if (inSize > Math.max(0, ex.payloadLength)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("IOCTL unique {}: {} input bytes declared, {} in the payload; answering EINVAL", ex.unique,
                        inSize, ex.payloadLength);
            }
            throw FuseException.of(Errno.EINVAL);
        }
        requireReply(ex, FuseIoctlOut.SIZE + outSize);
        MemorySegment in = ex.payload.asSlice(ex.payloadOffset, inSize);
        MemorySegment replyWindow = ex.reply.asSlice(ex.replyOffset, FuseIoctlOut.SIZE + outSize);
        if (inSize > 0 && in.asOverlappingSlice(replyWindow).isPresent()) {
            // io_uring: the reply overwrites the request payload, so the input moves to the heap first
            in = MemorySegment.ofArray(in.toArray(JAVA_BYTE));
        }
        MemorySegment out = replyWindow.asSlice(FuseIoctlOut.SIZE, outSize);
        out.fill((byte) 0);
        int result = fs.ioctl(st.request, ex.nodeId, fh, flags, cmd, arg, in.asReadOnly(), out);
        if (result < 0) {
            throw filesystemBug(ex, "ioctl returned " + result);
        }
        replyWindow.set(JAVA_INT_UNALIGNED, FuseIoctlOut.RESULT, result);
        replyWindow.set(JAVA_INT_UNALIGNED, FuseIoctlOut.FLAGS, 0);
        replyWindow.set(JAVA_INT_UNALIGNED, FuseIoctlOut.IN_IOVS, 0);
        replyWindow.set(JAVA_INT_UNALIGNED, FuseIoctlOut.OUT_IOVS, 0);
        return (int) (FuseIoctlOut.SIZE + outSize);
    }

    private int syncfs(Exchange ex, DispatchState st) {
        fs.syncfs(st.request, ex.nodeId);
        return 0;
    }

    private void putWriteOut(Exchange ex, int size) {
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FuseWriteOut.SIZE_FIELD, size);
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FuseWriteOut.PADDING, 0);
    }

    // ---- directories ----

    private int readdir(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseReadIn.FH);
        long offset = opLong(ex, FuseReadIn.OFFSET);
        int size = cappedToReply(ex, Integer.toUnsignedLong(opInt(ex, FuseReadIn.SIZE_FIELD)));
        DirFiller filler = st.dirFiller;
        filler.start(ex.reply, ex.replyOffset, size);
        fs.readdir(st.request, ex.nodeId, fh, offset, filler);
        requireSomeEntry(ex, filler.isFull(), filler.entries(), size);
        return filler.length();
    }

    private int readdirplus(Exchange ex, DispatchState st) {
        long fh = opLong(ex, FuseReadIn.FH);
        long offset = opLong(ex, FuseReadIn.OFFSET);
        int size = cappedToReply(ex, Integer.toUnsignedLong(opInt(ex, FuseReadIn.SIZE_FIELD)));
        DirPlusFiller filler = st.dirPlusFiller;
        filler.start(ex.reply, ex.replyOffset, size, entryTimeoutNanos, attrTimeoutNanos);
        fs.readdirplus(st.request, ex.nodeId, fh, offset, filler);
        requireSomeEntry(ex, filler.isFull(), filler.entries(), size);
        return filler.length();
    }

    /**
     * An empty listing means "end of directory" to the kernel: when even the first entry did not fit,
     * answer EINVAL (as getdents(2) does for a too small buffer) instead of ending the listing early.
     */
    private static void requireSomeEntry(Exchange ex, boolean full, int entries, int size) {
        if (full && entries == 0) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} node {}: the first entry does not fit into {} bytes; answering EINVAL",
                        Opcode.name(ex.opcode), ex.nodeId, size);
            }
            throw FuseException.of(Errno.EINVAL);
        }
    }

    // ---- extended attributes ----

    private int setxattr(Exchange ex, DispatchState st) {
        long size = Integer.toUnsignedLong(opInt(ex, FuseSetxattrIn.SIZE_FIELD));
        int flags = opInt(ex, FuseSetxattrIn.FLAGS);
        if (!config.setxattrExt()) {
            locateCompatSetxattrPayload(ex, st);
        }
        String name = st.payload.nextName(st.name).toString();
        if (size > st.payload.remaining()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("SETXATTR unique {}: value of {} bytes declared, {} in the payload; answering EINVAL",
                        ex.unique, size, st.payload.remaining());
            }
            throw FuseException.of(Errno.EINVAL);
        }
        MemorySegment value = ex.payload.asSlice(st.payload.position(), size).asReadOnly();
        fs.setxattr(st.request, ex.nodeId, name, value, flags);
        return 0;
    }

    /**
     * Without FUSE_SETXATTR_EXT the kernel sends the 8-byte compat {@code fuse_setxattr_in}. The payload
     * window is right when the transport used the real struct size (io_uring always does); a transport
     * that skipped the full 16 bytes starts 8 bytes into the name, which {@code in_header.len} reveals:
     * then the window is moved back to where the name starts.
     */
    private static void locateCompatSetxattrPayload(Exchange ex, DispatchState st) {
        long expected = Integer.toUnsignedLong(ex.totalLength) - FuseInHeader.SIZE - FuseSetxattrIn.COMPAT_SIZE;
        long missing = expected - ex.payloadLength;
        if (missing == FuseSetxattrIn.SIZE - FuseSetxattrIn.COMPAT_SIZE && ex.payloadOffset >= missing) {
            st.payload.reset(ex.payloadOffset - missing, (int) expected);
        }
    }

    private int getxattr(Exchange ex, DispatchState st) {
        long size = Integer.toUnsignedLong(opInt(ex, FuseGetxattrIn.SIZE_FIELD));
        String name = st.payload.nextName(st.name).toString();
        if (size == 0) {
            requireReply(ex, FuseGetxattrOut.SIZE);
            int length = fs.getxattr(st.request, ex.nodeId, name, ex.reply.asSlice(ex.replyOffset, 0));
            return xattrSizeReply(ex, length);
        }
        MemorySegment buffer = ex.reply.asSlice(ex.replyOffset, cappedToReply(ex, size));
        int length = fs.getxattr(st.request, ex.nodeId, name, buffer);
        return xattrDataReply(ex, length, size, buffer.byteSize());
    }

    private int listxattr(Exchange ex, DispatchState st) {
        long size = Integer.toUnsignedLong(opInt(ex, FuseGetxattrIn.SIZE_FIELD));
        if (size == 0) {
            requireReply(ex, FuseGetxattrOut.SIZE);
            int length = fs.listxattr(st.request, ex.nodeId, ex.reply.asSlice(ex.replyOffset, 0));
            return xattrSizeReply(ex, length);
        }
        MemorySegment buffer = ex.reply.asSlice(ex.replyOffset, cappedToReply(ex, size));
        int length = fs.listxattr(st.request, ex.nodeId, buffer);
        return xattrDataReply(ex, length, size, buffer.byteSize());
    }

    private int removexattr(Exchange ex, DispatchState st) {
        fs.removexattr(st.request, ex.nodeId, st.payload.nextName(st.name).toString());
        return 0;
    }

    /** Answers a size probe (request size 0) with {@code fuse_getxattr_out}. */
    private int xattrSizeReply(Exchange ex, int length) {
        if (length < 0) {
            throw filesystemBug(ex, "returned a negative length " + length);
        }
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FuseGetxattrOut.SIZE_FIELD, length);
        ex.reply.set(JAVA_INT_UNALIGNED, ex.replyOffset + FuseGetxattrOut.PADDING, 0);
        return (int) FuseGetxattrOut.SIZE;
    }

    /** Answers a data request: the value (or list) itself, ERANGE when the caller's buffer is too small. */
    private int xattrDataReply(Exchange ex, int length, long requested, long buffer) {
        if (length < 0) {
            throw filesystemBug(ex, "returned a negative length " + length);
        }
        if (length > requested) {
            throw FuseException.of(Errno.ERANGE);
        }
        if (length > buffer) {
            // the caller's buffer is large enough, the transport's reply window is not
            LOG.warn("{} node {} in mount {}: {} bytes do not fit the reply window of {} bytes; answering E2BIG",
                    Opcode.name(ex.opcode), ex.nodeId, config.mountName(), length, buffer);
            throw FuseException.of(Errno.E2BIG);
        }
        return length;
    }

    // ---- requests without a reply ----

    private int forget(Exchange ex) {
        ex.noReply = true;
        forgetOne(ex, ex.nodeId, opLong(ex, FuseForgetIn.NLOOKUP));
        return 0;
    }

    private int batchForget(Exchange ex) {
        ex.noReply = true;
        long count = Integer.toUnsignedLong(opInt(ex, FuseBatchForgetIn.COUNT));
        long available = Math.max(0, ex.payloadLength) / FuseForgetOne.SIZE;
        if (count > available) {
            LOG.warn("BATCH_FORGET in mount {}: {} entries declared, {} in the payload; forgetting those",
                    config.mountName(), count, available);
            count = available;
        }
        for (long i = 0; i < count; i++) {
            long at = ex.payloadOffset + i * FuseForgetOne.SIZE;
            long nodeId = ex.payload.get(JAVA_LONG_UNALIGNED, at + FuseForgetOne.NODEID);
            long nlookup = ex.payload.get(JAVA_LONG_UNALIGNED, at + FuseForgetOne.NLOOKUP);
            forgetOne(ex, nodeId, nlookup);
        }
        return 0;
    }

    private void forgetOne(Exchange ex, long nodeId, long nlookup) {
        try {
            fs.forget(nodeId, nlookup);
        } catch (Throwable t) {
            ex.internalErrors++;
            LOG.error("forget({}, {}) threw in mount {}; the lookups are dropped", nodeId, nlookup,
                    config.mountName(), t);
        }
    }

    private int interrupt(Exchange ex) {
        ex.noReply = true;
        long target = opLong(ex, FuseInterruptIn.UNIQUE);
        try {
            config.interrupts().interrupt(target);
        } catch (Throwable t) {
            ex.internalErrors++;
            LOG.error("interrupting request {} failed in mount {}", target, config.mountName(), t);
        }
        return 0;
    }

    private static int noReply(Exchange ex) {
        ex.noReply = true;
        return 0;
    }

    /**
     * Sets where the data of NOTIFY_REPLY requests (answers to RETRIEVE notifications) goes. Call before the
     * transports start; without it, they are dropped.
     *
     * @param replies the receiver, not null
     */
    public void notifyReplies(NotifyReplies replies) {
        this.notifyReplies = Objects.requireNonNull(replies, "replies");
    }

    /**
     * Implements {@code allow_root}: the mount is made with {@code allow_other}, and requests of users other
     * than {@code ownerUid} and root are answered EACCES, except those on handles already opened (reads,
     * writes, releases...) and those that carry no caller (FORGET, INTERRUPT, NOTIFY_REPLY). Call before the
     * transports start.
     *
     * @param ownerUid the uid of the mounting user
     */
    public void onlyOwnerAndRoot(int ownerUid) {
        if (ownerUid < 0) {
            throw new IllegalArgumentException("uid must not be negative: " + ownerUid);
        }
        this.onlyOwnerAndRoot = ownerUid;
    }

    /** Tells whether an opcode acts on an already opened handle or has no caller to check. */
    static boolean onHandleOrWithoutCaller(int opcode) {
        return switch (opcode) {
            case Opcode.INIT, Opcode.DESTROY, Opcode.READ, Opcode.WRITE, Opcode.FSYNC, Opcode.RELEASE,
                 Opcode.READDIR, Opcode.READDIRPLUS, Opcode.FSYNCDIR, Opcode.RELEASEDIR, Opcode.FLUSH,
                 Opcode.FORGET, Opcode.BATCH_FORGET, Opcode.INTERRUPT, Opcode.NOTIFY_REPLY -> true;
            default -> false;
        };
    }

    /**
     * NOTIFY_REPLY: the payload is {@code fuse_notify_retrieve_in} followed by the data. No reply goes to
     * the kernel (on io_uring the entry is still committed, which only gives it back).
     */
    private int notifyReply(Exchange ex) {
        noReply(ex);
        long header = FuseNotifyRetrieveIn.SIZE;
        if (ex.payloadLength < header) {
            LOG.warn("NOTIFY_REPLY (unique {}) in mount {}: payload of {} bytes is too short; ignored", ex.unique,
                    config.mountName(), ex.payloadLength);
            return 0;
        }
        long at = ex.payloadOffset;
        long offset = ex.payload.get(JAVA_LONG_UNALIGNED, at + FuseNotifyRetrieveIn.OFFSET);
        long size = Integer.toUnsignedLong(ex.payload.get(JAVA_INT_UNALIGNED, at + FuseNotifyRetrieveIn.SIZE_FIELD));
        long available = ex.payloadLength - header;
        if (size > available) {
            LOG.warn("NOTIFY_REPLY (unique {}) in mount {}: {} bytes declared, {} in the payload; using those",
                    ex.unique, config.mountName(), size, available);
            size = available;
        }
        try {
            notifyReplies.notifyReply(ex.unique, ex.nodeId, offset, ex.payload.asSlice(at + header, size));
        } catch (Throwable t) {
            ex.internalErrors++;
            LOG.error("delivering NOTIFY_REPLY (unique {}) failed in mount {}", ex.unique, config.mountName(), t);
        }
        return 0;
    }

    // ---- protocol errors ----

    private int init(Exchange ex) {
        LOG.warn("INIT (unique {}) reached the dispatcher in mount {}; the session answers INIT itself; "
                + "answering EPROTO", ex.unique, config.mountName());
        throw FuseException.of(Errno.EPROTO);
    }

    private static int unknown(Exchange ex) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} (unique {}) is not supported; answering ENOSYS", Opcode.name(ex.opcode), ex.unique);
        }
        throw FuseException.of(Errno.ENOSYS);
    }

    // ---- helpers ----

    private static int opInt(Exchange ex, long offset) {
        return ex.opIn.get(JAVA_INT_UNALIGNED, offset);
    }

    private static long opLong(Exchange ex, long offset) {
        return ex.opIn.get(JAVA_LONG_UNALIGNED, offset);
    }

    /** Returns {@code size} capped to the reply window. */
    private static int cappedToReply(Exchange ex, long size) {
        return (int) Math.min(size, Math.max(0, ex.replyCapacity));
    }

    /** Fails with EIO, before anything is written, when a fixed-size reply does not fit the reply window. */
    private void requireReply(Exchange ex, long size) {
        if (size > ex.replyCapacity) {
            ex.internalErrors++;
            LOG.error("{} (unique {}) in mount {}: the reply of {} bytes does not fit the reply window of {} bytes; "
                    + "answering EIO", Opcode.name(ex.opcode), ex.unique, config.mountName(), size, ex.replyCapacity);
            throw FuseException.of(Errno.EIO);
        }
    }

    /** Logs a result that breaks the protocol and returns the EIO to throw. */
    private FuseException filesystemBug(Exchange ex, String what) {
        ex.internalErrors++;
        LOG.error("{} (unique {}, node {}) in mount {}: filesystem bug: {}; answering EIO", Opcode.name(ex.opcode),
                ex.unique, ex.nodeId, config.mountName(), what);
        return FuseException.of(Errno.EIO);
    }

    private void answerFuseException(Exchange ex, FuseException e) {
        int errno = e.errno();
        if (errno < 1 || errno > MAX_ERRNO) {
            ex.internalErrors++;
            LOG.warn("{} (unique {}, node {}) in mount {}: errno {} is outside 1..{}; answering EIO",
                    Opcode.name(ex.opcode), ex.unique, ex.nodeId, config.mountName(), errno, MAX_ERRNO);
            errno = Errno.EIO.code();
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} (unique {}, node {}): {}", Opcode.name(ex.opcode), ex.unique, ex.nodeId, e.getMessage());
        }
        answerError(ex, errno);
    }

    private void answerUnexpected(Exchange ex, Throwable t) {
        ex.internalErrors++;
        answerError(ex, Errno.EIO.code());
        try {
            LOG.error("{} (unique {}, node {}) in mount {} failed with an unexpected exception; answering EIO",
                    Opcode.name(ex.opcode), ex.unique, ex.nodeId, config.mountName(), t);
        } catch (Throwable ignored) {
            // a throwable whose toString fails must not escape dispatch()
        }
    }

    private static void answerError(Exchange ex, int errno) {
        ex.error = errno;
        ex.replyLength = 0;
        if (errno != Errno.ENOENT.code()) {
            ex.errors++;
        }
    }
}
