package dev.fusering.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and nodes: lookup, creation, removal, rename, links and lookup counting. */
class PassthroughNamespaceTest {

    private static final TestRequest ROOT = TestRequest.ROOT;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;

    @BeforeEach
    void setUp() {
        fs = new PassthroughFilesystem(dir);
    }

    @Test
    void constructorRejectsWhatIsNotADirectory() throws IOException {
        Path file = Files.createFile(dir.resolve("plain"));
        assertThatThrownBy(() -> new PassthroughFilesystem(file))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not an existing directory");
        assertThatThrownBy(() -> new PassthroughFilesystem(dir.resolve("missing")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not an existing directory");
        assertThat(fs.source()).isEqualTo(dir.toRealPath());
    }

    @Test
    void lookupAnswersTheSourceAttributes() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "hello");
        RecordedEntry entry = lookup(Filesystem.ROOT_ID, "a.txt");
        assertThat(entry.nodeId).isGreaterThan(Filesystem.ROOT_ID);
        Map<String, Object> unix = Files.readAttributes(dir.resolve("a.txt"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertThat(entry.attributes.ino).isEqualTo((Long) unix.get("ino"));
        assertThat(entry.attributes.mode).isEqualTo((Integer) unix.get("mode"));
        assertThat(entry.attributes.size).isEqualTo(5);
        assertThat(fs.nodes().lookups(entry.nodeId)).isEqualTo(1);
    }

    @Test
    void lookupOfAMissingNameIsEnoent() {
        assertErrno(() -> lookup(Filesystem.ROOT_ID, "missing"), Errno.ENOENT);
    }

    @Test
    void namesThatCouldEscapeAreRejected() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        for (String bad : new String[] {".", "..", "a/b", "../x", "sub/.."}) {
            assertErrno(() -> lookup(Filesystem.ROOT_ID, bad), Errno.EINVAL);
        }
        assertErrno(() -> fs.lookup(ROOT, Filesystem.ROOT_ID, new TestName(new byte[] {'a', 0, 'b'}),
            new RecordedEntry()), Errno.EINVAL);
        assertErrno(() -> fs.lookup(ROOT, Filesystem.ROOT_ID, new TestName(new byte[] {(byte) 0xff}),
            new RecordedEntry()), Errno.EINVAL);
        assertErrno(() -> fs.mkdir(ROOT, Filesystem.ROOT_ID, TestName.of(".."), 0755, 0, new RecordedEntry()),
            Errno.EINVAL);
    }

    @Test
    void lookupNeverFollowsSymlinks() throws IOException {
        Path outside = Files.createTempDirectory("passthrough-outside");
        try {
            Files.writeString(outside.resolve("secret"), "x");
            Files.createSymbolicLink(dir.resolve("escape"), outside);
            RecordedEntry link = lookup(Filesystem.ROOT_ID, "escape");
            assertThat(FileMode.isSymlink(link.attributes.mode)).isTrue();
            assertErrno(() -> lookup(link.nodeId, "secret"), Errno.ENOENT);
            assertThat(fs.readlink(ROOT, link.nodeId)).isEqualTo(outside.toString());
        } finally {
            Files.deleteIfExists(outside.resolve("secret"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aDirectoryReplacedByASymlinkInTheSourceIsNotFollowed() throws IOException {
        Path outside = Files.createTempDirectory("passthrough-outside");
        try {
            Files.writeString(outside.resolve("victim"), "untouched");
            Files.createDirectories(dir.resolve("a/b"));
            long a = lookup(Filesystem.ROOT_ID, "a").nodeId;
            long b = lookup(a, "b").nodeId;
            Files.delete(dir.resolve("a/b"));
            Files.delete(dir.resolve("a"));
            Files.createSymbolicLink(dir.resolve("a"), outside);
            assertErrno(() -> lookup(a, "victim"), Errno.ENOENT);
            assertErrno(() -> fs.unlink(ROOT, a, TestName.of("victim")), Errno.ENOENT);
            assertErrno(() -> fs.mknod(ROOT, a, TestName.of("planted"), FileMode.S_IFREG | 0644, 0, 0,
                new RecordedEntry()), Errno.ENOENT);
            Files.createDirectory(outside.resolve("b"));
            assertErrno(() -> fs.mknod(ROOT, b, TestName.of("deeper"), FileMode.S_IFREG | 0644, 0, 0,
                new RecordedEntry()), Errno.ENOENT);
            assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("untouched");
            assertThat(Files.exists(outside.resolve("planted"))).isFalse();
            assertThat(Files.exists(outside.resolve("b/deeper"))).isFalse();
        } finally {
            Files.deleteIfExists(outside.resolve("b"));
            Files.deleteIfExists(outside.resolve("victim"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void lookupCountingAndForget() throws IOException {
        Files.createFile(dir.resolve("f"));
        long id = lookup(Filesystem.ROOT_ID, "f").nodeId;
        assertThat(lookup(Filesystem.ROOT_ID, "f").nodeId).isEqualTo(id);
        assertThat(fs.nodes().lookups(id)).isEqualTo(2);
        fs.forget(id, 1);
        assertThat(fs.nodes().lookups(id)).isEqualTo(1);
        int before = fs.nodes().size();
        fs.forget(id, 1);
        assertThat(fs.nodes().size()).isEqualTo(before - 1);
        assertErrno(() -> fs.getattr(ROOT, id, Filesystem.NO_FH, new RecordedAttr()), Errno.ESTALE);
        long again = lookup(Filesystem.ROOT_ID, "f").nodeId;
        assertThat(again).isNotEqualTo(id);
        fs.forget(Filesystem.ROOT_ID, 100);
        fs.getattr(ROOT, Filesystem.ROOT_ID, Filesystem.NO_FH, new RecordedAttr());
    }

    @Test
    void hardLinksShareANode() throws IOException {
        Files.writeString(dir.resolve("one"), "data");
        Files.createLink(dir.resolve("two"), dir.resolve("one"));
        RecordedEntry one = lookup(Filesystem.ROOT_ID, "one");
        RecordedEntry two = lookup(Filesystem.ROOT_ID, "two");
        assertThat(two.nodeId).isEqualTo(one.nodeId);
        assertThat(two.attributes.nlink).isEqualTo(2);
        assertThat(fs.nodes().lookups(one.nodeId)).isEqualTo(2);

        RecordedEntry three = new RecordedEntry();
        fs.link(ROOT, one.nodeId, Filesystem.ROOT_ID, TestName.of("three"), three);
        assertThat(three.nodeId).isEqualTo(one.nodeId);
        assertThat(three.attributes.nlink).isEqualTo(3);
        assertThat(fs.nodes().lookups(one.nodeId)).isEqualTo(3);
        assertThat(Files.isSameFile(dir.resolve("three"), dir.resolve("one"))).isTrue();

        // Removing the name the node was last seen by keeps the node reachable through another name.
        fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("three"));
        RecordedAttr attr = new RecordedAttr();
        fs.getattr(ROOT, one.nodeId, Filesystem.NO_FH, attr);
        assertThat(attr.attributes.nlink).isEqualTo(2);
    }

    @Test
    void linkingADirectoryIsRefused() throws IOException {
        Files.createDirectory(dir.resolve("d"));
        long id = lookup(Filesystem.ROOT_ID, "d").nodeId;
        assertErrno(() -> fs.link(ROOT, id, Filesystem.ROOT_ID, TestName.of("d2"), new RecordedEntry()),
            Errno.EPERM);
    }

    @Test
    void mkdirAppliesTheModeAndUmaskExactly() throws IOException {
        RecordedEntry entry = new RecordedEntry();
        fs.mkdir(ROOT, Filesystem.ROOT_ID, TestName.of("d"), 01777, 0022, entry);
        Path d = dir.resolve("d");
        assertThat(Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(d) & FileMode.PERMISSIONS).isEqualTo(01755);
        assertThat(entry.attributes.mode).isEqualTo(FileMode.S_IFDIR | 01755);
        assertThat(fs.nodes().lookups(entry.nodeId)).isEqualTo(1);

        RecordedEntry group = new RecordedEntry();
        fs.mkdir(ROOT, Filesystem.ROOT_ID, TestName.of("g"), 0777, 0, group);
        assertThat(mode(dir.resolve("g")) & FileMode.PERMISSIONS).isEqualTo(0777);
        assertErrno(() -> fs.mkdir(ROOT, Filesystem.ROOT_ID, TestName.of("d"), 0755, 0, new RecordedEntry()),
            Errno.EEXIST);
    }

    @Test
    void mkdirKeepsAnInheritedSetgidBit() throws IOException {
        Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(dir.resolve("shared"), "unix:mode", 02775);
        long shared = lookup(Filesystem.ROOT_ID, "shared").nodeId;
        RecordedEntry sub = new RecordedEntry();
        fs.mkdir(ROOT, shared, TestName.of("sub"), 0750, 0, sub);
        assertThat(mode(dir.resolve("shared/sub")) & FileMode.PERMISSIONS).isEqualTo(02750);
    }

    @Test
    void mknodCreatesRegularFilesOnly() throws IOException {
        RecordedEntry entry = new RecordedEntry();
        fs.mknod(ROOT, Filesystem.ROOT_ID, TestName.of("r"), FileMode.S_IFREG | 04755, 0, 0022, entry);
        assertThat(Files.isRegularFile(dir.resolve("r"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(dir.resolve("r")) & FileMode.PERMISSIONS).isEqualTo(04755);
        assertThat(entry.attributes.mode).isEqualTo(FileMode.S_IFREG | 04755);
        assertErrno(() -> fs.mknod(ROOT, Filesystem.ROOT_ID, TestName.of("p"), FileMode.S_IFIFO | 0644, 0, 0,
            new RecordedEntry()), Errno.EPERM);
        assertErrno(() -> fs.mknod(ROOT, Filesystem.ROOT_ID, TestName.of("c"), FileMode.S_IFCHR | 0644, 0x0103,
            0, new RecordedEntry()), Errno.EPERM);
        assertThat(Files.exists(dir.resolve("p"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void newNodesBelongToTheCallerWhenRunningAsRoot() throws IOException {
        TestRequest alice = new TestRequest(1234, 4321);
        RecordedEntry file = new RecordedEntry();
        fs.mknod(alice, Filesystem.ROOT_ID, TestName.of("f"), FileMode.S_IFREG | 02755, 0, 0, file);
        RecordedEntry sub = new RecordedEntry();
        fs.mkdir(alice, Filesystem.ROOT_ID, TestName.of("d"), 0700, 0, sub);
        RecordedEntry link = new RecordedEntry();
        fs.symlink(alice, Filesystem.ROOT_ID, TestName.of("l"), "f", link);
        if (!PassthroughFixtures.runningAsRoot()) {
            return;
        }
        for (String name : new String[] {"f", "d", "l"}) {
            Path p = dir.resolve(name);
            assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(1234);
            assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(4321);
        }
        // chown drops the setgid bit; the mode is set again afterwards.
        assertThat(mode(dir.resolve("f")) & FileMode.PERMISSIONS).isEqualTo(02755);
        assertThat(file.attributes.uid).isEqualTo(1234);
        assertThat(link.attributes.gid).isEqualTo(4321);

        // In a set-group-ID directory the directory's group is kept.
        Files.createDirectory(dir.resolve("team"));
        Files.setAttribute(dir.resolve("team"), "unix:gid", 777);
        Files.setAttribute(dir.resolve("team"), "unix:mode", 02777);
        long team = lookup(Filesystem.ROOT_ID, "team").nodeId;
        fs.mknod(alice, team, TestName.of("x"), FileMode.S_IFREG | 0644, 0, 0, new RecordedEntry());
        assertThat(Files.getAttribute(dir.resolve("team/x"), "unix:gid")).isEqualTo(777);
        assertThat(Files.getAttribute(dir.resolve("team/x"), "unix:uid")).isEqualTo(1234);
    }

    @Test
    void symlinkAndReadlink() throws IOException {
        RecordedEntry entry = new RecordedEntry();
        fs.symlink(ROOT, Filesystem.ROOT_ID, TestName.of("link"), "target/file", entry);
        Path link = dir.resolve("link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("target/file");
        assertThat(FileMode.isSymlink(entry.attributes.mode)).isTrue();
        assertThat(fs.readlink(ROOT, entry.nodeId)).isEqualTo("target/file");
        assertErrno(() -> fs.readlink(ROOT, Filesystem.ROOT_ID), Errno.EINVAL);
        assertErrno(() -> fs.symlink(ROOT, Filesystem.ROOT_ID, TestName.of("link"), "x", new RecordedEntry()),
            Errno.EEXIST);
    }

    @Test
    void unlinkAndRmdir() throws IOException {
        Files.createFile(dir.resolve("f"));
        Files.createDirectory(dir.resolve("d"));
        Files.createFile(dir.resolve("d/inner"));
        long d = lookup(Filesystem.ROOT_ID, "d").nodeId;
        assertErrno(() -> fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("d")), Errno.EISDIR);
        assertErrno(() -> fs.rmdir(ROOT, Filesystem.ROOT_ID, TestName.of("f")), Errno.ENOTDIR);
        assertErrno(() -> fs.rmdir(ROOT, Filesystem.ROOT_ID, TestName.of("d")), Errno.ENOTEMPTY);
        assertErrno(() -> fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("missing")), Errno.ENOENT);
        fs.unlink(ROOT, d, TestName.of("inner"));
        fs.rmdir(ROOT, Filesystem.ROOT_ID, TestName.of("d"));
        fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("f"));
        assertThat(dir.toFile().list()).isEmpty();
        // Like fstat(2) of an open, removed directory: the last attributes with no links.
        RecordedAttr removed = new RecordedAttr();
        fs.getattr(ROOT, d, Filesystem.NO_FH, removed);
        assertThat(removed.attributes.nlink).isZero();
        assertThat(FileMode.isDirectory(removed.attributes.mode)).isTrue();
        assertErrno(() -> lookup(d, "inner"), Errno.ENOENT);
    }

    @Test
    void renameUpdatesThePathsOfTheNodeAndOfEverythingBelow() throws IOException {
        Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(dir.resolve("a/b/c/file"), "deep");
        long a = lookup(Filesystem.ROOT_ID, "a").nodeId;
        long b = lookup(a, "b").nodeId;
        long c = lookup(b, "c").nodeId;
        long file = lookup(c, "file").nodeId;
        Files.createDirectory(dir.resolve("z"));
        long z = lookup(Filesystem.ROOT_ID, "z").nodeId;

        fs.rename(ROOT, Filesystem.ROOT_ID, TestName.of("a"), z, TestName.of("moved"), 0);

        assertThat(Files.exists(dir.resolve("z/moved/b/c/file"))).isTrue();
        assertThat(lookup(c, "file").nodeId).isEqualTo(file);
        RecordedAttr attr = new RecordedAttr();
        fs.getattr(ROOT, file, Filesystem.NO_FH, attr);
        assertThat(attr.attributes.size).isEqualTo(4);
        RecordedEntry made = new RecordedEntry();
        fs.mknod(ROOT, b, TestName.of("new"), FileMode.S_IFREG | 0644, 0, 0, made);
        assertThat(Files.exists(dir.resolve("z/moved/b/new"))).isTrue();
        // A sibling whose name starts like the moved one is left alone.
        Files.createDirectory(dir.resolve("ab"));
        long ab = lookup(Filesystem.ROOT_ID, "ab").nodeId;
        fs.rename(ROOT, z, TestName.of("moved"), Filesystem.ROOT_ID, TestName.of("a"), 0);
        fs.getattr(ROOT, ab, Filesystem.NO_FH, new RecordedAttr());
        fs.getattr(ROOT, file, Filesystem.NO_FH, new RecordedAttr());
        assertThat(Files.exists(dir.resolve("a/b/new"))).isTrue();
    }

    @Test
    void renameReplacesWithLinuxSemantics() throws IOException {
        Files.writeString(dir.resolve("src"), "new");
        Files.writeString(dir.resolve("dst"), "old");
        long dst = lookup(Filesystem.ROOT_ID, "dst").nodeId;
        long src = lookup(Filesystem.ROOT_ID, "src").nodeId;
        fs.rename(ROOT, Filesystem.ROOT_ID, TestName.of("src"), Filesystem.ROOT_ID, TestName.of("dst"), 0);
        assertThat(Files.readString(dir.resolve("dst"))).isEqualTo("new");
        assertThat(lookup(Filesystem.ROOT_ID, "dst").nodeId).isEqualTo(src);
        RecordedAttr replaced = new RecordedAttr();
        fs.getattr(ROOT, dst, Filesystem.NO_FH, replaced);
        assertThat(replaced.attributes.nlink).isZero();

        Files.createDirectory(dir.resolve("full"));
        Files.createFile(dir.resolve("full/x"));
        Files.createDirectory(dir.resolve("empty"));
        Files.createDirectory(dir.resolve("other"));
        assertErrno(() -> rename("other", "full", 0), Errno.ENOTEMPTY);
        assertErrno(() -> rename("other", "dst", 0), Errno.ENOTDIR);
        assertErrno(() -> rename("dst", "empty", 0), Errno.EISDIR);
        assertErrno(() -> rename("missing", "x", 0), Errno.ENOENT);
        rename("other", "empty", 0);
        assertThat(Files.isDirectory(dir.resolve("empty"))).isTrue();
        assertThat(Files.exists(dir.resolve("other"))).isFalse();
    }

    @Test
    void renameFlags() throws IOException {
        Files.writeString(dir.resolve("a"), "a");
        Files.writeString(dir.resolve("b"), "b");
        assertErrno(() -> rename("a", "b", 1), Errno.EEXIST);
        assertThat(Files.readString(dir.resolve("b"))).isEqualTo("b");
        rename("a", "c", 1);
        assertThat(Files.readString(dir.resolve("c"))).isEqualTo("a");
        assertErrno(() -> rename("c", "b", 2), Errno.EINVAL);
        assertErrno(() -> rename("c", "b", 4), Errno.EINVAL);
        assertThat(Files.readString(dir.resolve("b"))).isEqualTo("b");
    }

    @Test
    void renameOfAHardLinkOntoItsTwinChangesNothing() throws IOException {
        Files.writeString(dir.resolve("x"), "x");
        Files.createLink(dir.resolve("y"), dir.resolve("x"));
        long x = lookup(Filesystem.ROOT_ID, "x").nodeId;
        rename("x", "y", 0);
        assertThat(Files.exists(dir.resolve("x"))).isTrue();
        assertThat(lookup(Filesystem.ROOT_ID, "x").nodeId).isEqualTo(x);
    }

    @Test
    void nonAsciiNamesRoundTrip() throws IOException {
        String name = "caf\u00e9-\u65e5\u672c";
        RecordedEntry entry = new RecordedEntry();
        fs.mknod(ROOT, Filesystem.ROOT_ID, TestName.of(name), FileMode.S_IFREG | 0644, 0, 0, entry);
        assertThat(Files.exists(dir.resolve(name))).isTrue();
        assertThat(lookup(Filesystem.ROOT_ID, name).nodeId).isEqualTo(entry.nodeId);
        assertThat(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(name);
    }

    private void rename(String from, String to, int flags) {
        fs.rename(ROOT, Filesystem.ROOT_ID, TestName.of(from), Filesystem.ROOT_ID, TestName.of(to), flags);
    }

    private RecordedEntry lookup(long parent, String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, parent, TestName.of(name), entry);
        return entry;
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    static void assertErrno(ThrowingCallable call, Errno errno) {
        assertThatThrownBy(call)
            .isInstanceOf(FuseException.class)
            .satisfies(e -> assertThat(Errno.of(((FuseException) e).errno())).isEqualTo(errno));
    }
}
