package dev.fusering.internal.notify;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseNotifier;
import dev.fusering.internal.abi.EntryFlags;
import dev.fusering.internal.abi.FuseNotifyDeleteOut;
import dev.fusering.internal.abi.FuseNotifyInvalEntryOut;
import dev.fusering.internal.abi.FuseNotifyInvalInodeOut;
import dev.fusering.internal.abi.FuseNotifyPollWakeupOut;
import dev.fusering.internal.abi.FuseNotifyPruneOut;
import dev.fusering.internal.abi.FuseNotifyRetrieveOut;
import dev.fusering.internal.abi.FuseNotifyStoreOut;
import dev.fusering.internal.abi.NotifyCode;
import dev.fusering.internal.dispatch.NotifyReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The session's {@link FuseNotifier}: encodes each notification into an exactly sized message and writes it
 * to {@code /dev/fuse} with one {@code write(2)}, from the calling thread (several threads may notify at
 * once; the kernel handles each write atomically). It also receives the NOTIFY_REPLY answers to RETRIEVE
 * ({@link NotifyReplies}).
 *
 * <p>Life: created with the descriptor before INIT is answered, {@link #open} once the INIT reply is written
 * (calls before fail with {@link IllegalStateException}), {@link #close} before the session closes the
 * descriptor. A read-write lock keeps the descriptor from being closed while a notification is being
 * written: notifications share the read lock, {@link #close} takes the write lock.
 */
public final class SessionNotifier implements FuseNotifier, NotifyReplies {

    private static final Logger log = LoggerFactory.getLogger(SessionNotifier.class);

    private static final int NEW = 0;
    private static final int OPEN = 1;
    private static final int CLOSED = 2;

    /** Protocol minor versions that introduced each notification. */
    private static final int MINOR_POLL = 11;
    private static final int MINOR_INVAL = 12;
    private static final int MINOR_STORE_RETRIEVE = 15;
    private static final int MINOR_DELETE = 18;
    private static final int MINOR_EXPIRE_ONLY = 38;
    private static final int MINOR_INC_EPOCH = 44;
    private static final int MINOR_PRUNE = 45;

    /** Largest data a STORE may carry here (the message size must fit an int). */
    private static final long MAX_STORE = Integer.MAX_VALUE - 64;

    private final int devFd;
    private final String mountName;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final RetrieveTable retrieves = new RetrieveTable();
    private volatile int state = NEW;
    private volatile int protocolMinor;

    /**
     * Creates a notifier that is not open yet.
     *
     * @param devFd     the session's {@code /dev/fuse} descriptor
     * @param mountName the mount point, for log lines
     */
    public SessionNotifier(int devFd, String mountName) {
        this.devFd = devFd;
        this.mountName = Objects.requireNonNull(mountName, "mountName");
    }

    /**
     * Allows notifications; called once the INIT reply has been written.
     *
     * @param connection what was negotiated (its protocol minor decides which notifications exist)
     */
    public void open(ConnectionInfo connection) {
        protocolMinor = connection.protocolMinor();
        if (state == NEW) {
            state = OPEN;
        }
    }

    /**
     * Refuses further notifications, waits (a bounded time) for those being written, and fails the pending
     * retrieves. Idempotent.
     *
     * @param timeoutMillis how long to wait for notifications in progress
     */
    public void close(long timeoutMillis) {
        state = CLOSED;
        boolean locked = false;
        try {
            locked = lock.writeLock().tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
            if (!locked) {
                log.warn("a notification to {} is still being written after {} ms", mountName, timeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) {
                lock.writeLock().unlock();
            }
        }
        retrieves.close();
    }

    /**
     * Returns how many RETRIEVE notifications wait for the kernel's answer.
     *
     * @return the count
     */
    public int pendingRetrieves() {
        return retrieves.size();
    }

    // ------------------------------------------------------------------ FuseNotifier

    @Override
    public void invalInode(long nodeId, long offset, long length) {
        try (NotifyMessage m = new NotifyMessage(NotifyCode.INVAL_INODE, FuseNotifyInvalInodeOut.SIZE)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_LONG, FuseNotifyInvalInodeOut.INO, nodeId);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyInvalInodeOut.OFF, offset);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyInvalInodeOut.LEN, length);
            send(m, "INVAL_INODE", MINOR_INVAL);
        }
    }

    @Override
    public void invalEntry(long parent, String name) {
        invalEntry(parent, encode(name), 0, "INVAL_ENTRY", MINOR_INVAL);
    }

    @Override
    public void invalEntry(long parent, byte[] name) {
        invalEntry(parent, checkName(name.clone()), 0, "INVAL_ENTRY", MINOR_INVAL);
    }

    @Override
    public void expireEntry(long parent, String name) {
        invalEntry(parent, encode(name), EntryFlags.EXPIRE_ONLY, "INVAL_ENTRY(EXPIRE_ONLY)", MINOR_EXPIRE_ONLY);
    }

    private void invalEntry(long parent, byte[] name, int flags, String what, int minor) {
        long size = FuseNotifyInvalEntryOut.SIZE + name.length + 1;
        try (NotifyMessage m = new NotifyMessage(NotifyCode.INVAL_ENTRY, size)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_LONG, FuseNotifyInvalEntryOut.PARENT, parent);
            b.set(ValueLayout.JAVA_INT, FuseNotifyInvalEntryOut.NAMELEN, name.length);
            b.set(ValueLayout.JAVA_INT, FuseNotifyInvalEntryOut.FLAGS, flags);
            MemorySegment.copy(name, 0, b, ValueLayout.JAVA_BYTE, FuseNotifyInvalEntryOut.SIZE, name.length);
            send(m, what, minor);
        }
    }

    @Override
    public void delete(long parent, long child, String name) {
        byte[] bytes = encode(name);
        long size = FuseNotifyDeleteOut.SIZE + bytes.length + 1;
        try (NotifyMessage m = new NotifyMessage(NotifyCode.DELETE, size)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_LONG, FuseNotifyDeleteOut.PARENT, parent);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyDeleteOut.CHILD, child);
            b.set(ValueLayout.JAVA_INT, FuseNotifyDeleteOut.NAMELEN, bytes.length);
            MemorySegment.copy(bytes, 0, b, ValueLayout.JAVA_BYTE, FuseNotifyDeleteOut.SIZE, bytes.length);
            send(m, "DELETE", MINOR_DELETE);
        }
    }

    @Override
    public void store(long nodeId, long offset, byte[] data) {
        store(nodeId, offset, MemorySegment.ofArray(Objects.requireNonNull(data, "data")));
    }

    @Override
    public void store(long nodeId, long offset, MemorySegment data) {
        Objects.requireNonNull(data, "data");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        long length = data.byteSize();
        if (length > MAX_STORE) {
            throw new IllegalArgumentException("cannot store " + length + " bytes at once (at most " + MAX_STORE
                    + ")");
        }
        try (NotifyMessage m = new NotifyMessage(NotifyCode.STORE, FuseNotifyStoreOut.SIZE + length)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_LONG, FuseNotifyStoreOut.NODEID, nodeId);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyStoreOut.OFFSET, offset);
            b.set(ValueLayout.JAVA_INT, FuseNotifyStoreOut.SIZE_FIELD, (int) length);
            MemorySegment.copy(data, 0, b, FuseNotifyStoreOut.SIZE, length);
            send(m, "STORE", MINOR_STORE_RETRIEVE);
        }
    }

    @Override
    public CompletableFuture<byte[]> retrieve(long nodeId, long offset, int size) {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("offset and size must not be negative, got " + offset + ", " + size);
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        requireOpen();
        long id = retrieves.register(future);
        boolean sent = false;
        try (NotifyMessage m = new NotifyMessage(NotifyCode.RETRIEVE, FuseNotifyRetrieveOut.SIZE)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_LONG, FuseNotifyRetrieveOut.NOTIFY_UNIQUE, id);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyRetrieveOut.NODEID, nodeId);
            b.set(ValueLayout.JAVA_LONG, FuseNotifyRetrieveOut.OFFSET, offset);
            b.set(ValueLayout.JAVA_INT, FuseNotifyRetrieveOut.SIZE_FIELD, size);
            send(m, "RETRIEVE", MINOR_STORE_RETRIEVE);
            sent = true;
        } finally {
            if (!sent) {
                retrieves.forget(id);
            }
        }
        return future;
    }

    @Override
    public void pollWakeup(long kh) {
        try (NotifyMessage m = new NotifyMessage(NotifyCode.POLL, FuseNotifyPollWakeupOut.SIZE)) {
            m.body().set(ValueLayout.JAVA_LONG, FuseNotifyPollWakeupOut.KH, kh);
            send(m, "POLL", MINOR_POLL);
        }
    }

    @Override
    public void incEpoch() {
        try (NotifyMessage m = new NotifyMessage(NotifyCode.INC_EPOCH, 0)) {
            send(m, "INC_EPOCH", MINOR_INC_EPOCH);
        }
    }

    @Override
    public void prune(long... nodeIds) {
        Objects.requireNonNull(nodeIds, "nodeIds");
        if (nodeIds.length == 0) {
            requireOpen();
            return;
        }
        long size = FuseNotifyPruneOut.SIZE + 8L * nodeIds.length;
        try (NotifyMessage m = new NotifyMessage(NotifyCode.PRUNE, size)) {
            MemorySegment b = m.body();
            b.set(ValueLayout.JAVA_INT, FuseNotifyPruneOut.COUNT, nodeIds.length);
            MemorySegment.copy(nodeIds, 0, b, ValueLayout.JAVA_LONG, FuseNotifyPruneOut.SIZE, nodeIds.length);
            send(m, "PRUNE", MINOR_PRUNE);
        }
    }

    // ------------------------------------------------------------------ NotifyReplies

    @Override
    public void notifyReply(long unique, long nodeId, long offset, MemorySegment data) {
        CompletableFuture<byte[]> future = retrieves.take(unique);
        if (future == null) {
            log.debug("NOTIFY_REPLY with unknown unique {} (node {}) in mount {} ignored", unique, nodeId,
                    mountName);
            return;
        }
        future.complete(data.toArray(ValueLayout.JAVA_BYTE));
    }

    // ------------------------------------------------------------------ helpers

    private void requireOpen() {
        int s = state;
        if (s != OPEN) {
            throw new IllegalStateException(s == NEW
                    ? "notifications are possible only after FUSE_INIT has been answered"
                    : "the session has ended");
        }
    }

    /** Sends a message under the read lock; throws the kernel's errno as a FuseException. */
    private void send(NotifyMessage m, String what, int minor) {
        lock.readLock().lock();
        int err;
        try {
            requireOpen();
            if (protocolMinor < minor) {
                throw new FuseException(Errno.ENOSYS, what + " needs FUSE protocol 7." + minor + ", the kernel speaks 7."
                        + protocolMinor);
            }
            err = m.send(devFd);
        } finally {
            lock.readLock().unlock();
        }
        if (err != 0) {
            if (log.isDebugEnabled()) {
                log.debug("notification {} to {} failed: {}", what, mountName, Errno.nameOf(err));
            }
            throw new FuseException(err, what + " notification refused by the kernel: " + Errno.nameOf(err));
        }
    }

    private static byte[] encode(String name) {
        return checkName(Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] checkName(byte[] name) {
        if (name.length == 0) {
            throw new IllegalArgumentException("a name must not be empty");
        }
        for (byte c : name) {
            if (c == '/' || c == 0) {
                throw new IllegalArgumentException("a name must not contain '/' or NUL");
            }
        }
        return name;
    }
}
