package dev.fusering.internal.uring;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * Switches back to {@code SCHED_OTHER} the threads that inherited {@code SCHED_IDLE} from a ring owner.
 *
 * <p>In idle mode a ring owner runs the filesystem's code under {@code SCHED_IDLE} ({@link OwnerPriority}). A
 * thread which that code starts (the first worker of an executor, a {@code ForkJoinPool} carrier, a native
 * thread) inherits the policy: {@code SCHED_RESET_ON_FORK} does not reset {@code SCHED_IDLE}, and nothing
 * else would ever watch that thread. The {@link OwnerPriorityGuard} therefore
 * calls {@link #check()} at each of its looks while it watches owners: one {@code pread} of
 * {@code /proc/self/stat} tells whether the number of threads changed since the last look, and only then
 * are the threads listed ({@link #sweep()}). The guard also sweeps when it begins and when it stops watching
 * (a thread may have started while another ended between two looks).
 *
 * <p>Inheritance happens when a thread is created, so an inherited thread is {@code SCHED_IDLE} the first
 * time a sweep sees it. A sweep therefore repairs only threads it has not seen before: the threads that
 * existed when the guard started ({@link #learn()}) and the threads an earlier sweep saw keep whatever
 * policy the application gives them, as do the ring owners themselves.
 */
final class InheritedIdleRepair {

    private static final Logger log = LoggerFactory.getLogger(InheritedIdleRepair.class);
    /** Repairs logged at INFO; later ones (a filesystem that starts threads again and again) at DEBUG. */
    private static final int INFO_REPAIRS = 3;

    private final String name;
    private final IntPredicate isOwner;
    private final MemorySegment buffer;
    private final int procStatFd;
    private final AtomicLong repaired = new AtomicLong();
    /** The threads (other than owners) seen so far; only the guard thread uses it. */
    private Set<Integer> known = new HashSet<>();
    private int lastThreads;

    /**
     * Creates the repair for one guard.
     *
     * @param name       the mount point, for log lines
     * @param isOwner    tells whether a thread id is a ring owner's (owners are idle on purpose)
     * @param buffer     a native buffer for {@code /proc/self/stat}, owned by the guard
     * @param procStatFd a descriptor of {@code /proc/self/stat}, or -1 to list the threads only in
     *                   {@link #sweep()}
     */
    InheritedIdleRepair(String name, IntPredicate isOwner, MemorySegment buffer, int procStatFd) {
        this.name = name;
        this.isOwner = isOwner;
        this.buffer = buffer;
        this.procStatFd = procStatFd;
    }

    /** Called when the guard is created, before any owner runs: every current thread is the application's. */
    void learn() {
        lastThreads = numThreads();
        Set<Integer> seen = new HashSet<>();
        ProcTasks.forEach(seen::add);
        known = seen;
    }

    /** A look while watching: sweeps when the number of threads changed since the last look. */
    void check() {
        if (numThreads() != lastThreads) {
            sweep();
        }
    }

    /** Lists every thread and switches the new ones that inherited SCHED_IDLE back to SCHED_OTHER. */
    void sweep() {
        lastThreads = numThreads();
        Set<Integer> seen = new HashSet<>();
        ProcTasks.forEach(tid -> {
            if (!isOwner.test(tid) && !known.contains(tid) && policyOf(tid) == LinuxConstants.SCHED_IDLE) {
                repair(tid);
            }
            seen.add(tid);
        });
        known = seen;
    }

    /**
     * Returns how many threads were switched back.
     *
     * @return the count
     */
    long repaired() {
        return repaired.get();
    }

    private void repair(int tid) {
        try {
            LibC.schedSetscheduler(tid, LinuxConstants.SCHED_OTHER);
            long n = repaired.incrementAndGet();
            if (n <= INFO_REPAIRS) {
                String more = n == INFO_REPAIRS ? "; further ones are logged at DEBUG" : "";
                log.info("thread {} ({}) inherited SCHED_IDLE from an io_uring ring owner of {} (started by "
                        + "filesystem code); switched back to SCHED_OTHER{}", tid,
                        describe(ProcTasks.comm(tid)), name, more);
            } else {
                log.debug("thread {} inherited SCHED_IDLE from an io_uring ring owner of {}; switched back to "
                        + "SCHED_OTHER", tid, name);
            }
        } catch (NativeCallException e) {
            log.debug("thread {} not switched back to SCHED_OTHER: {}", tid, e.getMessage());
        }
    }

    /**
     * Describes a repaired thread by its name for the log. A new thread bears its creator's name until it names
     * itself (the JVM does that shortly after the start), so a thread seen early still shows the name of the
     * ring owner or runner that started it: say so rather than name the owner as the repaired thread.
     *
     * @param comm the thread's name as {@code /proc/self/task/TID/comm} showed it
     * @return the name, or a description of a thread not named yet
     */
    static String describe(String comm) {
        if (comm.matches("fuse-ring-\\d+|fuse-q\\d+-e\\d+")) {
            return "not named yet, started by " + comm;
        }
        return comm;
    }

    private int numThreads() {
        if (procStatFd < 0) {
            return -1;
        }
        long n = LibC.preadRaw(procStatFd, buffer, buffer.byteSize(), 0);
        return n <= 0 ? -1 : ProcStatLine.numThreads(buffer, (int) n);
    }

    private static int policyOf(int tid) {
        try {
            return LibC.schedGetscheduler(tid);
        } catch (NativeCallException e) {
            return -1; // ended meanwhile
        }
    }
}
