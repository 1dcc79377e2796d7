package dev.fusering.internal.uring;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Switches back to {@code SCHED_OTHER} the threads that inherited {@code SCHED_IDLE} from a ring owner.
 *
 * <p>In idle mode a ring owner runs the filesystem's large READ and WRITE code under {@code SCHED_IDLE}
 * ({@link OwnerPriority}). A thread which that code starts (the first worker of an executor, a
 * {@code ForkJoinPool} carrier, a native thread) inherits the policy: {@code SCHED_RESET_ON_FORK} does not reset
 * {@code SCHED_IDLE}, and nothing else would ever watch that thread. The {@link OwnerPriorityGuard} therefore
 * calls {@link #check()} at each of its looks while it watches owners: one {@code pread} of
 * {@code /proc/self/stat} tells whether the process has more threads than at the last look, and only then
 * are the threads listed. When the guard stops watching it calls {@link #sweep()}, which lists them in any
 * case (a thread may have started while another ended between two looks).
 *
 * <p>Threads that were already {@code SCHED_IDLE} when the guard began watching ({@link #begin()}) are the
 * application's own choice and are left alone, as are the ring owners themselves.
 */
final class InheritedIdleRepair {

    private static final Logger log = LoggerFactory.getLogger(InheritedIdleRepair.class);
    /** {@code num_threads} is field 20 of {@code /proc/PID/stat}; the state after the command name is field 3. */
    private static final int NUM_THREADS_AFTER_STATE = 20 - 3;
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Repairs logged at INFO; later ones (a filesystem that starts threads again and again) at DEBUG. */
    private static final int INFO_REPAIRS = 3;

    private final String name;
    private final IntPredicate isOwner;
    private final MemorySegment buffer;
    private final int procStatFd;
    private final AtomicLong repaired = new AtomicLong();
    private Set<Integer> idleBefore = Set.of();
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

    /** The guard begins watching: remembers which threads are idle by the application's choice. */
    void begin() {
        Set<Integer> idle = new HashSet<>();
        forEachThread(tid -> {
            if (!isOwner.test(tid) && policyOf(tid) == LinuxConstants.SCHED_IDLE) {
                idle.add(tid);
            }
        });
        idleBefore = idle;
        lastThreads = numThreads();
    }

    /** A look while watching: repairs new idle threads when the process has more threads than before. */
    void check() {
        int threads = numThreads();
        if (threads > lastThreads) {
            sweep();
        }
        lastThreads = threads;
    }

    /** Lists every thread and switches the ones that inherited SCHED_IDLE back to SCHED_OTHER. */
    void sweep() {
        forEachThread(tid -> {
            if (!isOwner.test(tid) && !idleBefore.contains(tid) && policyOf(tid) == LinuxConstants.SCHED_IDLE) {
                repair(tid);
            }
        });
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
                        + "filesystem code during a large READ or WRITE); switched back to SCHED_OTHER{}", tid,
                        commOf(tid), name, more);
            } else {
                log.debug("thread {} inherited SCHED_IDLE from an io_uring ring owner of {}; switched back to "
                        + "SCHED_OTHER", tid, name);
            }
        } catch (NativeCallException e) {
            log.debug("thread {} not switched back to SCHED_OTHER: {}", tid, e.getMessage());
        }
    }

    private int numThreads() {
        if (procStatFd < 0) {
            return -1;
        }
        long n = LibC.preadRaw(procStatFd, buffer, buffer.byteSize(), 0);
        return n <= 0 ? -1 : numThreadsOf(buffer, (int) n);
    }

    /**
     * Returns field 20 ({@code num_threads}) of a {@code /proc/PID/stat} line, counting fields from the
     * state after the last {@code ')'} (the command name may contain spaces and parentheses).
     *
     * @param stat the bytes read
     * @param len  how many bytes are valid
     * @return the number of threads, or -1 when malformed
     */
    static int numThreadsOf(MemorySegment stat, int len) {
        int i = len - 1;
        while (i >= 0 && stat.get(ValueLayout.JAVA_BYTE, i) != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        int field = -1;
        int value = -1;
        for (i++; i < len; i++) {
            byte b = stat.get(ValueLayout.JAVA_BYTE, i);
            if (b == ' ') {
                if (field == NUM_THREADS_AFTER_STATE) {
                    return value;
                }
                field++;
                value = 0;
            } else if (field == NUM_THREADS_AFTER_STATE) {
                if (b < '0' || b > '9') {
                    return -1;
                }
                value = value * 10 + (b - '0');
            }
        }
        return field == NUM_THREADS_AFTER_STATE ? value : -1;
    }

    private static int policyOf(int tid) {
        try {
            return LibC.schedGetscheduler(tid);
        } catch (NativeCallException e) {
            return -1; // ended meanwhile
        }
    }

    private static String commOf(int tid) {
        try {
            return Files.readString(TASKS.resolve(tid + "/comm")).strip();
        } catch (IOException e) {
            return "ended";
        }
    }

    private static void forEachThread(IntConsumer action) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                action.accept(Integer.parseInt(task.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("listing {}: {}", TASKS, e.toString());
        }
    }
}
