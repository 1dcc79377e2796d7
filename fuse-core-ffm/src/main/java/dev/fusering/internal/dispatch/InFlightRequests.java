package dev.fusering.internal.dispatch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The requests in flight, indexed by unique, and the delivery of FUSE_INTERRUPT to them.
 *
 * <p><b>Index.</b> An open-addressing table (linear probing) of {@code cells} twice the session's slot count
 * or more: {@link #register} claims a free cell with one compare-and-set on {@link #owners} and then
 * publishes the unique in {@link #keys}; {@link #unregister} turns the key into a tombstone and frees the
 * cell. A key never returns to {@code EMPTY}, so a lookup may stop at a cell that is empty and unowned:
 * no request that was registered before the lookup started can lie behind it. Nothing is allocated.
 *
 * <p><b>Marking.</b> The table only finds candidates; the mark itself is a compare-and-set of the slot's
 * in-flight word from the bare unique to {@code unique | 1} ({@link Exchange#markInterrupted}). An INTERRUPT
 * that lands while its slot moves on to the next request therefore marks nothing.
 *
 * <p><b>Threads.</b> After marking, the thread running the request's filesystem code (the slot's runner thread when
 * offloaded, the transport's own thread when inline) is interrupted if it still runs that request:
 * the interrupter announces itself in {@link Exchange#interrupters}, then checks
 * {@link Exchange#runningUnique}; the {@link Dispatcher} clears {@code runningUnique} at the end of a request,
 * waits until no interrupter is announced and then clears the thread's interrupt status, so no interrupt
 * reaches the next request. A request marked before its dispatch began interrupts its own thread when it
 * starts.
 *
 * <p><b>Early interrupts.</b> The kernel sends an INTERRUPT only for a request it has already handed to the
 * server, but the transport thread may not have registered it yet (it is still in the completion queue or
 * in another reader's hands). Such an INTERRUPT is remembered for {@value #PENDING_TTL_MS} ms (at most
 * {@value #PENDING_MAX}) and applied when the request registers. Replying EAGAIN to the INTERRUPT, which asks
 * the kernel to send it again, is no alternative: the kernel looks the target up among the requests read
 * through {@code /dev/fuse}, so for requests delivered through io_uring it would only answer ENOENT.
 */
public final class InFlightRequests implements Interrupts {

    /** How long an INTERRUPT for a request that is not registered yet is remembered. */
    static final long PENDING_TTL_MS = 5_000;
    /** How many such INTERRUPTs are remembered at most (the oldest is dropped). */
    static final int PENDING_MAX = 64;

    private static final long EMPTY = 0;
    /** A freed cell; odd, so it never equals a request's unique. */
    private static final long TOMBSTONE = 1;

    private final int mask;
    private final AtomicLongArray keys;
    private final AtomicReferenceArray<Exchange> owners;

    private final long[] pendingUnique = new long[PENDING_MAX];
    private final long[] pendingSince = new long[PENDING_MAX];
    /** Entries used in the pending arrays; read without the lock on the hot path. */
    private volatile int pendingCount;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    /**
     * Creates the table.
     *
     * @param maxInFlight how many requests can be in flight at once (the number of slots of the session)
     */
    public InFlightRequests(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, got " + maxInFlight);
        }
        int cells = Integer.highestOneBit(Math.max(16, maxInFlight) * 4 - 1);
        this.mask = cells - 1;
        this.keys = new AtomicLongArray(cells);
        this.owners = new AtomicReferenceArray<>(cells);
    }

    /**
     * Returns the number of cells (for tests).
     *
     * @return the table size, a power of two of at least twice the slot count
     */
    int capacity() {
        return mask + 1;
    }

    /**
     * Returns the number of INTERRUPTs received.
     *
     * @return the INTERRUPT count
     */
    public long received() {
        return received.get();
    }

    /**
     * Returns the number of INTERRUPTs that marked a request in flight.
     *
     * @return how many requests were marked interrupted
     */
    public long delivered() {
        return delivered.get();
    }

    private static int hash(long unique) {
        long h = unique * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public void register(Exchange ex) {
        if (ex.inFlightCell >= 0) {
            unregister(ex);
        }
        long unique = ex.unique;
        if (unique == 0 || (unique & 1) != 0) {
            return; // notifications and INTERRUPTs themselves are never interrupted
        }
        ex.inFlight.set(unique);
        int c = hash(unique) & mask;
        for (int i = 0; i <= mask; i++) {
            if (owners.get(c) == null && owners.compareAndSet(c, null, ex)) {
                keys.set(c, unique);
                ex.inFlightCell = c;
                break;
            }
            c = (c + 1) & mask;
        }
        if (pendingCount != 0) {
            takePending(ex, unique);
        }
    }

    @Override
    public void unregister(Exchange ex) {
        ex.inFlight.set(0);
        int c = ex.inFlightCell;
        if (c >= 0) {
            ex.inFlightCell = -1;
            keys.set(c, TOMBSTONE);
            owners.set(c, null);
        }
    }

    @Override
    public void interrupt(long targetUnique) {
        received.incrementAndGet();
        long target = targetUnique & ~1L;
        if (target == 0 || find(target)) {
            return;
        }
        remember(target);
        // A registration that ran between find() and remember() may have missed the pending entry: look again.
        if (find(target)) {
            forget(target);
        }
    }

    /**
     * Looks {@code target} up and marks it.
     *
     * @return true when the target was found in the index (marked now, marked before, or just finished)
     */
    private boolean find(long target) {
        int c = hash(target) & mask;
        for (int i = 0; i <= mask; i++) {
            Exchange owner = owners.get(c);
            long key = keys.get(c);
            if (key == EMPTY && owner == null) {
                return false;
            }
            if (key == target) {
                Exchange ex = owners.get(c);
                if (ex != null && ex.markInterrupted(target)) {
                    delivered.incrementAndGet();
                    interruptRunner(ex, target);
                }
                return true;
            }
            c = (c + 1) & mask;
        }
        return false;
    }

    /** Interrupts the thread running {@code target}'s filesystem code, if one runs it now. */
    static void interruptRunner(Exchange ex, long target) {
        ex.interrupters.incrementAndGet();
        try {
            if (ex.runningUnique == target) {
                Thread runner = ex.runner;
                if (runner != null) {
                    runner.interrupt();
                }
            }
        } finally {
            ex.interrupters.decrementAndGet();
        }
    }

    private synchronized void remember(long target) {
        long now = System.nanoTime();
        int n = expire(now);
        if (n == PENDING_MAX) {
            removeAt(0, n);
            n--;
        }
        pendingUnique[n] = target;
        pendingSince[n] = now;
        pendingCount = n + 1;
    }

    private synchronized void forget(long target) {
        int n = pendingCount;
        for (int i = 0; i < n; i++) {
            if (pendingUnique[i] == target) {
                removeAt(i, n);
                pendingCount = n - 1;
                return;
            }
        }
    }

    private synchronized void takePending(Exchange ex, long unique) {
        int n = expire(System.nanoTime());
        for (int i = 0; i < n; i++) {
            if (pendingUnique[i] == unique) {
                removeAt(i, n);
                pendingCount = n - 1;
                if (ex.markInterrupted(unique)) {
                    delivered.incrementAndGet();
                }
                return;
            }
        }
    }

    /** Drops entries older than the time to live; returns the remaining count (and stores it). */
    private int expire(long now) {
        int n = pendingCount;
        long ttl = PENDING_TTL_MS * 1_000_000L;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (now - pendingSince[i] < ttl) {
                pendingUnique[kept] = pendingUnique[i];
                pendingSince[kept] = pendingSince[i];
                kept++;
            }
        }
        if (kept != n) {
            pendingCount = kept;
        }
        return kept;
    }

    private void removeAt(int i, int n) {
        System.arraycopy(pendingUnique, i + 1, pendingUnique, i, n - i - 1);
        System.arraycopy(pendingSince, i + 1, pendingSince, i, n - i - 1);
    }

    /**
     * Returns how many early INTERRUPTs are remembered (for tests).
     *
     * @return the pending count
     */
    int pending() {
        return pendingCount;
    }
}
