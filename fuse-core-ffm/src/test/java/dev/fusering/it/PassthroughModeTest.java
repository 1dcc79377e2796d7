package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.MountOptions;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.fs.PassthroughFilesystem;
import dev.fusering.internal.abi.InitFlags;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.passthrough.BackingFiles;
import dev.fusering.internal.session.SessionEngine;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FUSE_PASSTHROUGH end to end on the real kernel: with passthrough the kernel reads and writes the backing
 * files itself (no READ or WRITE reaches the daemon), data is shared both ways with the backing file, the
 * throughput is close to reading the backing file directly, backing ids are closed at the last RELEASE, and
 * opens without passthrough keep working next to passthrough ones.
 */
@Timeout(120)
class PassthroughModeTest {

    private static final Duration SHELL = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** Counts the READ and WRITE requests that reach the filesystem. */
    static class Counting extends ForwardingFilesystem {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong writes = new AtomicLong();

        Counting(Filesystem delegate) {
            super(delegate);
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            reads.incrementAndGet();
            return super.read(request, nodeId, fh, offset, buffer);
        }

        @Override
        public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
            writes.incrementAndGet();
            return super.write(request, nodeId, fh, offset, data, writeFlags);
        }
    }

    /**
     * A memory filesystem whose opens of chosen nodes answer with passthrough (by path or by descriptor);
     * every other open is an ordinary one served by the daemon.
     */
    static final class Selective extends Counting {
        final Map<Long, Path> byPath = new ConcurrentHashMap<>();
        final Map<Long, Integer> byFd = new ConcurrentHashMap<>();
        final Map<Long, Boolean> conflicting = new ConcurrentHashMap<>();

        Selective() {
            super(new MemoryFilesystem());
        }

        @Override
        public void open(Request request, long nodeId, int flags, OpenReply reply) {
            super.open(request, nodeId, flags, reply);
            if (conflicting.containsKey(nodeId)) {
                reply.keepCache();
            }
            Path p = byPath.get(nodeId);
            if (p != null) {
                reply.passthrough(p);
            }
            Integer fd = byFd.get(nodeId);
            if (fd != null) {
                reply.passthroughFd(fd);
            }
        }
    }

    private static MountOptions options(boolean passthrough) {
        return MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO)
                .passthrough(passthrough).build();
    }

    private static BackingFiles backing(TestMounts.Mount m) {
        return ((SessionEngine) m.session()).backingFiles();
    }

    private static void sh(String script) {
        Shell.Result r = Shell.sh(SHELL, script);
        assertThat(r.ok()).as("%s: %s %s", script, r.stdout(), r.stderr()).isTrue();
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 12));
        }
        return b;
    }

    private static void awaitNoBackingIds(TestMounts.Mount m) {
        BackingFiles table = backing(m);
        assertThat(TestMounts.await(Duration.ofSeconds(10), () -> table.registeredIds() == 0))
                .as("backing ids left: %d (open files %d)", table.registeredIds(), table.openFiles()).isTrue();
        assertThat(table.openFiles()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void passthroughFilesystemBypassesTheDaemonBothWays(Transport transport) throws Exception {
        Path source = Files.createDirectory(tmp.resolve("src"));
        byte[] data = pattern(3 << 20, 7);
        Files.write(source.resolve("data"), data);
        Counting fs = new Counting(new PassthroughFilesystem(source));
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED, options(true))) {
            assertThat(m.session().connection().flags() & InitFlags.PASSTHROUGH).isNotZero();
            Path mnt = m.dir();

            // reads by a child process: same bytes, no READ at the daemon
            sh("cmp " + mnt.resolve("data") + " " + source.resolve("data"));
            sh("dd if=" + mnt.resolve("data") + " of=/dev/null bs=64k 2>/dev/null");
            // writes through the mount (CREATE and OPEN for writing) land in the backing files
            Path input = Files.write(tmp.resolve("input"), pattern(1 << 20, 3));
            sh("cp " + input + " " + mnt.resolve("new"));
            sh("dd if=" + input + " of=" + mnt.resolve("data") + " bs=4k count=16 seek=8 conv=notrunc 2>/dev/null");
            assertThat(fs.reads.get()).as("READs at the daemon").isZero();
            assertThat(fs.writes.get()).as("WRITEs at the daemon").isZero();
            assertThat(Files.readAllBytes(source.resolve("new"))).isEqualTo(Files.readAllBytes(input));
            byte[] expected = data.clone();
            System.arraycopy(Files.readAllBytes(input), 0, expected, 8 * 4096, 16 * 4096);
            assertThat(Files.readAllBytes(source.resolve("data"))).isEqualTo(expected);

            // and a change made in the backing file is seen through the mount
            try (FileChannel ch = FileChannel.open(source.resolve("data"), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap("written in the backing file".getBytes(StandardCharsets.US_ASCII)), 100);
            }
            Shell.Result head = Shell.sh(SHELL, "dd if=" + mnt.resolve("data")
                    + " bs=1 skip=100 count=27 2>/dev/null");
            assertThat(head.stdout()).isEqualTo("written in the backing file");
            assertThat(fs.reads.get()).isZero();
            awaitNoBackingIds(m);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void withoutPassthroughReadsReachTheDaemon(Transport transport) throws Exception {
        Path source = Files.createDirectory(tmp.resolve("src"));
        Files.write(source.resolve("data"), pattern(1 << 20, 1));
        Counting fs = new Counting(new PassthroughFilesystem(source));
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED, options(false))) {
            assertThat(m.session().connection().flags() & InitFlags.PASSTHROUGH).isZero();
            assertThat(backing(m)).isNull();
            sh("cmp " + m.path("data") + " " + source.resolve("data"));
            sh("echo hello > " + m.path("new"));
            assertThat(fs.reads.get()).isPositive();
            assertThat(fs.writes.get()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void passthroughAndOrdinaryOpensCoexist(Transport transport) throws Exception {
        Selective fs = new Selective();
        Path backingFile = Files.write(tmp.resolve("backing"), "B".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        Path fdFile = Files.write(tmp.resolve("backing-fd"), "F".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        int fd = LibC.open(fdFile.toString(), LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED, options(true))) {
            String memory = "M".repeat(5000);
            for (String name : List.of("plain", "pt", "ptfd", "conflict")) {
                Files.writeString(m.path(name), memory);
            }
            fs.byPath.put(ino(m.path("pt")), backingFile);
            fs.byFd.put(ino(m.path("ptfd")), fd);
            fs.conflicting.put(ino(m.path("conflict")), true);
            fs.byPath.put(ino(m.path("conflict")), backingFile);
            long readsBefore = fs.reads.get();
            long writesBefore = fs.writes.get();

            // passthrough by path: the bytes of the backing file, not of the memory node, and no READ
            assertThat(Shell.sh(SHELL, "cat " + m.path("pt")).stdout()).isEqualTo("B".repeat(5000));
            assertThat(fs.reads.get()).isEqualTo(readsBefore);
            // by a read-only descriptor: the kernel reopens the file with the open's flags, so writes work
            sh("printf wxyz | dd of=" + m.path("ptfd") + " bs=4 seek=1 conv=notrunc 2>/dev/null");
            assertThat(Files.readString(fdFile)).isEqualTo("FFFFwxyz" + "F".repeat(4992));
            assertThat(Shell.sh(SHELL, "cat " + m.path("ptfd")).stdout()).startsWith("FFFFwxyz");
            assertThat(fs.reads.get()).isEqualTo(readsBefore);
            assertThat(fs.writes.get()).isEqualTo(writesBefore);
            // an ordinary open on the same mount still reaches the daemon
            assertThat(Shell.sh(SHELL, "cat " + m.path("plain")).stdout()).isEqualTo(memory);
            assertThat(fs.reads.get()).isGreaterThan(readsBefore);
            // keepCache together with passthrough is refused: the open fails with EIO, the mount lives on
            Shell.Result refused = Shell.sh(SHELL, "cat " + m.path("conflict"));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.stderr()).contains("Input/output error");
            assertThat(m.session().stats().internalErrors()).isPositive();
            awaitNoBackingIds(m);
            assertThat(Files.readString(m.path("plain"))).isEqualTo(memory);
        } finally {
            LibC.close(fd);
        }
    }

    private static long ino(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    /**
     * The backing files live on a tmpfs of their own: a registered backing id holds a reference to its file,
     * which keeps the tmpfs busy. After many open/close cycles the tmpfs unmounts (no id leaked) while the
     * FUSE mount is still up, and while a passthrough file is open it does not.
     */
    @Test
    void backingIdsAreClosedAtTheLastRelease() throws Exception {
        Path store = Files.createDirectory(tmp.resolve("store"));
        sh("mount -t tmpfs -o size=8m fusering-pt-test " + store);
        try {
            Selective fs = new Selective();
            try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.IO_URING, DispatchMode.OFFLOADED,
                    options(true))) {
                for (int i = 0; i < 4; i++) {
                    Path b = Files.write(store.resolve("b" + i), pattern(10_000, i));
                    Files.write(m.path("f" + i), new byte[10_000]);
                    fs.byPath.put(ino(m.path("f" + i)), b);
                }
                for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < 4; i++) {
                        try (FileChannel ch = FileChannel.open(m.path("f" + i), StandardOpenOption.READ,
                                StandardOpenOption.WRITE)) {
                            ByteBuffer buf = ByteBuffer.allocate(16);
                            ch.read(buf, 0);
                            assertThat(Arrays.copyOf(buf.array(), 16)).isEqualTo(Arrays.copyOf(pattern(16, i), 16));
                        }
                    }
                }
                assertThat(fs.reads.get()).isZero();
                awaitNoBackingIds(m);

                try (FileChannel _ = FileChannel.open(m.path("f0"), StandardOpenOption.READ)) {
                    assertThat(backing(m).registeredIds()).isEqualTo(1);
                    Shell.Result busy = Shell.sh(SHELL, "umount " + store);
                    assertThat(busy.ok()).as("tmpfs must be busy while a passthrough file is open").isFalse();
                }
                awaitNoBackingIds(m);
                boolean unmounted = TestMounts.await(Duration.ofSeconds(10),
                        () -> Shell.sh(SHELL, "umount " + store).ok());
                assertThat(unmounted).as("the tmpfs holding the backing files unmounts: no backing id leaked")
                        .isTrue();
                assertThat(TestMounts.isMounted(m.dir())).isTrue();
            }
        } finally {
            TestMounts.forceUnmount(store);
        }
    }

    /**
     * Sequential reads of a 256 MiB file through the passthrough mount run at the speed of the backing
     * file. Both are read warm (the backing file's page cache is what passthrough reads), best of three.
     */
    @Test
    void sequentialReadThroughputIsCloseToTheBackingFile() throws Exception {
        Path source = Files.createDirectory(tmp.resolve("src"));
        Path big = source.resolve("big");
        byte[] chunk = pattern(1 << 20, 9);
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 256; i++) {
                ch.write(ByteBuffer.wrap(chunk));
            }
        }
        Counting fs = new Counting(new PassthroughFilesystem(source));
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.IO_URING, DispatchMode.OFFLOADED,
                options(true))) {
            double direct = 0;
            double through = 0;
            readSeconds(big);
            for (int run = 0; run < 3; run++) {
                direct = Math.max(direct, 256 / readSeconds(big));
                through = Math.max(through, 256 / readSeconds(m.path("big")));
            }
            System.out.printf("passthrough sequential read: direct %.0f MiB/s, through the mount %.0f MiB/s%n",
                    direct, through);
            assertThat(fs.reads.get()).isZero();
            assertThat(through).as("MiB/s through the mount vs %.0f MiB/s direct", direct)
                    .isGreaterThanOrEqualTo(0.5 * direct);
        }
    }

    /** Reads a file with {@code dd bs=1M} in a child process and returns dd's own elapsed seconds. */
    private static double readSeconds(Path file) {
        Shell.Result r = Shell.sh(SHELL, "dd if=" + file + " of=/dev/null bs=1M");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        // "268435456 bytes (268 MB, 256 MiB) copied, 0.0612 s, 4.4 GB/s"
        String line = r.stderr().lines().filter(l -> l.contains(" copied, ")).findFirst().orElseThrow();
        String seconds = line.substring(line.indexOf(" copied, ") + 9, line.indexOf(" s,"));
        return Double.parseDouble(seconds);
    }

    @Test
    void writebackCacheAndPassthroughAreRefused() {
        assertThatThrownBy(() -> MountOptions.builder().writebackCache(true).passthrough(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passthrough and writebackCache cannot be combined");
    }
}
