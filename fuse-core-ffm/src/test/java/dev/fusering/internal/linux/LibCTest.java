package dev.fusering.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibCTest {

    /** TCGETS: a terminal ioctl that /dev/null rejects with ENOTTY. */
    private static final long TCGETS = 0x5401;

    @TempDir
    Path tmp;

    @Test
    void nativeAccessIsEnabledUnderSurefire() {
        assertThat(LibC.nativeAccessEnabled()).isTrue();
        LibC.requireNativeAccess();
    }

    @Test
    void devNullWriteAndRead() throws Exception {
        int fd = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            assertThat(fd).isGreaterThanOrEqualTo(0);
            MemorySegment buf = arena.allocate(64);
            assertThat(LibC.writeRaw(fd, buf, 16)).isEqualTo(16);
            assertThat(LibC.readRaw(fd, buf, 64)).isZero();
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void openOfMissingPathCapturesErrno() {
        String missing = tmp.resolve("does-not-exist").toString();
        assertThatThrownBy(() -> LibC.open(missing, LinuxConstants.O_RDONLY))
                .isInstanceOfSatisfying(NativeCallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT.code());
                    assertThat(e.errnoConstant()).isEqualTo(Errno.ENOENT);
                    assertThat(e.call()).isEqualTo("open(" + missing + ")");
                    assertThat(e.getMessage())
                            .isEqualTo("open(" + missing + ") failed: ENOENT (No such file or directory)");
                });
    }

    @Test
    void hotCallsReturnNegativeErrno() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            assertThat(LibC.readRaw(-1, buf, 8)).isEqualTo(-Errno.EBADF.code());
            assertThat(LibC.writeRaw(-1, buf, 8)).isEqualTo(-Errno.EBADF.code());
            assertThat(LibC.preadRaw(-1, buf, 8, 0)).isEqualTo(-Errno.EBADF.code());
            assertThat(LibC.pwriteRaw(-1, buf, 8, 0)).isEqualTo(-Errno.EBADF.code());
            assertThat(LibC.ioUringEnterRaw(-1, 0, 0, 0, MemorySegment.NULL, 0)).isEqualTo(-Errno.EBADF.code());
        }
    }

    @Test
    void hotCallsRejectLengthBeyondBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            assertThatThrownBy(() -> LibC.readRaw(0, buf, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void closeOfBadFdThrows() {
        assertThatThrownBy(() -> LibC.close(-1))
                .isInstanceOfSatisfying(NativeCallException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EBADF.code()));
    }

    @Test
    void pwritePreadAndWritevOnAFile() throws Exception {
        Path file = tmp.resolve("data");
        Files.createFile(file);
        int fd = LibC.open(file.toString(), LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hello = arena.allocateFrom("hello", StandardCharsets.US_ASCII);
            MemorySegment world = arena.allocateFrom(" world", StandardCharsets.US_ASCII);
            MemorySegment iov = arena.allocate(32, 8);
            iov.set(ADDRESS, 0, hello);
            iov.set(JAVA_LONG, 8, 5);
            iov.set(ADDRESS, 16, world);
            iov.set(JAVA_LONG, 24, 6);
            assertThat(LibC.writevRaw(fd, iov, 2)).isEqualTo(11);
            assertThat(LibC.pwriteRaw(fd, hello, 5, 20)).isEqualTo(5);
            MemorySegment buf = arena.allocate(32);
            assertThat(LibC.preadRaw(fd, buf, 5, 6)).isEqualTo(5);
            assertThat(buf.getString(0, StandardCharsets.US_ASCII)).isEqualTo("world");
        } finally {
            LibC.close(fd);
        }
        assertThat(Files.size(file)).isEqualTo(25);
    }

    @Test
    void mmapAndMunmapRoundTrip() throws Exception {
        long size = 1 << 20;
        MemorySegment map = LibC.mmap(size, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE,
                LinuxConstants.MAP_PRIVATE | LinuxConstants.MAP_ANONYMOUS, -1, 0);
        assertThat(map.byteSize()).isEqualTo(size);
        assertThat(map.get(JAVA_BYTE, 4095)).isZero();
        map.set(JAVA_LONG, size - 8, 0x1122334455667788L);
        assertThat(map.get(JAVA_LONG, size - 8)).isEqualTo(0x1122334455667788L);
        LibC.munmap(map);
    }

    @Test
    void mmapFailureThrows() {
        assertThatThrownBy(() -> LibC.mmap(4096, LinuxConstants.PROT_READ, LinuxConstants.MAP_SHARED, -1, 0))
                .isInstanceOfSatisfying(NativeCallException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EBADF.code()));
    }

    @Test
    void eventfdWriteThenRead() throws Exception {
        int efd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC | LinuxConstants.EFD_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8, 8);
            assertThat(LibC.readRaw(efd, buf, 8)).isEqualTo(-Errno.EAGAIN.code());
            buf.set(JAVA_LONG, 0, 5);
            assertThat(LibC.writeRaw(efd, buf, 8)).isEqualTo(8);
            buf.set(JAVA_LONG, 0, 0);
            assertThat(LibC.readRaw(efd, buf, 8)).isEqualTo(8);
            assertThat(buf.get(JAVA_LONG, 0)).isEqualTo(5);
        } finally {
            LibC.close(efd);
        }
    }

    @Test
    void ioctlErrorNamesTheRequest() throws Exception {
        int fd = LibC.open("/dev/null", LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(64);
            assertThatThrownBy(() -> LibC.ioctl(fd, TCGETS, termios))
                    .isInstanceOfSatisfying(NativeCallException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ENOTTY.code());
                        assertThat(e.call()).isEqualTo("ioctl(" + fd + ", 0x5401)");
                    });
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void identityCalls() {
        assertThat(LibC.geteuid()).isEqualTo(LibC.getuid());
        assertThat(LibC.getegid()).isEqualTo(LibC.getgid());
        assertThat(LibC.geteuid()).isGreaterThanOrEqualTo(0);
        assertThat(LibC.gettid()).isPositive();
    }

    @Test
    void affinityPinsAThread() throws Exception {
        int cpus = CpuList.possibleCpuCount();
        int target = cpus - 1;
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                LibC.schedSetaffinity(0, 1L << target);
                result.set(LibC.schedGetcpu());
            } catch (Exception e) {
                result.set(e);
            }
        });
        thread.join();
        assertThat(result.get()).isEqualTo(target);
        assertThatThrownBy(() -> LibC.schedSetaffinity(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void affinityMasksRoundTrip() throws Exception {
        int target = CpuList.possibleCpuCount() - 1;
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                long[] original = LibC.schedGetaffinity(0);
                long[] one = new long[LibC.AFFINITY_WORDS];
                one[target / 64] = 1L << (target % 64);
                LibC.schedSetaffinity(0, one);
                long[] pinned = LibC.schedGetaffinity(0);
                LibC.schedSetaffinity(LibC.gettid(), original);
                result.set(new long[][] {original, pinned, LibC.schedGetaffinity(0), one});
            } catch (Exception e) {
                result.set(e);
            }
        });
        thread.join();
        assertThat(result.get()).isInstanceOf(long[][].class);
        long[][] masks = (long[][]) result.get();
        assertThat(masks[0]).hasSize(LibC.AFFINITY_WORDS);
        assertThat(java.util.Arrays.stream(masks[0]).map(Long::bitCount).sum())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(masks[1]).isEqualTo(masks[3]);
        assertThat(masks[2]).isEqualTo(masks[0]);
        assertThatThrownBy(() -> LibC.schedSetaffinity(0, new long[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibC.schedSetaffinity(0, new long[LibC.AFFINITY_WORDS + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibC.schedGetaffinity(Integer.MAX_VALUE)).isInstanceOf(NativeCallException.class);
    }

    @Test
    void statxReportsTypeAndErrors() throws Exception {
        assertThat(LibC.statx(tmp.toString(), true).isDirectory()).isTrue();
        Path file = Files.writeString(tmp.resolve("f"), "abc");
        Statx st = LibC.statx(file.toString(), false);
        assertThat(st.isDirectory()).isFalse();
        assertThat(st.size()).isEqualTo(3);
        assertThat(st.ino()).isEqualTo(Files.getAttribute(file, "unix:ino"));
        long dev = (long) Files.getAttribute(file, "unix:dev");
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        assertThat((long) st.devMinor()).isEqualTo(minor);
        assertThatThrownBy(() -> LibC.statx(tmp.resolve("nope").toString(), true))
                .isInstanceOfSatisfying(NativeCallException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT.code()));
    }

    @Test
    void statxTellsDeviceFilesApart() throws Exception {
        assertThat(LibC.statx("/dev/null", true).isCharDevice(1, 3)).isTrue();
        assertThat(LibC.statx("/dev/null", true).isCharDevice(10, 229)).isFalse();
        assertThat(LibC.statx(tmp.toString(), true).isCharDevice(0, 0)).isFalse();
        int fd = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try {
            // through the descriptor's magic link, as RunnerRing checks its /dev/fuse descriptor
            assertThat(LibC.statx("/proc/self/fd/" + fd, true).isCharDevice(1, 3)).isTrue();
        } finally {
            LibC.close(fd);
        }
        if (Files.exists(Path.of("/dev/fuse"))) {
            assertThat(LibC.statx("/dev/fuse", true).isCharDevice(10, 229)).isTrue();
        }
    }

    @Test
    void ioUringSetupReturnsAnFd() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(120, 8);
            int fd = LibC.ioUringSetup(4, params);
            assertThat(fd).isGreaterThanOrEqualTo(0);
            assertThat(params.get(JAVA_INT, 0)).isEqualTo(4);
            LibC.close(fd);
            assertThatThrownBy(() -> LibC.ioUringSetup(0, params))
                    .isInstanceOfSatisfying(NativeCallException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL.code()));
            int notARing = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
            try {
                assertThatThrownBy(() -> LibC.ioUringRegister(notARing, 2, MemorySegment.NULL, 0))
                        .isInstanceOfSatisfying(NativeCallException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP.code()));
            } finally {
                LibC.close(notARing);
            }
        }
    }

    @Test
    void hotCallsDoNotAllocateOnceCompiled() throws Exception {
        int fd = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            long[] sink = new long[1];
            long allocated = Allocations.steadyState(() -> {
                sink[0] += LibC.writeRaw(fd, buf, 64) + LibC.readRaw(fd, buf, 64) + LibC.readRaw(-1, buf, 8);
            });
            assertThat(sink[0]).isNotZero();
            assertThat(allocated).as("bytes allocated by 30k hot calls once JIT-compiled").isLessThan(1024);
        } finally {
            LibC.close(fd);
        }
    }
}
