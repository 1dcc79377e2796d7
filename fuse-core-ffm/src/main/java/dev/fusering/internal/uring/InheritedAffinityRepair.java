package dev.fusering.internal.uring;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives the threads that filesystem code starts on a pinned ring thread every CPU back.
 *
 * <p>A ring owner that serves a single queue is pinned to that queue's CPU ({@link RingWorker}), and the runner
 * threads it starts inherit the pinning on purpose (they serve the same queue). But Linux copies a thread's CPU
 * affinity into every thread it creates, and nothing resets it: a thread that <em>filesystem code</em> starts
 * while it runs on an owner or a runner (the first worker of an executor, a {@code ForkJoinPool} worker such as a
 * carrier of virtual threads, an HTTP client's selector) would stay confined to that one CPU for its whole life,
 * and with it everything it runs, long after the request that started it.
 *
 * <p>So ring threads call {@link #afterFilesystemCode} after each piece of filesystem code they run. It compares
 * the JVM's count of started threads with the count the caller saw last (one call into the JVM, no allocation)
 * and, when it changed, wakes this repair's daemon thread (started by the first owner before it pins itself, so
 * that it is neither pinned nor idle itself; see {@link #beforePinning}). That thread lists {@code /proc/self/task}
 * and looks at every thread it has not seen before: one allowed on exactly one CPU on which a ring owner is
 * pinned, and that is neither an owner nor a runner, gets the mask the owner had before it pinned itself, and is
 * logged.
 * The JVM names a new thread only right before it runs Java code, so a thread still named like a ring thread
 * ({@code fuse-...}) is looked at again {@link #RETRY_NANOS} later, up to {@link #MAX_LOOKS} times, before it is
 * judged by its mask alone. Threads that existed when the first owner pinned itself, and threads seen by an
 * earlier sweep, keep whatever affinity the application gives them.
 *
 * <p>One repair serves the whole JVM: every session's owners register here. Threads started by native code
 * are not counted by the JVM; a later sweep (the next Java thread start) repairs them too.
 */
final class InheritedAffinityRepair {

    private static final Logger log = LoggerFactory.getLogger(InheritedAffinityRepair.class);

    /** How long the repair waits before it looks again at a thread that may not have its own name yet. */
    static final long RETRY_NANOS = 100_000_000L;
    /** Looks at a thread still named like a ring thread before it is judged by its mask alone. */
    static final int MAX_LOOKS = 10;
    /** Repairs logged at INFO; later ones (filesystem code that starts threads again and again) at DEBUG. */
    private static final int INFO_REPAIRS = 3;
    private static final String RING_THREAD_PREFIX = "fuse-";

    /** The JVM's thread counters; null when the java.management module is missing (no repair then). */
    private static final ThreadMXBean THREADS = threadBean();
    /** CPU of a pinned owner → the mask that owner had before it pinned itself. */
    private static final Map<Integer, long[]> PINNED = new ConcurrentHashMap<>();
    /** Kernel thread ids of the ring owners and runners alive: pinned on purpose. */
    private static final Set<Integer> RING_THREADS = ConcurrentHashMap.newKeySet();
    /** Threads that are none of the repair's business (seen before, or not pinned to a ring CPU). */
    private static final Set<Integer> KNOWN = ConcurrentHashMap.newKeySet();
    private static final AtomicLong REPAIRED = new AtomicLong();
    private static final Object START_LOCK = new Object();

    private static volatile boolean active;
    private static volatile boolean requested;
    private static volatile Thread thread;
    /** Looks so far at threads still named like ring threads (repair thread only). */
    private static final Map<Integer, Integer> looks = new HashMap<>();

    private InheritedAffinityRepair() {
    }

    /**
     * Called by a ring owner right before it pins itself to a CPU: starts the repair's thread if it does not run
     * yet. Started here, the thread inherits neither the pinning nor {@code SCHED_IDLE} (owners enter idle mode
     * only once they serve), and it exists before the first owner pins itself, so it is one of the threads the
     * repair leaves alone. Started lazily by the first sweep request instead, it would be created by a ring
     * thread, pinned to one CPU and, in idle mode, {@code SCHED_IDLE}, which the priority guard would then
     * switch back and log as if filesystem code had started it.
     */
    static void beforePinning() {
        if (THREADS == null) {
            return;
        }
        synchronized (START_LOCK) {
            if (thread == null) {
                Thread t = Thread.ofPlatform().name("fuse-affinity-repair").daemon(true)
                        .unstarted(InheritedAffinityRepair::loop);
                t.start();
                thread = t;
            }
        }
    }

    /**
     * Called by a ring owner right after it pinned itself to a CPU: the calling thread counts as a ring thread
     * until {@link #ringThreadEnded()}, and threads that later inherit the pinning get {@code originalMask}
     * back. The first call learns every thread that exists now.
     *
     * @param cpu          the CPU the owner is pinned to
     * @param originalMask the owner's mask before pinning ({@link LibC#schedGetaffinity})
     */
    static void ownerPinned(int cpu, long[] originalMask) {
        RING_THREADS.add(LibC.gettid());
        synchronized (START_LOCK) {
            if (!active && THREADS != null) {
                ProcTasks.forEach(KNOWN::add);
                active = true;
            }
        }
        PINNED.putIfAbsent(cpu, originalMask.clone());
    }

    /**
     * Runs a runner thread's loop with the calling thread counted as a ring thread (pinned on purpose).
     *
     * @param loop the runner's loop
     */
    static void runAsRingThread(Runnable loop) {
        Integer tid = LibC.gettid();
        RING_THREADS.add(tid);
        try {
            loop.run();
        } finally {
            RING_THREADS.remove(tid);
        }
    }

    /** Called by a ring owner that registered with {@link #ownerPinned} when it ends. */
    static void ringThreadEnded() {
        RING_THREADS.remove(LibC.gettid());
    }

    /**
     * Called by a ring thread after filesystem code returned: when threads were started since {@code seen},
     * wakes the repair. Allocation-free.
     *
     * @param seen the JVM's started-thread count the caller saw last
     * @return the count now, to pass next time
     */
    static long afterFilesystemCode(long seen) {
        if (!active) {
            return seen;
        }
        long now = THREADS.getTotalStartedThreadCount();
        if (now != seen) {
            requestSweep();
        }
        return now;
    }

    /**
     * Returns the JVM's started-thread count, the starting point for {@link #afterFilesystemCode}.
     *
     * @return the count, or 0 without the java.management module
     */
    static long startedThreads() {
        return THREADS == null ? 0 : THREADS.getTotalStartedThreadCount();
    }

    /**
     * Returns how many threads got their CPUs back since the JVM started.
     *
     * @return the count
     */
    static long repaired() {
        return REPAIRED.get();
    }

    private static void requestSweep() {
        requested = true;
        Thread t = thread;
        if (t != null) { // always started: active is only set after beforePinning()
            LockSupport.unpark(t);
        }
    }

    private static void loop() {
        while (true) {
            if (!requested) {
                LockSupport.park(InheritedAffinityRepair.class);
                continue;
            }
            requested = false;
            try {
                if (sweep()) {
                    LockSupport.parkNanos(InheritedAffinityRepair.class, RETRY_NANOS);
                    requested = true;
                }
            } catch (RuntimeException e) {
                log.debug("sweep for inherited CPU affinity failed: {}", e.toString());
            }
        }
    }

    /**
     * Looks at every thread not seen before and repairs those that inherited a ring thread's pinning.
     *
     * @return true when a thread still named like a ring thread must be looked at again
     */
    private static boolean sweep() {
        Set<Integer> alive = new HashSet<>();
        boolean again = false;
        for (Integer tid : listThreads()) {
            alive.add(tid);
            if (KNOWN.contains(tid) || RING_THREADS.contains(tid)) {
                continue;
            }
            long[] original = inheritedFrom(tid);
            if (original == null) {
                KNOWN.add(tid);
                continue;
            }
            String name = ProcTasks.comm(tid);
            if (name.startsWith(RING_THREAD_PREFIX) && looks.merge(tid, 1, Integer::sum) < MAX_LOOKS) {
                again = true; // a runner that has not registered yet, or a new thread not yet named by the JVM
                continue;
            }
            looks.remove(tid);
            KNOWN.add(tid);
            repair(tid, name, original);
        }
        KNOWN.retainAll(alive);
        looks.keySet().retainAll(alive);
        return again;
    }

    private static Set<Integer> listThreads() {
        Set<Integer> out = new HashSet<>();
        ProcTasks.forEach(out::add);
        return out;
    }

    /** @return the original mask of the owner whose CPU is the thread's only allowed one, else null */
    private static long[] inheritedFrom(int tid) {
        long[] mask;
        try {
            mask = LibC.schedGetaffinity(tid);
        } catch (NativeCallException e) {
            return null; // ended meanwhile
        }
        int cpu = -1;
        for (int w = 0; w < mask.length; w++) {
            long word = mask[w];
            if (word == 0) {
                continue;
            }
            if (cpu >= 0 || Long.bitCount(word) != 1) {
                return null;
            }
            cpu = w * 64 + Long.numberOfTrailingZeros(word);
        }
        return cpu < 0 ? null : PINNED.get(cpu);
    }

    private static void repair(int tid, String name, long[] original) {
        try {
            LibC.schedSetaffinity(tid, original);
        } catch (NativeCallException e) {
            log.debug("thread {} ({}) keeps its inherited CPU affinity: {}", tid, name, e.getMessage());
            return;
        }
        long n = REPAIRED.incrementAndGet();
        if (n <= INFO_REPAIRS) {
            String more = n == INFO_REPAIRS ? "; further ones are logged at DEBUG" : "";
            log.info("thread {} ({}) was started by filesystem code on an io_uring ring thread and inherited its "
                    + "pinning to one CPU; it may run on every CPU again{}", tid, name, more);
        } else {
            log.debug("thread {} ({}) inherited the pinning of an io_uring ring thread; unpinned", tid, name);
        }
    }

    private static ThreadMXBean threadBean() {
        try {
            return ManagementFactory.getThreadMXBean();
        } catch (Throwable t) { // NoClassDefFoundError in a runtime image without java.management
            log.debug("no ThreadMXBean ({}): threads that filesystem code starts on pinned ring threads stay pinned",
                    t.toString());
            return null;
        }
    }
}
