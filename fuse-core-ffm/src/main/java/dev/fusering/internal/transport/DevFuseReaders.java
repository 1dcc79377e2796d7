package dev.fusering.internal.transport;

import dev.fusering.api.Errno;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that read requests from {@code /dev/fuse}: the classic transport, and in io_uring mode
 * the one reader that must always run beside the rings, because FORGET, BATCH_FORGET and INTERRUPT only
 * arrive here (and every request does if the kernel silently falls back from the ring).
 *
 * <p>Each reader takes a free {@link ClassicSlot} from a shared pool, reads one request into it, and answers
 * it itself. Inline mode has a fixed number of readers, so there a SETLKW (which may wait for another request)
 * goes to the slot's virtual thread, which writes the reply and returns the slot to the pool. Offloaded mode
 * is libfuse's multi-threaded loop: the reader runs any request itself, since filesystem code may block, but
 * first makes sure another reader is free to read, starting one more when none is (up to one per slot, and
 * they stay). When the pool is empty, readers wait: the pool size bounds the requests in flight.
 */
public final class DevFuseReaders {

    private static final Logger log = LoggerFactory.getLogger(DevFuseReaders.class);

    private static final int EINTR = Errno.EINTR.code();
    private static final int EAGAIN = Errno.EAGAIN.code();
    private static final int ENOENT = Errno.ENOENT.code();
    private static final int ENODEV = Errno.ENODEV.code();
    private static final int ECONNABORTED = Errno.ECONNABORTED.code();
    private static final int ENOTCONN = Errno.ENOTCONN.code();

    /**
     * Slots added to the pool in inline mode for requests that wait on a virtual thread (SETLKW), so that
     * that many lock waits still leave a slot for every reader (to read the unlock, or the INTERRUPT).
     */
    public static final int WAITING_SLOTS = 8;

    private final int devFd;
    private final boolean inline;
    /** Size of fuse_setxattr_in on this connection: 16 with FUSE_SETXATTR_EXT, else 8. */
    final int setxattrInSize;
    private final TransportEvents events;
    private final List<ClassicSlot> slots = new ArrayList<>();
    private final ArrayBlockingQueue<ClassicSlot> free;
    private final List<MemorySegment> mappings = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /**
     * Readers that have not ended and are not running filesystem code (offloaded mode starts one more when
     * this would drop to 0; tear-down waits for these only).
     */
    private final AtomicInteger freeReaders = new AtomicInteger();
    private final AtomicBoolean disconnectReported = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long requests;
    private volatile long forgets;
    private volatile long interrupts;
    private int running;

    /**
     * Allocates the slots; no thread starts until {@link #startReaders(int)}.
     *
     * @param devFd              the /dev/fuse file descriptor
     * @param slotCount          how many requests may be in flight through this transport
     * @param bufferSize         bytes per slot: at least 8192 and the largest request (max_write + 4096)
     * @param inline             true to run filesystem code on the reader threads
     * @param setxattrExt        whether FUSE_SETXATTR_EXT was negotiated (sizes fuse_setxattr_in)
     * @param dispatcher         the dispatcher
     * @param arena              the session's arena, for the exchanges' scratch memory
     * @param events             where to report the end of the connection
     * @param firstExchangeIndex the index of the first exchange (session-wide numbering)
     * @throws NativeCallException if the buffers cannot be mapped
     */
    public DevFuseReaders(int devFd, int slotCount, int bufferSize, boolean inline, boolean setxattrExt,
                          Dispatcher dispatcher, Arena arena, TransportEvents events, int firstExchangeIndex)
            throws NativeCallException {
        this.devFd = devFd;
        this.inline = inline;
        this.setxattrInSize = setxattrExt ? 16 : 8;
        this.events = events;
        this.free = new ArrayBlockingQueue<>(slotCount);
        MemorySegment memory = NativeMemory.map((long) slotCount * bufferSize);
        mappings.add(memory);
        for (int i = 0; i < slotCount; i++) {
            Exchange ex = new Exchange(firstExchangeIndex + i, arena);
            ClassicSlot slot = new ClassicSlot(this, ex, dispatcher, memory.asSlice((long) i * bufferSize,
                    bufferSize));
            slots.add(slot);
            free.add(slot);
        }
    }

    /**
     * Starts reader threads.
     *
     * @param count how many
     */
    public synchronized void startReaders(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = Thread.ofPlatform().name("fuse-dev-" + threads.size()).daemon(true).unstarted(this::readLoop);
            threads.add(t);
            running++;
            freeReaders.incrementAndGet();
            t.start();
        }
    }

    /**
     * Returns the number of reader threads started.
     *
     * @return the thread count
     */
    public synchronized int readerCount() {
        return threads.size();
    }

    /**
     * Returns the slots (for draining, interrupts and statistics).
     *
     * @return the slots
     */
    public List<? extends Slot> slots() {
        return slots;
    }

    /**
     * Returns requests read from /dev/fuse.
     *
     * @return requests read from /dev/fuse
     */
    public long requests() {
        return requests;
    }

    /**
     * Returns FORGET and BATCH_FORGET requests read.
     *
     * @return FORGET and BATCH_FORGET requests read
     */
    public long forgets() {
        return forgets;
    }

    /**
     * Returns INTERRUPT requests read.
     *
     * @return INTERRUPT requests read
     */
    public long interrupts() {
        return interrupts;
    }

    private void readLoop() {
        boolean connectionGone = false;
        try {
            while (!stopping) {
                ClassicSlot slot = free.poll(200, TimeUnit.MILLISECONDS);
                if (slot == null) {
                    continue;
                }
                if (!readInto(slot)) {
                    free.add(slot);
                    connectionGone = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("/dev/fuse reader failed", t);
            events.fatal(t);
        } finally {
            boolean last;
            synchronized (this) {
                last = --running == 0;
                freeReaders.decrementAndGet();
                notifyAll();
            }
            // The first reader that sees the connection gone reports it: in offloaded mode another reader may be
            // held by filesystem code for good, and would keep the last one from ever ending.
            if ((connectionGone || last) && disconnectReported.compareAndSet(false, true)) {
                events.disconnected(Thread.currentThread().getName());
            }
        }
    }

    /** Reads and handles one request; returns false when the connection is gone. */
    private boolean readInto(ClassicSlot slot) {
        while (true) {
            long n = LibC.readRaw(devFd, slot.buffer, slot.buffer.byteSize());
            if (n >= 0) {
                handle(slot, (int) n);
                return true;
            }
            int err = (int) -n;
            if (err == EINTR || err == EAGAIN || err == ENOENT) {
                if (stopping) {
                    free.add(slot);
                    return true;
                }
                continue;
            }
            if (err == ENODEV || err == ECONNABORTED || err == ENOTCONN) {
                stopping = true;
                return false;
            }
            throw new IllegalStateException("read(/dev/fuse) failed: " + Errno.nameOf(err));
        }
    }

    private void handle(ClassicSlot slot, int length) {
        requests++;
        if (!slot.loadRequest(length)) {
            log.warn("short read of {} bytes from /dev/fuse ignored", length);
            free.add(slot);
            return;
        }
        int opcode = slot.exchange.opcode;
        slot.markBusy();
        if (opcode == Opcode.FORGET || opcode == Opcode.BATCH_FORGET) {
            forgets++;
            slot.dispatchInline();
            finish(slot);
        } else if (opcode == Opcode.INTERRUPT) {
            interrupts++;
            slot.dispatchInline();
            finish(slot);
        } else if (!inline) {
            runKeepingAReaderFree(slot);
        } else if (opcode != Opcode.SETLKW) {
            slot.dispatchInline();
            finish(slot);
        } else {
            // SETLKW waits for another request (the unlock): it must not hold one of the fixed readers
            slot.offload();
        }
    }

    /**
     * Offloaded mode: runs the request on this reader, as libfuse's multi-threaded loop does, after starting
     * another reader if no other one is free to read. A hand-off to another thread per request (the slot's
     * virtual thread, before) measured about half the stat and random-read rate on this transport; here a
     * request costs what it costs inline, and blocking filesystem code holds only its own reader.
     */
    private void runKeepingAReaderFree(ClassicSlot slot) {
        if (freeReaders.decrementAndGet() <= 0) {
            addReader();
        }
        try {
            slot.dispatchInline();
            finish(slot);
        } finally {
            freeReaders.incrementAndGet();
        }
    }

    /** Starts one more reader unless stopping or every slot already has one. */
    private synchronized void addReader() {
        if (!stopping && threads.size() < slots.size()) {
            startReaders(1);
        }
    }

    /** Sends the slot's reply (unless none is expected) and returns the slot to the pool. */
    void finish(ClassicSlot slot) {
        try {
            if (!slot.exchange.noReply) {
                int len = slot.storeReply();
                long w = LibC.writeRaw(devFd, slot.buffer, len);
                if (w < 0) {
                    int err = (int) -w;
                    if (err != ENOENT && err != ENODEV && err != ECONNABORTED && err != ENOTCONN) {
                        log.warn("write(/dev/fuse) of the reply to {} (unique {}) failed: {}",
                                Opcode.name(slot.exchange.opcode), slot.exchange.unique, Errno.nameOf(err));
                    }
                }
            }
        } finally {
            slot.markIdle();
            free.add(slot);
        }
    }

    /** Makes the readers end at their next wake-up (they also end by themselves when the connection goes). */
    public void stop() {
        stopping = true;
    }

    /**
     * Waits for the reader threads to end, except those that filesystem code holds in offloaded mode (they end
     * when it returns; the session then keeps the buffers, as for a held ring entry). Inline readers are
     * always waited for.
     *
     * @param timeoutMillis how long to wait in total
     * @return true if every reader not held by filesystem code ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitFinished(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (freeReaders.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(Math.min(left, 50)); // a reader entering filesystem code does not notify
            }
        }
        return true;
    }

    /** Ends the slots' virtual threads and unmaps the buffers; only after the readers ended. */
    public void free() {
        for (ClassicSlot s : slots) {
            s.close();
        }
        for (MemorySegment m : mappings) {
            NativeMemory.unmap(m);
        }
        mappings.clear();
    }
}
