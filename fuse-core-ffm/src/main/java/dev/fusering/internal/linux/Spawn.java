package dev.fusering.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.fusering.api.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * Starting a helper program with chosen descriptors, through {@code posix_spawn(3)} (no fork of the JVM),
 * and reaping it with {@code waitpid(2)}.
 *
 * <p>{@link ProcessBuilder} cannot be used for helpers that must inherit a descriptor other than 0, 1 and
 * 2 (it closes every other descriptor in the child); here the caller says which of its descriptors
 * becomes which descriptor of the child, through {@code posix_spawn_file_actions_adddup2}. Descriptors
 * above those are closed in the child ({@code posix_spawn_file_actions_addclosefrom_np}, glibc 2.34+;
 * with an older C library only the close-on-exec descriptors are closed). The child starts with an
 * empty signal mask and default signal dispositions.
 *
 * <p>A spawned child must be reaped with {@link #waitFor} (the JVM only reaps the processes it started
 * itself), or it stays a zombie until the JVM exits.
 *
 * <p>Opaque glibc types are allocated with room to spare: {@code posix_spawn_file_actions_t} is 80
 * bytes, {@code posix_spawnattr_t} 336 bytes and {@code sigset_t} 128 bytes on x86_64.
 */
public final class Spawn {

    /** {@code SIGKILL}. */
    public static final int SIGKILL = 9;
    /** {@code SIGTERM}. */
    public static final int SIGTERM = 15;

    private static final int WNOHANG = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long SPAWNATTR_SIZE = 512;
    private static final long SIGSET_SIZE = 128;
    private static final long POLL_MILLIS = 5;

    private static final MethodHandle POSIX_SPAWN = Downcalls.find("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = Downcalls.find("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = Downcalls.find("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_ADDDUP2 = Downcalls.find("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_ADDOPEN = Downcalls.find("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Optional<MethodHandle> FA_ADDCLOSEFROM = Downcalls.findOptional(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = Downcalls.find("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Downcalls.find("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = Downcalls.find("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Downcalls.find("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Downcalls.find("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = Downcalls.find("sigemptyset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = Downcalls.find("sigfillset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle WAITPID = Downcalls.find("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle KILL = Downcalls.find("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle PIPE2 = Downcalls.find("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Downcalls.CAPTURE_ERRNO);

    private Spawn() {
    }

    /**
     * How a child ended, as reported by {@code waitpid(2)}.
     *
     * @param status the raw wait status
     */
    public record Exit(int status) {

        /**
         * Tells whether the child ended by calling exit.
         *
         * @return {@code true} when the child called exit (rather than being killed by a signal)
         */
        public boolean exited() {
            return (status & 0x7f) == 0;
        }

        /**
         * The child's exit code.
         *
         * @return the exit code (meaningful when {@link #exited()})
         */
        public int code() {
            return (status >> 8) & 0xff;
        }

        /**
         * The signal that killed the child.
         *
         * @return the number of the signal that killed the child, or 0
         */
        public int signal() {
            return exited() ? 0 : status & 0x7f;
        }

        /**
         * Tells whether the child succeeded.
         *
         * @return {@code true} when the child exited with code 0
         */
        public boolean success() {
            return exited() && code() == 0;
        }

        @Override
        public String toString() {
            return exited() ? "exit code " + code() : "killed by signal " + signal();
        }
    }

    /**
     * Starts a program.
     *
     * @param program the absolute path of the program (no PATH search)
     * @param argv the arguments, starting with the program's name
     * @param env the whole environment, as {@code NAME=value} entries
     * @param childFds for each descriptor number {@code i} of the child, the caller's descriptor that
     *     becomes it ({@code childFds[i]}), or -1 for {@code /dev/null}; descriptors from
     *     {@code childFds.length} up are closed in the child
     * @return the child's process id; reap it with {@link #waitFor}
     * @throws NativeCallException {@code posix_spawn(program)} with the error number on failure
     */
    public static int spawn(String program, List<String> argv, List<String> env, int[] childFds)
            throws NativeCallException {
        Downcalls.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWNATTR_SIZE, 16);
            check((int) FA_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
                try {
                    addFileActions(arena, actions, childFds);
                    configureSignals(arena, attr);
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    int r = (int) POSIX_SPAWN.invokeExact(pid, arena.allocateFrom(program), actions, attr,
                            strings(arena, argv), strings(arena, env));
                    check(r, "posix_spawn(" + program + ")");
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
            }
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static void addFileActions(Arena arena, MemorySegment actions, int[] childFds) throws Throwable {
        // Targets are filled in ascending order, so a source must not be a lower target that a later
        // dup2 would read after it was overwritten. dup2(fd, fd) is fine: glibc (2.29+) clears its
        // close-on-exec flag as POSIX asks.
        for (int target = 0; target < childFds.length; target++) {
            for (int later = target + 1; later < childFds.length; later++) {
                if (childFds[later] == target) {
                    throw new IllegalArgumentException("descriptor " + target + " is both a target and the source"
                            + " of child descriptor " + later);
                }
            }
        }
        for (int target = 0; target < childFds.length; target++) {
            int source = childFds[target];
            if (source < 0) {
                check((int) FA_ADDOPEN.invokeExact(actions, target, arena.allocateFrom("/dev/null"),
                        LinuxConstants.O_RDWR, 0), "posix_spawn_file_actions_addopen");
            } else {
                check((int) FA_ADDDUP2.invokeExact(actions, source, target), "posix_spawn_file_actions_adddup2");
            }
        }
        if (FA_ADDCLOSEFROM.isPresent()) {
            check((int) FA_ADDCLOSEFROM.get().invokeExact(actions, childFds.length),
                    "posix_spawn_file_actions_addclosefrom_np");
        }
    }

    private static void configureSignals(Arena arena, MemorySegment attr) throws Throwable {
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
        check((int) SIGEMPTYSET.invokeExact(empty), "sigemptyset");
        check((int) SIGFILLSET.invokeExact(all), "sigfillset");
        check((int) ATTR_SETSIGMASK.invokeExact(attr, empty), "posix_spawnattr_setsigmask");
        check((int) ATTR_SETSIGDEFAULT.invokeExact(attr, all), "posix_spawnattr_setsigdefault");
        check((int) ATTR_SETFLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                "posix_spawnattr_setflags");
    }

    /**
     * Waits for a child to end and reaps it ({@code waitpid(pid, WNOHANG)}, polled every few
     * milliseconds, so that the wait is bounded).
     *
     * @param pid a child of this process
     * @param timeoutMillis how long at most; 0 checks once
     * @return how it ended, or empty when it is still running after the timeout
     * @throws NativeCallException {@code waitpid(pid)} with the errno, e.g. ECHILD when it is not a
     *     child or was reaped already
     */
    public static Optional<Exit> waitFor(int pid, long timeoutMillis) throws NativeCallException {
        MemorySegment capture = Downcalls.capture();
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int r = (int) WAITPID.invokeExact(capture, pid, status, WNOHANG);
                if (r == pid) {
                    return Optional.of(new Exit(status.get(JAVA_INT, 0)));
                }
                if (r < 0) {
                    int errno = Downcalls.errno(capture);
                    if (errno == Errno.EINTR.code()) {
                        continue;
                    }
                    throw NativeCallException.of("waitpid(" + pid + ")", errno);
                }
                if (System.nanoTime() >= deadline) {
                    return Optional.empty();
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * Sends a signal to a process ({@code kill(2)}).
     *
     * @param pid the process id (a child started by {@link #spawn})
     * @param signal the signal number, e.g. {@link #SIGKILL}
     * @throws NativeCallException {@code kill(pid)} with the errno on failure
     */
    public static void kill(int pid, int signal) throws NativeCallException {
        if (pid <= 0) {
            throw new IllegalArgumentException("refusing to signal process id " + pid);
        }
        MemorySegment capture = Downcalls.capture();
        int r;
        try {
            r = (int) KILL.invokeExact(capture, pid, signal);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("kill(" + pid + ", " + signal + ")", Downcalls.errno(capture));
        }
    }

    /**
     * Creates a pipe whose two ends are close-on-exec ({@code pipe2(O_CLOEXEC)}).
     *
     * @return the read end and the write end
     * @throws NativeCallException {@code pipe2()} with the errno on failure
     */
    public static int[] pipe() throws NativeCallException {
        MemorySegment capture = Downcalls.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(capture, fds, O_CLOEXEC);
            if (r < 0) {
                throw NativeCallException.of("pipe2()", Downcalls.errno(capture));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** The posix_spawn family returns an error number instead of setting errno. */
    private static void check(int result, String call) throws NativeCallException {
        if (result != 0) {
            throw NativeCallException.of(call, result);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }
}
