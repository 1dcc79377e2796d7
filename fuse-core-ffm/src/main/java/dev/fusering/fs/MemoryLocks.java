package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileLock;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file locks of a {@link MemoryFilesystem}: POSIX record locks ({@code fcntl}) and BSD {@code flock}
 * locks, per node, in two independent namespaces (as on Linux, the two kinds never conflict).
 *
 * <p>POSIX locks belong to an owner (the kernel's id of a process's file table): a new lock replaces the
 * owner's locks in its range, an unlock splits them, and adjacent or overlapping locks of one owner and type
 * are merged, so that GETLK reports the ranges Linux would. flock locks belong to an open file description
 * and cover the whole file; converting one first drops the old lock, as Linux does.
 *
 * <p>Waiting (SETLKW, blocking flock) happens on the node's monitor and ends with {@code EINTR} when the
 * thread is interrupted or the request is marked interrupted (checked at least every
 * {@value #POLL_MILLIS} ms). There is no deadlock detection: two owners that wait for each other wait until
 * one of them is interrupted. Locks are not dropped when a node is deleted; the kernel drops them through
 * FLUSH and RELEASE when the files are closed.
 */
final class MemoryLocks {

    /** Longest wait between two checks of {@link Request#isInterrupted()}. */
    static final long POLL_MILLIS = 100;

    private final ConcurrentHashMap<Long, NodeLocks> byNode = new ConcurrentHashMap<>();
    private final AtomicLong interruptedWaits = new AtomicLong();

    /** The locks of one node; its monitor guards them. */
    private static final class NodeLocks {
        /** POSIX locks (READ or WRITE) of all owners. */
        final List<FileLock> posix = new ArrayList<>();
        /** flock locks by owner. */
        final Map<Long, FileLock> flocks = new LinkedHashMap<>();
        /** Threads waiting on this monitor. */
        int waiters;
        /** Set when the (empty) object was dropped from the map: whoever locks it must fetch a new one. */
        boolean removed;

        boolean unused() {
            return posix.isEmpty() && flocks.isEmpty() && waiters == 0;
        }
    }

    /**
     * Returns how many waits ended because the request was interrupted.
     *
     * @return the count
     */
    long interruptedWaits() {
        return interruptedWaits.get();
    }

    /**
     * Returns how many threads wait for a lock now.
     *
     * @return the count
     */
    int waiting() {
        int n = 0;
        for (NodeLocks locks : byNode.values()) {
            synchronized (locks) {
                n += locks.waiters;
            }
        }
        return n;
    }

    /**
     * Finds a POSIX lock of another owner that conflicts with {@code lock} (GETLK).
     *
     * @param nodeId the file
     * @param lock   the lock the asker would place
     * @return the conflicting lock with the lowest start, or null
     */
    FileLock test(long nodeId, FileLock lock) {
        NodeLocks locks = byNode.get(nodeId);
        if (locks == null) {
            return null;
        }
        synchronized (locks) {
            return posixConflict(locks, lock);
        }
    }

    /**
     * Places or removes a POSIX lock (SETLK, SETLKW).
     *
     * @param request the request, for interrupts
     * @param nodeId  the file
     * @param lock    the lock, or the range to unlock
     * @param sleep   true to wait for conflicting locks to go away
     */
    void set(Request request, long nodeId, FileLock lock, boolean sleep) {
        while (true) {
            NodeLocks locks = byNode.computeIfAbsent(nodeId, id -> new NodeLocks());
            synchronized (locks) {
                if (locks.removed) {
                    continue;
                }
                if (lock.type() != FileLock.Type.UNLOCK) {
                    try {
                        while (posixConflict(locks, lock) != null) {
                            await(request, locks, sleep);
                        }
                    } catch (FuseException e) {
                        changed(nodeId, locks);
                        throw e;
                    }
                }
                removeRange(locks.posix, lock.owner(), lock.start(), lock.end());
                if (lock.type() != FileLock.Type.UNLOCK) {
                    locks.posix.add(merged(locks.posix, lock));
                }
                changed(nodeId, locks);
                return;
            }
        }
    }

    /**
     * Places, converts or removes a flock lock.
     *
     * @param request the request, for interrupts
     * @param nodeId  the file
     * @param owner   the open file description's id
     * @param pid     the asker's pid
     * @param type    the lock type
     * @param sleep   true to wait for conflicting locks to go away
     */
    void flock(Request request, long nodeId, long owner, int pid, FileLock.Type type, boolean sleep) {
        while (true) {
            NodeLocks locks = type == FileLock.Type.UNLOCK ? byNode.get(nodeId)
                    : byNode.computeIfAbsent(nodeId, id -> new NodeLocks());
            if (locks == null) {
                return;
            }
            synchronized (locks) {
                if (locks.removed) {
                    continue;
                }
                FileLock held = locks.flocks.get(owner);
                if (held != null && held.type() == type) {
                    return;
                }
                if (held != null) {
                    locks.flocks.remove(owner); // Linux drops the old lock before it converts
                    locks.notifyAll();
                }
                if (type != FileLock.Type.UNLOCK) {
                    FileLock wanted = new FileLock(type, 0, FileLock.OFFSET_MAX, owner, pid);
                    try {
                        while (flockConflict(locks, wanted)) {
                            await(request, locks, sleep);
                        }
                    } catch (FuseException e) {
                        changed(nodeId, locks);
                        throw e;
                    }
                    locks.flocks.put(owner, wanted);
                }
                changed(nodeId, locks);
                return;
            }
        }
    }

    /**
     * Drops all POSIX locks of an owner on a node (FLUSH: the owner closed a descriptor of the file).
     *
     * @param nodeId the file
     * @param owner  the lock owner
     */
    void releaseOwner(long nodeId, long owner) {
        NodeLocks locks = byNode.get(nodeId);
        if (locks == null) {
            return;
        }
        synchronized (locks) {
            if (locks.posix.removeIf(l -> l.owner() == owner)) {
                changed(nodeId, locks);
            }
        }
    }

    /** Wakes waiters and drops the node's entry when nothing is left in it. Holds the monitor. */
    private void changed(long nodeId, NodeLocks locks) {
        locks.notifyAll();
        if (locks.unused() && !locks.removed) {
            locks.removed = true;
            byNode.remove(nodeId, locks);
        }
    }

    /** Fails with EAGAIN, or waits a while on the monitor; EINTR when interrupted. Holds the monitor. */
    private void await(Request request, NodeLocks locks, boolean sleep) {
        if (!sleep) {
            throw FuseException.of(Errno.EAGAIN);
        }
        if (request.isInterrupted() || Thread.currentThread().isInterrupted()) {
            interruptedWaits.incrementAndGet();
            throw FuseException.of(Errno.EINTR);
        }
        locks.waiters++;
        try {
            locks.wait(POLL_MILLIS);
        } catch (InterruptedException e) {
            interruptedWaits.incrementAndGet();
            throw FuseException.of(Errno.EINTR);
        } finally {
            locks.waiters--;
        }
    }

    private static FileLock posixConflict(NodeLocks locks, FileLock lock) {
        FileLock found = null;
        for (FileLock held : locks.posix) {
            if (held.owner() != lock.owner() && held.conflictsWith(lock)
                    && (found == null || held.start() < found.start())) {
                found = held;
            }
        }
        return found;
    }

    private static boolean flockConflict(NodeLocks locks, FileLock wanted) {
        for (FileLock held : locks.flocks.values()) {
            if (held.owner() != wanted.owner() && held.conflictsWith(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Removes {@code start..end} from the owner's locks, keeping the parts outside the range. */
    private static void removeRange(List<FileLock> posix, long owner, long start, long end) {
        List<FileLock> kept = new ArrayList<>(2);
        for (Iterator<FileLock> it = posix.iterator(); it.hasNext(); ) {
            FileLock held = it.next();
            if (held.owner() != owner || held.end() < start || held.start() > end) {
                continue;
            }
            it.remove();
            if (held.start() < start) {
                kept.add(held.withRange(held.start(), start - 1));
            }
            if (held.end() > end) {
                kept.add(held.withRange(end + 1, held.end()));
            }
        }
        posix.addAll(kept);
    }

    /** Removes the owner's locks of the same type that touch {@code lock} and returns the union. */
    private static FileLock merged(List<FileLock> posix, FileLock lock) {
        long start = lock.start();
        long end = lock.end();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Iterator<FileLock> it = posix.iterator(); it.hasNext(); ) {
                FileLock held = it.next();
                if (held.owner() == lock.owner() && held.type() == lock.type()
                        && held.start() <= plusOne(end) && start <= plusOne(held.end())) {
                    it.remove();
                    start = Math.min(start, held.start());
                    end = Math.max(end, held.end());
                    grew = true;
                }
            }
        }
        return lock.withRange(start, end);
    }

    private static long plusOne(long offset) {
        return offset == FileLock.OFFSET_MAX ? offset : offset + 1;
    }
}
