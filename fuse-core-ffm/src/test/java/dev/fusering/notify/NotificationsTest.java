package dev.fusering.notify;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseNotifier;
import dev.fusering.api.MountOptions;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.TestMounts.Mount;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every notification kind on a real mount, on both transports. Entries and attributes are cached for an
 * hour, and the test changes the filesystem behind the kernel's back: each test shows that the change is not
 * visible before the notification (and that no request reached the filesystem) and is visible after it.
 */
@Timeout(60)
class NotificationsTest {

    private static final String MATRIX = "dev.fusering.testing.TransportMatrix#all";
    private static final long ROOT = Filesystem.ROOT_ID;
    private static final long UNKNOWN_NODE = 424_242;

    @TempDir
    Path tmp;

    private Mount mount(NotifyFs fs, Transport transport, DispatchMode dispatch) {
        return TestMounts.mount(tmp, fs, transport, dispatch, MountOptions.builder()
                .entryTimeout(Duration.ofHours(1)).attrTimeout(Duration.ofHours(1)).build());
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void invalInodeDropsCachedAttributesAndPages(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long id = fs.addFile("f", ascii("old"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path f = m.path("f");
            assertThat(text(f)).isEqualTo("old");
            assertThat(Files.size(f)).isEqualTo(3); // a read invalidates atime: this stat refreshes the attributes
            int reads = fs.reads(id);
            int getattrs = fs.getattrs();
            assertThat(reads).isPositive();

            fs.node(id).data = ascii("new content");
            assertThat(Files.size(f)).isEqualTo(3);
            assertThat(text(f)).isEqualTo("old");
            assertThat(fs.reads(id)).as("READs: served from the page cache").isEqualTo(reads);
            assertThat(fs.getattrs()).as("GETATTRs").isEqualTo(getattrs);

            notifier.invalInode(id, 0, 0);
            assertThat(text(f)).isEqualTo("new content");
            assertThat(Files.size(f)).isEqualTo(11);
            assertThat(fs.reads(id)).isGreaterThan(reads);

            // a negative offset invalidates the attributes only: same size and mtime, so the pages stay
            fs.node(id).data = ascii("NEW CONTENT");
            reads = fs.reads(id);
            getattrs = fs.getattrs();
            notifier.invalInode(id, -1, 0);
            assertThat(text(f)).isEqualTo("new content");
            assertThat(fs.getattrs()).as("GETATTRs").isGreaterThan(getattrs);
            assertThat(fs.reads(id)).as("READs").isEqualTo(reads);

            notifier.invalInode(id, 4096, -1);
            assertThat(text(f)).as("only the range from 4096 on was dropped").isEqualTo("new content");
            notifier.invalInode(id, 0, 1);
            assertThat(text(f)).isEqualTo("NEW CONTENT");

            assertErrno(() -> notifier.invalInode(UNKNOWN_NODE, 0, 0), Errno.ENOENT);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void invalEntryMakesTheNameResolveAnew(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long a = fs.addFile("e", ascii("A"));
        long b = fs.newFile(ascii("BB"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path e = m.path("e");
            relinkBehindTheCache(fs, e, a, b);

            notifier.invalEntry(ROOT, "e");
            assertThat(ino(e)).isEqualTo(b);
            assertThat(Files.size(e)).isEqualTo(2);

            fs.unlink("e");
            assertThat(Files.exists(e)).as("cached entry").isTrue();
            notifier.invalEntry(ROOT, "e".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.exists(e)).isFalse();

            assertErrno(() -> notifier.invalEntry(ROOT, "never-looked-up"), Errno.ENOENT);
            assertErrno(() -> notifier.invalEntry(UNKNOWN_NODE, "e"), Errno.ENOENT);
            assertThatThrownBy(() -> notifier.invalEntry(ROOT, "a/b")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void expireEntryMakesTheNextAccessRevalidate(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long a = fs.addFile("x", ascii("A"));
        long b = fs.newFile(ascii("BB"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path x = m.path("x");
            int lookups = relinkBehindTheCache(fs, x, a, b);

            notifier.expireEntry(ROOT, "x");
            assertThat(ino(x)).isEqualTo(b);
            assertThat(fs.lookups()).isGreaterThan(lookups);

            assertErrno(() -> notifier.expireEntry(ROOT, "never-looked-up"), Errno.ENOENT);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void deleteRemovesTheCachedEntry(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long c = fs.addFile("d", ascii("x"));
        long other = fs.addFile("d2", ascii("y"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path d = m.path("d");
            assertThat(Files.exists(d)).isTrue();
            assertThat(Files.exists(m.path("d2"))).isTrue();

            fs.unlink("d");
            assertThat(Files.exists(d)).as("cached entry").isTrue();

            notifier.delete(ROOT, c, "d");
            assertThat(Files.exists(d)).isFalse();
            assertThat(names(m.dir())).containsExactly("d2");

            assertErrno(() -> notifier.delete(ROOT, other + 1000, "d2"), Errno.ENOENT);
            assertErrno(() -> notifier.delete(ROOT, c, "never-looked-up"), Errno.ENOENT);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void storeFillsThePageCacheWithoutRead(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long s = fs.addFile("s", filled(4096, 'a'));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path p = m.path("s");
            assertThat(Files.size(p)).isEqualTo(4096);

            byte[] pushed = filled(4096, 'S');
            notifier.store(s, 0, pushed);
            assertThat(Files.readAllBytes(p)).isEqualTo(pushed);
            assertThat(fs.reads(s)).as("READs").isZero();

            // the filesystem grows the file and pushes the new part; the kernel extends the cached size and
            // then asks the filesystem for the attributes (STORE invalidates the size)
            fs.node(s).data = filled(8192, 'a');
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment more = arena.allocate(4096).fill((byte) 'T');
                notifier.store(s, 4096, more);
            }
            assertThat(Files.size(p)).isEqualTo(8192);
            byte[] all = Files.readAllBytes(p);
            assertThat(Arrays.copyOfRange(all, 0, 4096)).isEqualTo(pushed);
            assertThat(Arrays.copyOfRange(all, 4096, 8192)).isEqualTo(filled(4096, 'T'));
            assertThat(fs.reads(s)).as("READs").isZero();

            assertErrno(() -> notifier.store(UNKNOWN_NODE, 0, pushed), Errno.ENOENT);
            assertErrno(() -> notifier.store(ROOT, 0, pushed), Errno.EINVAL);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void retrieveReturnsTheCachedBytesAndKeepsTheQueuesWhole(Transport transport, DispatchMode dispatch)
            throws Exception {
        NotifyFs fs = new NotifyFs();
        long r = fs.addFile("r", new byte[0]);
        fs.addFile("other", ascii("still here"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            Path p = m.path("r");
            byte[] written = filled(4096, 'W');
            Files.write(p, written, StandardOpenOption.WRITE);
            fs.node(r).data = filled(4096, 'Z');

            assertThat(notifier.retrieve(r, 0, 4096).get(10, TimeUnit.SECONDS)).isEqualTo(written);
            assertThat(notifier.retrieve(r, 100, 50).get(10, TimeUnit.SECONDS)).isEqualTo(filled(50, 'W'));
            assertThat(notifier.retrieve(r, 8192, 10).get(10, TimeUnit.SECONDS)).as("beyond EOF").isEmpty();

            // far more answers than the rings have entries: a NOTIFY_REPLY that kept its entry would stall
            int entries = 16 * CpuList.possibleCpuCount();
            SessionStats before = m.session().stats();
            for (int i = 0; i < 10 * entries; i++) {
                assertThat(notifier.retrieve(r, i % 64, 16).get(10, TimeUnit.SECONDS)).hasSize(16);
            }
            SessionStats after = m.session().stats();
            long delivered = transport == Transport.IO_URING
                    ? after.ringRequests() - before.ringRequests()
                    : after.devFuseRequests() - before.devFuseRequests();
            assertThat(delivered).as("NOTIFY_REPLY requests on the session's transport")
                    .isGreaterThanOrEqualTo(10L * entries);
            for (int cpu = 0; cpu < CpuList.possibleCpuCount(); cpu++) {
                Shell.Result stat = Shell.run(Duration.ofSeconds(10), List.of("taskset", "-c", Integer.toString(cpu),
                        "cat", m.path("other").toString()));
                assertThat(stat.stdout()).as("cpu %d: %s", cpu, stat.stderr()).isEqualTo("still here");
            }

            assertErrno(() -> notifier.retrieve(UNKNOWN_NODE, 0, 10), Errno.ENOENT);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void pollWakeupWakesThePoller(Transport transport, DispatchMode dispatch) throws Exception {
        Python.assumeAvailable();
        NotifyFs fs = new NotifyFs();
        long p = fs.addFile("p", ascii("x"));
        Path script = ScriptProcess.install(NotificationsTest.class, "poll_client.py", tmp);
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            try (ScriptProcess poller = ScriptProcess.start(List.of(), script,
                    List.of(m.path("p").toString(), "20000"))) {
                assertThat(poller.awaitLine(Duration.ofSeconds(10), "polling"::equals)).isPresent();
                Long kh = fs.pollHandles.poll(10, TimeUnit.SECONDS);
                assertThat(kh).as("POLL with FUSE_POLL_SCHEDULE_NOTIFY").isNotNull();
                Optional<String> early = poller.awaitLine(Duration.ofMillis(500), l -> l.startsWith("events"));
                assertThat(early).as("no wake-up before the notification").isEmpty();

                fs.node(p).ready = true;
                notifier.pollWakeup(kh);
                Optional<String> line = poller.awaitLine(Duration.ofSeconds(10), l -> l.startsWith("events"));
                assertThat(line).as(poller.describe()).isPresent();
                assertThat(line.get().split(" ")[1]).isEqualTo("1");
                assertThat(Double.parseDouble(line.get().split(" ")[2])).isLessThan(15.0);
            }
            notifier.pollWakeup(123_456_789L);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void incEpochInvalidatesEveryCachedEntry(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long a = fs.addFile("one", ascii("1"));
        long b = fs.addFile("two", ascii("22"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            // swap the names behind the kernel's back (two renames)
            relinkBehindTheCache(fs, m.path("one"), a, b);
            relinkBehindTheCache(fs, m.path("two"), b, a);

            notifier.incEpoch();
            assertThat(ino(m.path("one"))).isEqualTo(b);
            assertThat(ino(m.path("two"))).isEqualTo(a);
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void pruneMakesTheKernelForgetAnUnusedInode(Transport transport, DispatchMode dispatch) throws Exception {
        NotifyFs fs = new NotifyFs();
        long q = fs.addFile("q", ascii("q"));
        try (Mount m = mount(fs, transport, dispatch)) {
            FuseNotifier notifier = m.session().notifier();
            assertThat(Files.size(m.path("q"))).isEqualTo(1);
            Thread.sleep(300);
            assertThat(fs.forgotten(q)).as("no FORGET before the notification").isFalse();

            notifier.prune(q, UNKNOWN_NODE);
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> fs.forgotten(q))).as("FORGET for %d", q)
                    .isTrue();
            notifier.prune();
        }
    }

    @ParameterizedTest
    @MethodSource(MATRIX)
    void notifierWorksOnlyWhileTheSessionServes(Transport transport, DispatchMode dispatch) {
        NotifyFs fs = new NotifyFs();
        FuseNotifier notifier;
        try (Mount m = mount(fs, transport, dispatch)) {
            notifier = m.session().notifier();
            assertThat(fs.notifier).isSameAs(notifier);
            notifier.incEpoch();
        }
        assertThat(fs.notifyDuringInit).as("a notification from inside init()")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(notifier::incEpoch).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> notifier.invalInode(ROOT, 0, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> notifier.retrieve(ROOT, 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Looks {@code path} (a name in the root) up as {@code cached}, points the name at {@code relinked} behind
     * the kernel's back, and checks that the kernel still answers {@code cached} without a LOOKUP.
     *
     * @return the LOOKUP count
     */
    private static int relinkBehindTheCache(NotifyFs fs, Path path, long cached, long relinked) throws IOException {
        assertThat(ino(path)).isEqualTo(cached);
        fs.link(path.getFileName().toString(), relinked);
        int lookups = fs.lookups();
        assertThat(ino(path)).as("cached entry").isEqualTo(cached);
        assertThat(fs.lookups()).isEqualTo(lookups);
        return lookups;
    }

    private static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FuseException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno.code()));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static String text(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII);
    }

    private static long ino(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
