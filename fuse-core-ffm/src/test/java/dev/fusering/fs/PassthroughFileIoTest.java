package dev.fusering.fs;

import static dev.fusering.fs.PassthroughNamespaceTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open files: open, create, read, write, flush, fsync, release, fallocate, lseek, copy_file_range. */
class PassthroughFileIoTest {

    private static final TestRequest ROOT = TestRequest.ROOT;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;
    private Arena arena;

    @BeforeEach
    void setUp() {
        fs = new PassthroughFilesystem(dir);
        arena = Arena.ofConfined();
    }

    @AfterEach
    void tearDown() {
        fs.destroy();
        arena.close();
    }

    @Test
    void readReturnsTheFileContentUpToEof() throws IOException {
        Files.writeString(dir.resolve("f"), "0123456789");
        long node = lookup("f");
        long fh = open(node, O_RDONLY);
        MemorySegment buffer = arena.allocate(4);
        assertThat(fs.read(ROOT, node, fh, 3, buffer)).isEqualTo(4);
        assertThat(PassthroughFixtures.text(buffer, 4)).isEqualTo("3456");
        MemorySegment big = arena.allocate(100);
        assertThat(fs.read(ROOT, node, fh, 8, big)).isEqualTo(2);
        assertThat(PassthroughFixtures.text(big, 2)).isEqualTo("89");
        assertThat(fs.read(ROOT, node, fh, 50, big)).isZero();
        assertErrno(() -> fs.write(ROOT, node, fh, 0, PassthroughFixtures.utf8(arena, "x"), 0), Errno.EBADF);
        fs.flush(ROOT, node, fh, 0);
        fs.release(ROOT, node, fh, 0);
        assertThat(fs.openHandles()).isZero();
        assertErrno(() -> fs.read(ROOT, node, fh, 0, buffer), Errno.EBADF);
        assertErrno(() -> fs.flush(ROOT, node, fh, 0), Errno.EBADF);
    }

    @Test
    void writesAreVisibleInTheSource() throws IOException {
        Files.writeString(dir.resolve("f"), "abcdef");
        long node = lookup("f");
        long fh = open(node, O_RDWR);
        assertThat(fs.write(ROOT, node, fh, 2, PassthroughFixtures.utf8(arena, "XY"), 0)).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("abXYef");
        assertThat(fs.write(ROOT, node, fh, 10, PassthroughFixtures.utf8(arena, "Z"), 0)).isEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("f"))).containsExactly(
            'a', 'b', 'X', 'Y', 'e', 'f', 0, 0, 0, 0, 'Z');
        fs.fsync(ROOT, node, fh, false);
        fs.fsync(ROOT, node, fh, true);
        RecordedAttr attr = new RecordedAttr();
        fs.getattr(ROOT, node, fh, attr);
        assertThat(attr.attributes.size).isEqualTo(11);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void openFlags() throws IOException {
        Files.writeString(dir.resolve("f"), "abc");
        long node = lookup("f");
        long truncating = open(node, O_WRONLY | O_TRUNC);
        assertThat(Files.size(dir.resolve("f"))).isZero();
        fs.write(ROOT, node, truncating, 0, PassthroughFixtures.utf8(arena, "start"), 0);
        fs.release(ROOT, node, truncating, 0);

        long appending = open(node, O_WRONLY | O_APPEND);
        fs.write(ROOT, node, appending, 0, PassthroughFixtures.utf8(arena, "+end"), 0);
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("start+end");
        assertErrno(() -> fs.read(ROOT, node, appending, 0, arena.allocate(4)), Errno.EBADF);
        fs.release(ROOT, node, appending, 0);
        assertErrno(() -> open(node, 3), Errno.EINVAL);
    }

    @Test
    void openOptionsFromFlags() {
        assertThat(PassthroughOpenFile.options(O_RDONLY, false))
            .containsExactlyInAnyOrder(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        assertThat(PassthroughOpenFile.options(O_WRONLY | O_APPEND | O_TRUNC, false))
            .containsExactlyInAnyOrder(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        assertThat(PassthroughOpenFile.options(O_RDWR | O_APPEND, false))
            .containsExactlyInAnyOrder(StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Set<OpenOption> writeback = PassthroughOpenFile.options(O_WRONLY | O_APPEND, true);
        assertThat(writeback).containsExactlyInAnyOrder(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        assertThat(PassthroughOpenFile.options(O_RDONLY | O_TRUNC, false)).doesNotContain(
            StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(PassthroughOpenFile.options(O_WRONLY | 04010000, false)).contains(StandardOpenOption.SYNC);
        assertThat(PassthroughOpenFile.options(O_WRONLY | 010000, false)).contains(StandardOpenOption.DSYNC);
    }

    @Test
    void writebackCacheMakesWriteOnlyOpensReadable() throws IOException {
        fs.init(new ConnectionInfo(7, 45, 0, 1L << 16, 1 << 20, 1 << 20, 256, Transport.IO_URING, 2));
        Files.writeString(dir.resolve("f"), "abc");
        long node = lookup("f");
        long fh = open(node, O_WRONLY | O_APPEND);
        assertThat(fs.read(ROOT, node, fh, 0, arena.allocate(3))).isEqualTo(3);
        fs.write(ROOT, node, fh, 1, PassthroughFixtures.utf8(arena, "Z"), 1);
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("aZc");
    }

    @Test
    void openingASymlinkIsRefused() throws IOException {
        Files.writeString(dir.resolve("target"), "x");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        long node = lookup("link");
        assertErrno(() -> open(node, O_RDONLY), Errno.ELOOP);
    }

    @Test
    void createMakesAndOpensANewFile() throws IOException {
        RecordedEntry entry = new RecordedEntry();
        RecordedOpen open = new RecordedOpen();
        fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("new"), FileMode.S_IFREG | 0666, 0022,
            O_CREAT | O_EXCL | O_WRONLY, entry, open);
        Path p = dir.resolve("new");
        assertThat(Files.isRegularFile(p)).isTrue();
        assertThat((Integer) Files.getAttribute(p, "unix:mode") & 07777).isEqualTo(0644);
        assertThat(entry.nodeId).isGreaterThan(1);
        assertThat(entry.attributes.mode).isEqualTo(FileMode.S_IFREG | 0644);
        assertThat(fs.nodes().lookups(entry.nodeId)).isEqualTo(1);
        fs.write(ROOT, entry.nodeId, open.fh, 0, PassthroughFixtures.utf8(arena, "created"), 0);
        assertThat(Files.readString(p)).isEqualTo("created");
        fs.release(ROOT, entry.nodeId, open.fh, 0);

        assertErrno(() -> fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("new"), FileMode.S_IFREG | 0644, 0,
            O_CREAT | O_EXCL | O_WRONLY, new RecordedEntry(), new RecordedOpen()), Errno.EEXIST);

        RecordedEntry again = new RecordedEntry();
        RecordedOpen reopened = new RecordedOpen();
        fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("new"), FileMode.S_IFREG | 0600, 0,
            O_CREAT | O_RDWR | O_TRUNC, again, reopened);
        assertThat(again.nodeId).isEqualTo(entry.nodeId);
        assertThat(again.attributes.size).isZero();
        assertThat((Integer) Files.getAttribute(p, "unix:mode") & 07777).isEqualTo(0644);
        assertThat(fs.nodes().lookups(entry.nodeId)).isEqualTo(2);
        fs.release(ROOT, entry.nodeId, reopened.fh, 0);
    }

    @Test
    void createReadOnlyWithRestrictiveModeStillOpens() throws IOException {
        RecordedEntry entry = new RecordedEntry();
        RecordedOpen open = new RecordedOpen();
        fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("ro"), FileMode.S_IFREG | 0400, 0, O_CREAT | O_RDONLY,
            entry, open);
        assertThat((Integer) Files.getAttribute(dir.resolve("ro"), "unix:mode") & 07777).isEqualTo(0400);
        assertThat(fs.read(ROOT, entry.nodeId, open.fh, 0, arena.allocate(8))).isZero();
        Files.createDirectory(dir.resolve("d"));
        assertErrno(() -> fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("d"), FileMode.S_IFREG | 0644, 0,
            O_CREAT | O_RDONLY, new RecordedEntry(), new RecordedOpen()), Errno.EISDIR);
    }

    @Test
    void unlinkedOpenFileKeepsWorking() throws IOException {
        Files.writeString(dir.resolve("tmp"), "abc");
        long node = lookup("tmp");
        long fh = open(node, O_RDWR);
        fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("tmp"));
        fs.write(ROOT, node, fh, 3, PassthroughFixtures.utf8(arena, "def"), 0);
        MemorySegment buffer = arena.allocate(6);
        assertThat(fs.read(ROOT, node, fh, 0, buffer)).isEqualTo(6);
        assertThat(PassthroughFixtures.text(buffer, 6)).isEqualTo("abcdef");
        RecordedAttr attr = new RecordedAttr();
        fs.getattr(ROOT, node, fh, attr);
        assertThat(attr.attributes.nlink).isZero();
        assertThat(attr.attributes.size).isEqualTo(6);
        TestSetattr truncate = new TestSetattr().size(2L).fh(fh);
        RecordedAttr truncated = new RecordedAttr();
        fs.setattr(ROOT, node, truncate, truncated);
        assertThat(truncated.attributes.size).isEqualTo(2);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void interruptedChannelIsReopenedForTheNextRequest() throws IOException {
        Files.writeString(dir.resolve("f"), "hello");
        long node = lookup("f");
        long fh = open(node, O_RDONLY);
        Thread.currentThread().interrupt();
        assertErrno(() -> fs.read(ROOT, node, fh, 0, arena.allocate(5)), Errno.EINTR);
        assertThat(Thread.interrupted()).isFalse();
        // Simulate an interrupt that arrived during I/O: the JDK closed the channel.
        fs.openFile(fh).currentChannel().close();
        MemorySegment buffer = arena.allocate(5);
        assertThat(fs.read(ROOT, node, fh, 0, buffer)).isEqualTo(5);
        assertThat(PassthroughFixtures.text(buffer, 5)).isEqualTo("hello");
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void fallocateExtendsOnly() throws IOException {
        Files.writeString(dir.resolve("f"), "abc");
        long node = lookup("f");
        long fh = open(node, O_RDWR);
        fs.fallocate(ROOT, node, fh, 0, 0, 2);
        assertThat(Files.size(dir.resolve("f"))).isEqualTo(3);
        fs.fallocate(ROOT, node, fh, 0, 4096, 4096);
        assertThat(Files.size(dir.resolve("f"))).isEqualTo(8192);
        assertThat(Files.readString(dir.resolve("f"))).startsWith("abc\0");
        fs.fallocate(ROOT, node, fh, 1, 8192, 4096);
        assertThat(Files.size(dir.resolve("f"))).as("KEEP_SIZE").isEqualTo(8192);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, 0x02, 0, 10), Errno.EOPNOTSUPP);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, 0, -1, 10), Errno.EINVAL);
        long append = open(node, O_WRONLY | O_APPEND);
        fs.fallocate(ROOT, node, append, 0, 0, 10000);
        assertThat(Files.size(dir.resolve("f"))).isEqualTo(10000);
    }

    @Test
    void lseekFindsDataAndTheFinalHole() throws IOException {
        Files.write(dir.resolve("f"), new byte[100]);
        long node = lookup("f");
        long fh = open(node, O_RDONLY);
        assertThat(fs.lseek(ROOT, node, fh, 10, 3)).isEqualTo(10);
        assertThat(fs.lseek(ROOT, node, fh, 10, 4)).isEqualTo(100);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 100, 3), Errno.ENXIO);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 150, 4), Errno.ENXIO);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 0, 0), Errno.EINVAL);
    }

    @Test
    void copyFileRangeCopiesBetweenHandles() throws IOException {
        Files.writeString(dir.resolve("in"), "0123456789");
        Files.writeString(dir.resolve("out"), "abcdefghij");
        long in = lookup("in");
        long out = lookup("out");
        long fhIn = open(in, O_RDONLY);
        long fhOut = open(out, O_WRONLY);
        assertThat(fs.copyFileRange(ROOT, in, fhIn, 2, out, fhOut, 5, 4, 0)).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("abcde2345j");
        assertThat(fs.copyFileRange(ROOT, in, fhIn, 8, out, fhOut, 12, 100, 0)).isEqualTo(2);
        assertThat(Files.readAllBytes(dir.resolve("out"))).hasSize(14);
        assertThat(fs.copyFileRange(ROOT, in, fhIn, 10, out, fhOut, 0, 5, 0)).isZero();
        assertErrno(() -> fs.copyFileRange(ROOT, in, fhIn, 0, out, fhOut, 0, 5, 1), Errno.EINVAL);
        assertErrno(() -> fs.copyFileRange(ROOT, in, fhOut, 0, out, fhIn, 0, 5, 0), Errno.EBADF);
    }

    @Test
    void destroyClosesEverything() throws IOException {
        Files.writeString(dir.resolve("f"), "x");
        long node = lookup("f");
        long fh = open(node, O_RDONLY);
        PassthroughOpenFile file = fs.openFile(fh);
        fs.destroy();
        assertThat(file.currentChannel().isOpen()).isFalse();
        assertThat(fs.openHandles()).isZero();
    }

    private long lookup(String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of(name), entry);
        return entry.nodeId;
    }

    private long open(long node, int flags) {
        RecordedOpen open = new RecordedOpen();
        fs.open(ROOT, node, flags, open);
        assertThat(open.fh).isPositive();
        return open.fh;
    }
}
