package dev.fusering.fs;

import static dev.fusering.fs.PassthroughNamespaceTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.RecordedStatfs;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GETATTR, SETATTR, STATFS and ACCESS against what {@code java.nio} reports for the same files. */
class PassthroughAttributesTest {

    private static final TestRequest ROOT = TestRequest.ROOT;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;

    @BeforeEach
    void setUp() {
        fs = new PassthroughFilesystem(dir);
    }

    @Test
    void getattrEqualsWhatJavaNioReports() throws IOException {
        Files.write(dir.resolve("file"), new byte[5000]);
        Files.createDirectory(dir.resolve("dir"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        for (String name : new String[] {"file", "dir", "link"}) {
            Path p = dir.resolve(name);
            RecordedAttr attr = new RecordedAttr();
            fs.getattr(ROOT, lookup(name), Filesystem.NO_FH, attr);
            assertSameAsJavaNio(attr.attributes, p);
        }
        RecordedAttr root = new RecordedAttr();
        fs.getattr(ROOT, Filesystem.ROOT_ID, Filesystem.NO_FH, root);
        assertSameAsJavaNio(root.attributes, dir);
        RecordedAttr file = new RecordedAttr();
        fs.getattr(ROOT, lookup("file"), Filesystem.NO_FH, file);
        assertThat(file.attributes.blocks).isEqualTo(16);
        assertThat(file.attributes.blksize).isEqualTo(4096);
    }

    @Test
    void timesKeepTheirNanoseconds() throws IOException {
        Path p = Files.createFile(dir.resolve("t"));
        Instant when = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        Files.setLastModifiedTime(p, FileTime.from(when));
        RecordedAttr attr = new RecordedAttr();
        fs.getattr(ROOT, lookup("t"), Filesystem.NO_FH, attr);
        assertThat(attr.attributes.mtimeSeconds).isEqualTo(1_700_000_000L);
        assertThat(attr.attributes.mtimeNanos).isEqualTo(123_456_789);
    }

    @Test
    void blocksAreTheSizeRoundedToFourKibibytes() {
        assertThat(stat(0).blocks()).isZero();
        assertThat(stat(1).blocks()).isEqualTo(8);
        assertThat(stat(4096).blocks()).isEqualTo(8);
        assertThat(stat(4097).blocks()).isEqualTo(16);
    }

    @Test
    void setattrChangesModeKeepingSpecialBits() throws IOException {
        Path p = Files.createFile(dir.resolve("m"));
        TestSetattr change = new TestSetattr().mode(FileMode.S_IFREG | 06751);
        RecordedAttr attr = new RecordedAttr();
        fs.setattr(ROOT, lookup("m"), change, attr);
        assertThat(mode(p) & FileMode.PERMISSIONS).isEqualTo(06751);
        assertThat(attr.attributes.mode).isEqualTo(FileMode.S_IFREG | 06751);

        Files.createDirectory(dir.resolve("sticky"));
        TestSetattr sticky = new TestSetattr().mode(01777);
        fs.setattr(ROOT, lookup("sticky"), sticky, new RecordedAttr());
        assertThat(mode(dir.resolve("sticky")) & FileMode.PERMISSIONS).isEqualTo(01777);
    }

    @Test
    void setattrModeOfASymlinkIsNotSupported() throws IOException {
        Files.createSymbolicLink(dir.resolve("l"), Path.of("nowhere"));
        TestSetattr change = new TestSetattr().mode(0600);
        assertErrno(() -> fs.setattr(ROOT, lookup("l"), change, new RecordedAttr()), Errno.EOPNOTSUPP);
    }

    @Test
    void setattrKillSuidgid() throws IOException {
        Path p = Files.createFile(dir.resolve("k"));
        Files.setAttribute(p, "unix:mode", 06755);
        TestSetattr change = new TestSetattr().withKillSuidgid();
        fs.setattr(ROOT, lookup("k"), change, new RecordedAttr());
        assertThat(mode(p) & FileMode.PERMISSIONS).isEqualTo(0755);
    }

    @Test
    void setattrOwnerUsesLchown() throws IOException {
        if (!PassthroughFixtures.runningAsRoot()) {
            return;
        }
        Path target = Files.createFile(dir.resolve("target"));
        Files.createSymbolicLink(dir.resolve("l"), Path.of("target"));
        TestSetattr change = new TestSetattr().uid(1111).gid(2222);
        RecordedAttr attr = new RecordedAttr();
        fs.setattr(ROOT, lookup("l"), change, attr);
        assertThat(Files.getAttribute(dir.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1111);
        assertThat(Files.getAttribute(dir.resolve("l"), "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(2222);
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(0);
        assertThat(attr.attributes.uid).isEqualTo(1111);
        assertThat(attr.attributes.gid).isEqualTo(2222);
    }

    @Test
    void setattrSizeShrinksAndGrows() throws IOException {
        Path p = dir.resolve("s");
        Files.writeString(p, "0123456789");
        long node = lookup("s");
        TestSetattr shrink = new TestSetattr().size(4L);
        RecordedAttr attr = new RecordedAttr();
        fs.setattr(ROOT, node, shrink, attr);
        assertThat(Files.readString(p)).isEqualTo("0123");
        assertThat(attr.attributes.size).isEqualTo(4);
        TestSetattr grow = new TestSetattr().size(8L);
        fs.setattr(ROOT, node, grow, attr);
        assertThat(Files.readAllBytes(p)).containsExactly('0', '1', '2', '3', 0, 0, 0, 0);
        TestSetattr zero = new TestSetattr().size(0L);
        fs.setattr(ROOT, node, zero, attr);
        assertThat(Files.size(p)).isZero();

        RecordedOpen open = new RecordedOpen();
        fs.open(ROOT, node, 1, open);
        TestSetattr viaHandle = new TestSetattr().size(3L).fh(open.fh);
        fs.setattr(ROOT, node, viaHandle, attr);
        assertThat(Files.size(p)).isEqualTo(3);
        fs.release(ROOT, node, open.fh, 1);

        Files.createDirectory(dir.resolve("d"));
        TestSetattr dirSize = new TestSetattr().size(0L);
        assertErrno(() -> fs.setattr(ROOT, lookup("d"), dirSize, new RecordedAttr()), Errno.EISDIR);
    }

    @Test
    void setattrTimes() throws IOException {
        Path p = Files.createFile(dir.resolve("t"));
        long node = lookup("t");
        TestSetattr change = new TestSetattr().atime(1_600_000_000L, 111).mtime(1_500_000_000L, 999_999_999);
        RecordedAttr attr = new RecordedAttr();
        fs.setattr(ROOT, node, change, attr);
        assertThat(Files.getLastModifiedTime(p).toInstant()).isEqualTo(Instant.ofEpochSecond(1_500_000_000L,
            999_999_999));
        assertThat(((FileTime) Files.getAttribute(p, "lastAccessTime")).toInstant())
            .isEqualTo(Instant.ofEpochSecond(1_600_000_000L, 111));
        assertThat(attr.attributes.mtimeNanos).isEqualTo(999_999_999);

        TestSetattr onlyMtime = new TestSetattr().withMtimeNow();
        Instant before = Instant.now().minusSeconds(1);
        fs.setattr(ROOT, node, onlyMtime, attr);
        assertThat(Files.getLastModifiedTime(p).toInstant()).isAfter(before);
        assertThat(((FileTime) Files.getAttribute(p, "lastAccessTime")).toInstant())
            .isEqualTo(Instant.ofEpochSecond(1_600_000_000L, 111));
    }

    @Test
    void setattrTimesOfASymlinkChangesTheLinkItself() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        FileTime targetTime = Files.getLastModifiedTime(target);
        Files.createSymbolicLink(dir.resolve("l"), Path.of("target"));
        TestSetattr change = new TestSetattr().mtime(1_000_000_000L, 0);
        fs.setattr(ROOT, lookup("l"), change, new RecordedAttr());
        assertThat(Files.getLastModifiedTime(dir.resolve("l"), LinkOption.NOFOLLOW_LINKS).toInstant())
            .isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(targetTime);
    }

    @Test
    void setattrOnAFifoDoesNotBlock() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() != 0) {
            return;
        }
        long node = lookup("fifo");
        TestSetattr change = new TestSetattr().mode(0600).mtime(1_234_567_890L, 0);
        RecordedAttr attr = new RecordedAttr();
        fs.setattr(ROOT, node, change, attr);
        assertThat(attr.attributes.mode).isEqualTo(FileMode.S_IFIFO | 0600);
        assertThat(attr.attributes.mtimeSeconds).isEqualTo(1_234_567_890L);
        assertThat(Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS).toInstant())
            .isEqualTo(Instant.ofEpochSecond(1_234_567_890L));
    }

    @Test
    void statfsReportsTheSourceStore() throws IOException {
        RecordedStatfs reply = new RecordedStatfs();
        fs.statfs(ROOT, Filesystem.ROOT_ID, reply);
        FileStore store = Files.getFileStore(dir);
        long unit = store.getBlockSize();
        assertThat(reply.fragmentSize).isEqualTo((int) unit);
        assertThat(reply.blockSize).isEqualTo((int) unit);
        assertThat(reply.blocks).isEqualTo(store.getTotalSpace() / unit);
        assertThat(reply.blocksAvailable).isLessThanOrEqualTo(reply.blocksFree);
        assertThat(reply.blocksFree).isLessThanOrEqualTo(reply.blocks).isPositive();
        assertThat(reply.files).isZero();
        assertThat(reply.filesFree).isZero();
        assertThat(reply.maxNameLength).isEqualTo(255);
    }

    @Test
    void access() throws IOException {
        Path p = Files.createFile(dir.resolve("a"));
        long node = lookup("a");
        fs.access(ROOT, node, 0);
        fs.access(ROOT, node, 4 | 2);
        assertErrno(() -> fs.access(ROOT, node, 1), Errno.EACCES);
        Files.setAttribute(p, "unix:mode", 0755);
        fs.access(ROOT, node, 1);
        Files.delete(p);
        assertErrno(() -> fs.access(ROOT, node, 0), Errno.ENOENT);
    }

    private static PassthroughStat stat(long size) {
        FileTime t = FileTime.fromMillis(0);
        return new PassthroughStat(1, 1, FileMode.S_IFREG, 1, 0, 0, 0, size, t, t, t);
    }

    private static void assertSameAsJavaNio(RecordedAttributes attributes, Path p) throws IOException {
        Map<String, Object> unix = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.ino).isEqualTo((Long) unix.get("ino"));
        assertThat(attributes.mode).isEqualTo((Integer) unix.get("mode"));
        assertThat(attributes.nlink).isEqualTo((Integer) unix.get("nlink"));
        assertThat(attributes.uid).isEqualTo((Integer) unix.get("uid"));
        assertThat(attributes.gid).isEqualTo((Integer) unix.get("gid"));
        assertThat((long) attributes.rdev).isEqualTo((Long) unix.get("rdev"));
        assertThat(attributes.size).isEqualTo((Long) unix.get("size"));
        assertTime(attributes.atimeSeconds, attributes.atimeNanos, (FileTime) unix.get("lastAccessTime"));
        assertTime(attributes.mtimeSeconds, attributes.mtimeNanos, (FileTime) unix.get("lastModifiedTime"));
        assertTime(attributes.ctimeSeconds, attributes.ctimeNanos, (FileTime) unix.get("ctime"));
    }

    private static void assertTime(long seconds, int nanos, FileTime expected) {
        assertThat(Instant.ofEpochSecond(seconds, nanos)).isEqualTo(expected.toInstant());
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private long lookup(String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of(name), entry);
        return entry.nodeId;
    }

    @org.junit.jupiter.api.Test
    void fractionalTimesBefore1970AreFlooredNotReset() {
        java.nio.file.attribute.FileTime t = SetattrTimes.fileTime(-86400, 500);
        assertThat(t.toInstant()).isEqualTo(java.time.Instant.ofEpochSecond(-86400));
        assertThat(SetattrTimes.fileTime(1, 500).toInstant()).isEqualTo(java.time.Instant.ofEpochSecond(1, 500));
    }
}
