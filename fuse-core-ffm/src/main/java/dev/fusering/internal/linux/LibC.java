package dev.fusering.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library and system calls the engine needs, called through the Foreign Function and Memory
 * API (no JNI).
 *
 * <p>Every downcall handle is created once, in a static final field, from
 * {@link Linker#nativeLinker()} and its default lookup (glibc on Linux). {@code errno} is captured
 * with {@link Linker.Option#captureCallState(String...)} into a per-thread capture segment that is
 * allocated on the first call made by a thread and reused afterwards.
 *
 * <p>Two kinds of methods:
 * <ul>
 *   <li><b>Cold calls</b> (open, mount, mmap, ...) throw {@link NativeCallException} naming the call
 *       and, where useful, the path. They may allocate (C strings, small structs).</li>
 *   <li><b>Hot calls</b> (names ending in {@code Raw}) never throw for a failing system call: they
 *       return the result, or {@code -errno} on failure. They only throw for programming errors (a
 *       length larger than the buffer, a heap segment where native memory is required). They
 *       allocate nothing of their own after the calling thread's first call; once the JIT (C2) has
 *       compiled the call path the whole downcall allocates nothing (measured: 0 bytes per call;
 *       before that, in interpreted and C1 code, the FFM linker allocates about 40 bytes per call).</li>
 * </ul>
 *
 * <p>Native access must be enabled for this class's module ({@code --enable-native-access}); if it
 * is not, the first call fails with an {@link IllegalStateException} that says how to enable it.
 * The check happens before any downcall handle is created, so that {@code --illegal-native-access=deny}
 * produces that message instead of a raw {@link IllegalCallerException}.
 *
 * <p>The io_uring system calls have no glibc wrapper; they go through {@code syscall(2)} with the
 * x86_64 numbers 425 (setup), 426 (enter) and 427 (register).
 */
public final class LibC {

    /** Message of the {@link IllegalStateException} thrown when native access is not enabled. */
    public static final String NATIVE_ACCESS_MESSAGE =
            "FuseRing needs native access: run java with --enable-native-access=ALL-UNNAMED (class path)"
                    + " or --enable-native-access=<module>, or add 'Enable-Native-Access: ALL-UNNAMED'"
                    + " to the executable jar manifest";

    /** x86_64 system call number of {@code io_uring_setup}. */
    public static final long SYS_IO_URING_SETUP = 425;
    /** x86_64 system call number of {@code io_uring_enter}. */
    public static final long SYS_IO_URING_ENTER = 426;
    /** x86_64 system call number of {@code io_uring_register}. */
    public static final long SYS_IO_URING_REGISTER = 427;

    private static final boolean NATIVE_ACCESS = LibC.class.getModule().isNativeAccessEnabled();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** One errno capture segment per thread; lives as long as the thread can reach it. */
    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FALLOCATE = downcall("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle LSEEK = downcall("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle MOUNT = downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle UMOUNT2 = downcall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MADVISE = downcall("madvise",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle DUP2 = downcall("dup2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETEUID = downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEGID = downcall("getegid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETUID = downcall("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETGID = downcall("getgid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETTID = downcall("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SCHED_SETAFFINITY = downcall("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_GETAFFINITY = downcall("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_SETSCHEDULER = downcall("sched_setscheduler",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_GETSCHEDULER = downcall("sched_getscheduler",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** A {@code struct sched_param} with priority 0, shared read-only by every call (no allocation). */
    private static final MemorySegment SCHED_PARAM_ZERO = Arena.global().allocate(JAVA_INT);
    private static final MethodHandle SCHED_GETCPU = downcall("sched_getcpu",
            FunctionDescriptor.of(JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle STATX = downcall("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITEV = downcall("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PREAD = downcall("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle PWRITE = downcall("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    /** {@code syscall(425, entries, params)}; variadic arguments passed as longs. */
    private static final MethodHandle SYSCALL_URING_SETUP = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    /** {@code syscall(426, fd, to_submit, min_complete, flags, arg, argsz)}. */
    private static final MethodHandle SYSCALL_URING_ENTER = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    ADDRESS, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    /** {@code syscall(427, fd, opcode, arg, nr_args)}. */
    private static final MethodHandle SYSCALL_URING_REGISTER = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));

    private LibC() {
    }

    // ------------------------------------------------------------------ native access

    /**
     * Tells whether native access is enabled for the module that contains this class.
     *
     * @return {@code true} when {@code --enable-native-access} (or the jar manifest attribute)
     *     covers this module
     */
    public static boolean nativeAccessEnabled() {
        return NATIVE_ACCESS;
    }

    /**
     * Fails with an explanatory {@link IllegalStateException} when native access is not enabled.
     *
     * @throws IllegalStateException with {@link #NATIVE_ACCESS_MESSAGE} when native access is off
     */
    public static void requireNativeAccess() {
        if (!NATIVE_ACCESS) {
            throw new IllegalStateException(NATIVE_ACCESS_MESSAGE);
        }
    }

    // ------------------------------------------------------------------ cold calls

    /**
     * Opens a file ({@code open(2)}) with mode 0.
     *
     * @param path the path to open
     * @param flags {@code O_*} flags from {@link LinuxConstants}
     * @return the new file descriptor
     * @throws NativeCallException {@code open(path)} with the errno on failure
     */
    public static int open(String path, int flags) throws NativeCallException {
        MemorySegment capture = capture();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw NativeCallException.of("open(" + path + ")", errno(capture));
            }
            return fd;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Closes a file descriptor ({@code close(2)}). The descriptor is released even when the call
     * reports an error (Linux semantics), so never retry.
     *
     * @param fd the descriptor
     * @throws NativeCallException {@code close(fd)} with the errno on failure
     */
    public static void close(int fd) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("close(" + fd + ")", errno(capture));
        }
    }

    /**
     * Manipulates the space of a file ({@code fallocate(2)}): allocates, punches a hole, zeroes, collapses
     * or inserts a range, as {@code mode} says. The file system decides which modes it supports.
     *
     * @param fd the descriptor, open for writing
     * @param mode 0 or {@code FALLOC_FL_*} flags
     * @param offset the first byte of the range
     * @param length the length of the range in bytes
     * @throws NativeCallException {@code fallocate(fd, mode, offset, length)} with the errno on failure
     *     (EOPNOTSUPP for a mode the file system does not support, EINVAL for a misaligned range, ...)
     */
    public static void fallocate(int fd, int mode, long offset, long length) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) FALLOCATE.invokeExact(capture, fd, mode, offset, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("fallocate(" + fd + ", 0x" + Integer.toHexString(mode) + ", " + offset
                    + ", " + length + ")", errno(capture));
        }
    }

    /**
     * Moves the offset of a descriptor ({@code lseek(2)}); with {@code SEEK_DATA} (3) or {@code SEEK_HOLE} (4)
     * it finds the next data or hole of a sparse file at or after {@code offset}.
     *
     * @param fd the descriptor
     * @param offset the offset, relative to what {@code whence} says
     * @param whence {@code SEEK_SET} (0), {@code SEEK_CUR} (1), {@code SEEK_END} (2), {@code SEEK_DATA} (3)
     *     or {@code SEEK_HOLE} (4)
     * @return the resulting offset from the start of the file
     * @throws NativeCallException {@code lseek(fd, offset, whence)} with the errno on failure (ENXIO when
     *     {@code SEEK_DATA} or {@code SEEK_HOLE} starts at or past the end of the file)
     */
    public static long lseek(int fd, long offset, int whence) throws NativeCallException {
        MemorySegment capture = capture();
        long r;
        try {
            r = (long) LSEEK.invokeExact(capture, fd, offset, whence);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("lseek(" + fd + ", " + offset + ", " + whence + ")", errno(capture));
        }
        return r;
    }

    /**
     * Mounts a filesystem ({@code mount(2)}).
     *
     * @param source the source ("device") string, shown in /proc/self/mountinfo
     * @param target the mount point
     * @param fsType the filesystem type, e.g. {@code "fuse.myfs"}
     * @param mountFlags {@code MS_*} flags from {@link LinuxConstants}
     * @param data the filesystem-specific option string, or {@code null}
     * @throws NativeCallException {@code mount(target)} with the errno on failure
     */
    public static void mount(String source, String target, String fsType, long mountFlags, String data)
            throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dataSeg = data == null ? MemorySegment.NULL : arena.allocateFrom(data);
            MemorySegment sourceSeg = source == null ? MemorySegment.NULL : arena.allocateFrom(source);
            r = (int) MOUNT.invokeExact(capture, sourceSeg, arena.allocateFrom(target),
                    arena.allocateFrom(fsType), mountFlags, dataSeg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("mount(" + target + ")", errno(capture));
        }
    }

    /**
     * Unmounts a filesystem ({@code umount2(2)}).
     *
     * @param target the mount point
     * @param flags {@code MNT_*} / {@code UMOUNT_NOFOLLOW} flags, or 0
     * @throws NativeCallException {@code umount2(target)} with the errno on failure
     */
    public static void umount2(String target, int flags) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try (Arena arena = Arena.ofConfined()) {
            r = (int) UMOUNT2.invokeExact(capture, arena.allocateFrom(target), flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("umount2(" + target + ")", errno(capture));
        }
    }

    /**
     * Performs an {@code ioctl(2)} whose argument is a pointer.
     *
     * @param fd the descriptor
     * @param request the request code
     * @param arg the argument memory, or {@link MemorySegment#NULL}
     * @return the non-negative result of the call
     * @throws NativeCallException {@code ioctl(fd, 0xrequest)} with the errno on failure
     */
    public static int ioctl(int fd, long request, MemorySegment arg) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) IOCTL.invokeExact(capture, fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ")", errno(capture));
        }
        return r;
    }

    /**
     * Maps memory ({@code mmap(2)}) at an address the kernel chooses.
     *
     * @param length the length in bytes
     * @param prot {@code PROT_*} flags
     * @param flags {@code MAP_*} flags
     * @param fd the descriptor to map, or -1 with {@code MAP_ANONYMOUS}
     * @param offset the offset into the file
     * @return a native segment of exactly {@code length} bytes over the mapping, with the global
     *     scope: release it with {@link #munmap(MemorySegment)} and do not touch it afterwards
     * @throws NativeCallException {@code mmap(fd, offset 0x...)} with the errno on failure
     */
    @SuppressWarnings("restricted")
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset)
            throws NativeCallException {
        MemorySegment capture = capture();
        MemorySegment addr;
        try {
            addr = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (addr.address() == -1L) {
            throw NativeCallException.of("mmap(fd " + fd + ", offset 0x" + Long.toHexString(offset)
                    + ", length " + length + ")", errno(capture));
        }
        return addr.reinterpret(length);
    }

    /**
     * Unmaps memory mapped by {@link #mmap(long, int, int, int, long)}.
     *
     * @param seg the segment returned by {@code mmap} (its address and byte size are used)
     * @throws NativeCallException {@code munmap(0x...)} with the errno on failure
     */
    public static void munmap(MemorySegment seg) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(capture, seg, seg.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("munmap(0x" + Long.toHexString(seg.address()) + ")", errno(capture));
        }
    }

    /**
     * Gives the kernel advice about the use of a memory range ({@code madvise(2)}).
     *
     * @param seg    the range (page-aligned address; its byte size is the length)
     * @param advice an {@code MADV_*} value, e.g. {@link LinuxConstants#MADV_HUGEPAGE}
     * @throws NativeCallException {@code madvise(0x..., advice)} with the errno on failure
     */
    public static void madvise(MemorySegment seg, int advice) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) MADVISE.invokeExact(capture, seg, seg.byteSize(), advice);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("madvise(0x" + Long.toHexString(seg.address()) + ", " + advice + ")",
                    errno(capture));
        }
    }

    /**
     * Makes {@code newFd} refer to the same open file as {@code oldFd} ({@code dup2(2)}), atomically closing
     * what {@code newFd} referred to before.
     *
     * @param oldFd the descriptor to duplicate
     * @param newFd the descriptor number to reuse
     * @throws NativeCallException {@code dup2()} with the errno on failure
     */
    public static void dup2(int oldFd, int newFd) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) DUP2.invokeExact(capture, oldFd, newFd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("dup2(" + oldFd + ", " + newFd + ")", errno(capture));
        }
    }

    /**
     * Creates an eventfd ({@code eventfd(2)}).
     *
     * @param initval the initial counter value
     * @param flags {@code EFD_*} flags
     * @return the new descriptor
     * @throws NativeCallException {@code eventfd()} with the errno on failure
     */
    public static int eventfd(int initval, int flags) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) EVENTFD.invokeExact(capture, initval, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("eventfd()", errno(capture));
        }
        return r;
    }

    /**
     * Returns the effective user id ({@code geteuid(2)}; cannot fail).
     *
     * @return the effective uid
     */
    public static int geteuid() {
        requireNativeAccess();
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Returns the effective group id ({@code getegid(2)}; cannot fail).
     *
     * @return the effective gid
     */
    public static int getegid() {
        requireNativeAccess();
        try {
            return (int) GETEGID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Returns the real user id ({@code getuid(2)}; cannot fail).
     *
     * @return the real uid
     */
    public static int getuid() {
        requireNativeAccess();
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Returns the real group id ({@code getgid(2)}; cannot fail).
     *
     * @return the real gid
     */
    public static int getgid() {
        requireNativeAccess();
        try {
            return (int) GETGID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Returns the kernel thread id of the calling thread ({@code gettid(2)}; cannot fail). For a
     * virtual thread this is the id of the carrier it currently runs on.
     *
     * @return the thread id
     */
    public static int gettid() {
        requireNativeAccess();
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Pins a thread to a set of CPUs ({@code sched_setaffinity(2)}) given as a 64-bit mask.
     *
     * @param tid the kernel thread id, or 0 for the calling thread
     * @param cpuMask bit {@code n} set means CPU {@code n} is allowed (CPUs 0 to 63); must not be 0
     * @throws NativeCallException {@code sched_setaffinity(tid)} with the errno on failure
     * @throws IllegalArgumentException when {@code cpuMask} is 0
     */
    public static void schedSetaffinity(int tid, long cpuMask) throws NativeCallException {
        if (cpuMask == 0) {
            throw new IllegalArgumentException("cpu mask must name at least one CPU");
        }
        MemorySegment capture = capture();
        int r;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocateFrom(JAVA_LONG, cpuMask);
            r = (int) SCHED_SETAFFINITY.invokeExact(capture, tid, mask.byteSize(), mask);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_setaffinity(" + tid + ", 0x" + Long.toHexString(cpuMask) + ")",
                    errno(capture));
        }
    }

    /** CPUs that {@link #schedGetaffinity} and {@link #schedSetaffinity(int, long[])} cover: 64 per mask word. */
    public static final int AFFINITY_WORDS = 16;

    /**
     * Returns the CPUs a thread may run on ({@code sched_getaffinity(2)}), as a mask of
     * {@link #AFFINITY_WORDS} 64-bit words: bit {@code n % 64} of word {@code n / 64} set means CPU {@code n} is
     * allowed.
     *
     * @param tid the kernel thread id, or 0 for the calling thread
     * @return the mask (a new array)
     * @throws NativeCallException {@code sched_getaffinity(tid)} with the errno on failure (ESRCH once the thread
     *                             has ended)
     */
    public static long[] schedGetaffinity(int tid) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        long[] out = new long[AFFINITY_WORDS];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(JAVA_LONG, AFFINITY_WORDS);
            r = (int) SCHED_GETAFFINITY.invokeExact(capture, tid, mask.byteSize(), mask);
            MemorySegment.copy(mask, JAVA_LONG, 0, out, 0, AFFINITY_WORDS);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_getaffinity(" + tid + ")", errno(capture));
        }
        return out;
    }

    /**
     * Sets the CPUs a thread may run on ({@code sched_setaffinity(2)}) from a mask in the format of
     * {@link #schedGetaffinity}.
     *
     * @param tid     the kernel thread id, or 0 for the calling thread
     * @param cpuMask the mask, at most {@link #AFFINITY_WORDS} words, at least one bit set
     * @throws NativeCallException {@code sched_setaffinity(tid)} with the errno on failure
     * @throws IllegalArgumentException when the mask has no bit set or more than {@link #AFFINITY_WORDS} words
     */
    public static void schedSetaffinity(int tid, long[] cpuMask) throws NativeCallException {
        boolean any = false;
        for (long word : cpuMask) {
            any |= word != 0;
        }
        if (cpuMask.length > AFFINITY_WORDS || !any) {
            throw new IllegalArgumentException("cpu mask must name at least one CPU in at most " + AFFINITY_WORDS
                    + " words");
        }
        MemorySegment capture = capture();
        int r;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(JAVA_LONG, AFFINITY_WORDS);
            MemorySegment.copy(cpuMask, 0, mask, JAVA_LONG, 0, cpuMask.length);
            r = (int) SCHED_SETAFFINITY.invokeExact(capture, tid, mask.byteSize(), mask);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_setaffinity(" + tid + ")", errno(capture));
        }
    }

    /**
     * Sets the scheduling policy of a thread ({@code sched_setscheduler(2)}) with static priority 0, for the
     * normal policies {@link LinuxConstants#SCHED_OTHER} and {@link LinuxConstants#SCHED_IDLE}. Allocates
     * nothing: ring owners call it around their waits.
     *
     * @param tid    the kernel thread id, or 0 for the calling thread
     * @param policy the policy
     * @throws NativeCallException {@code sched_setscheduler(tid)} with the errno on failure (EPERM when leaving
     *                             SCHED_IDLE without CAP_SYS_NICE, ESRCH when the thread is gone)
     */
    public static void schedSetscheduler(int tid, int policy) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) SCHED_SETSCHEDULER.invokeExact(capture, tid, policy, SCHED_PARAM_ZERO);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_setscheduler(" + tid + ", " + policy + ")", errno(capture));
        }
    }

    /**
     * Returns the scheduling policy of a thread ({@code sched_getscheduler(2)}).
     *
     * @param tid the kernel thread id, or 0 for the calling thread
     * @return the policy, e.g. {@link LinuxConstants#SCHED_OTHER} or {@link LinuxConstants#SCHED_IDLE}
     * @throws NativeCallException {@code sched_getscheduler(tid)} with the errno on failure (ESRCH when the
     *                             thread is gone)
     */
    public static int schedGetscheduler(int tid) throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) SCHED_GETSCHEDULER.invokeExact(capture, tid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_getscheduler(" + tid + ")", errno(capture));
        }
        return r;
    }

    /**
     * Returns the CPU the calling thread is running on ({@code sched_getcpu(3)}).
     *
     * @return the CPU number
     * @throws NativeCallException {@code sched_getcpu()} with the errno on failure
     */
    public static int schedGetcpu() throws NativeCallException {
        MemorySegment capture = capture();
        int r;
        try {
            r = (int) SCHED_GETCPU.invokeExact(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("sched_getcpu()", errno(capture));
        }
        return r;
    }

    /**
     * Returns the status of a file ({@code statx(2)} with {@code STATX_BASIC_STATS}).
     *
     * <p>On a FUSE mount this may ask the filesystem's server; on a mount whose connection is gone it
     * fails with ENOTCONN, which is how a stale mount is detected.
     *
     * @param path the path
     * @param followLinks whether a final symbolic link is followed
     * @return the decoded fields
     * @throws NativeCallException {@code statx(path)} with the errno on failure
     */
    public static Statx statx(String path, boolean followLinks) throws NativeCallException {
        MemorySegment capture = capture();
        int flags = followLinks ? 0 : LinuxConstants.AT_SYMLINK_NOFOLLOW;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Statx.SIZE, 8);
            int r = (int) STATX.invokeExact(capture, LinuxConstants.AT_FDCWD, arena.allocateFrom(path), flags,
                    LinuxConstants.STATX_BASIC_STATS, buf);
            if (r < 0) {
                throw NativeCallException.of("statx(" + path + ")", errno(capture));
            }
            return Statx.read(buf);
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Creates an io_uring instance ({@code io_uring_setup(2)}).
     *
     * @param entries the requested number of submission queue entries
     * @param params a native {@code struct io_uring_params} (120 bytes), read and filled by the kernel
     * @return the ring's file descriptor
     * @throws NativeCallException {@code io_uring_setup(entries)} with the errno on failure
     */
    public static int ioUringSetup(int entries, MemorySegment params) throws NativeCallException {
        MemorySegment capture = capture();
        long r;
        try {
            r = (long) SYSCALL_URING_SETUP.invokeExact(capture, SYS_IO_URING_SETUP, (long) entries, params);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("io_uring_setup(" + entries + ")", errno(capture));
        }
        return (int) r;
    }

    /**
     * Registers resources with an io_uring instance ({@code io_uring_register(2)}).
     *
     * @param ringFd the ring's descriptor
     * @param opcode the {@code IORING_REGISTER_*} opcode
     * @param arg the argument memory, or {@link MemorySegment#NULL}
     * @param nrArgs the number of elements in {@code arg}
     * @return the non-negative result of the call
     * @throws NativeCallException {@code io_uring_register(fd, opcode)} with the errno on failure
     */
    public static int ioUringRegister(int ringFd, int opcode, MemorySegment arg, int nrArgs)
            throws NativeCallException {
        MemorySegment capture = capture();
        long r;
        try {
            r = (long) SYSCALL_URING_REGISTER.invokeExact(capture, SYS_IO_URING_REGISTER, (long) ringFd,
                    (long) opcode, arg, (long) nrArgs);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw NativeCallException.of("io_uring_register(" + ringFd + ", " + opcode + ")", errno(capture));
        }
        return (int) r;
    }

    // ------------------------------------------------------------------ hot calls

    /**
     * {@code read(2)} into native memory. Never throws for a failing call; does not allocate.
     *
     * @param fd the descriptor
     * @param buf a native segment
     * @param len the number of bytes to read, at most {@code buf.byteSize()}
     * @return the number of bytes read, or {@code -errno}
     */
    public static long readRaw(int fd, MemorySegment buf, long len) {
        checkLength(buf, len);
        MemorySegment capture = capture();
        try {
            long r = (long) READ.invokeExact(capture, fd, buf, len);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code write(2)} from native memory. Never throws for a failing call; does not allocate.
     *
     * @param fd the descriptor
     * @param buf a native segment
     * @param len the number of bytes to write, at most {@code buf.byteSize()}
     * @return the number of bytes written, or {@code -errno}
     */
    public static long writeRaw(int fd, MemorySegment buf, long len) {
        checkLength(buf, len);
        MemorySegment capture = capture();
        try {
            long r = (long) WRITE.invokeExact(capture, fd, buf, len);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code writev(2)} of a native {@code struct iovec} array (16 bytes per element: base pointer,
     * length). Never throws for a failing call; does not allocate.
     *
     * @param fd the descriptor
     * @param iov a native segment holding at least {@code iovcnt} iovecs
     * @param iovcnt the number of iovecs
     * @return the number of bytes written, or {@code -errno}
     */
    public static long writevRaw(int fd, MemorySegment iov, int iovcnt) {
        checkLength(iov, 16L * iovcnt);
        MemorySegment capture = capture();
        try {
            long r = (long) WRITEV.invokeExact(capture, fd, iov, iovcnt);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code pread(2)} into native memory. Never throws for a failing call; does not allocate.
     *
     * @param fd the descriptor
     * @param buf a native segment
     * @param len the number of bytes to read, at most {@code buf.byteSize()}
     * @param offset the file offset
     * @return the number of bytes read, or {@code -errno}
     */
    public static long preadRaw(int fd, MemorySegment buf, long len, long offset) {
        checkLength(buf, len);
        MemorySegment capture = capture();
        try {
            long r = (long) PREAD.invokeExact(capture, fd, buf, len, offset);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code pwrite(2)} from native memory. Never throws for a failing call; does not allocate.
     *
     * @param fd the descriptor
     * @param buf a native segment
     * @param len the number of bytes to write, at most {@code buf.byteSize()}
     * @param offset the file offset
     * @return the number of bytes written, or {@code -errno}
     */
    public static long pwriteRaw(int fd, MemorySegment buf, long len, long offset) {
        checkLength(buf, len);
        MemorySegment capture = capture();
        try {
            long r = (long) PWRITE.invokeExact(capture, fd, buf, len, offset);
            return r >= 0 ? r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code io_uring_enter(2)}: submits queued SQEs and optionally waits for completions. Never
     * throws for a failing call; does not allocate.
     *
     * @param ringFd the ring's descriptor
     * @param toSubmit the number of SQEs to submit
     * @param minComplete the number of completions to wait for (with {@code IORING_ENTER_GETEVENTS})
     * @param flags {@code IORING_ENTER_*} flags
     * @param arg the signal mask or, with {@code IORING_ENTER_EXT_ARG}, a
     *     {@code struct io_uring_getevents_arg}; {@link MemorySegment#NULL} for none
     * @param argSize the size of {@code arg} in bytes (0 for none)
     * @return the number of SQEs consumed, or {@code -errno}
     */
    public static int ioUringEnterRaw(int ringFd, int toSubmit, int minComplete, int flags, MemorySegment arg,
            long argSize) {
        MemorySegment capture = capture();
        try {
            long r = (long) SYSCALL_URING_ENTER.invokeExact(capture, SYS_IO_URING_ENTER, (long) ringFd,
                    Integer.toUnsignedLong(toSubmit), Integer.toUnsignedLong(minComplete),
                    Integer.toUnsignedLong(flags), arg, argSize);
            return r >= 0 ? (int) r : -errno(capture);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Returns the calling thread's errno capture segment, after checking native access.
     *
     * @return the per-thread capture segment
     */
    private static MemorySegment capture() {
        requireNativeAccess();
        return CAPTURE_SEGMENT.get();
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static void checkLength(MemorySegment buf, long len) {
        if (len < 0 || len > buf.byteSize()) {
            throw new IndexOutOfBoundsException("length " + len + " outside buffer of " + buf.byteSize() + " bytes");
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected exception from a native call", t);
    }

    /**
     * Creates a downcall handle for a libc function, or returns {@code null} when native access is
     * disabled (the methods then fail in {@link #requireNativeAccess()} before using it).
     */
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        if (!NATIVE_ACCESS) {
            return null;
        }
        SymbolLookup lookup = LINKER.defaultLookup();
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("C library function not found: " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }
}
