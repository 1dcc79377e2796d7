package dev.fusering.fs;

import static dev.fusering.fs.PassthroughNamespaceTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SETXATTR, GETXATTR, LISTXATTR and REMOVEXATTR in the {@code user.} namespace. */
class PassthroughXattrTest {

    private static final TestRequest ROOT = TestRequest.ROOT;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;
    private Arena arena;
    private long node;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        fs = new PassthroughFilesystem(dir);
        arena = Arena.ofConfined();
        file = Files.createFile(dir.resolve("f"));
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of("f"), entry);
        node = entry.nodeId;
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    @Test
    void roundTripThroughTheSource() throws IOException {
        fs.setxattr(ROOT, node, "user.comment", PassthroughFixtures.utf8(arena, "hello"), 0);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer stored = ByteBuffer.allocate(view.size("comment"));
        view.read("comment", stored);
        assertThat(new String(stored.array(), StandardCharsets.UTF_8)).isEqualTo("hello");

        view.write("other", ByteBuffer.wrap("xyz".getBytes(StandardCharsets.UTF_8)));
        MemorySegment buffer = arena.allocate(64);
        int length = fs.getxattr(ROOT, node, "user.other", buffer);
        assertThat(length).isEqualTo(3);
        assertThat(PassthroughFixtures.text(buffer, length)).isEqualTo("xyz");

        fs.removexattr(ROOT, node, "user.comment");
        assertThat(view.list()).containsExactly("other");
        assertErrno(() -> fs.getxattr(ROOT, node, "user.comment", buffer), Errno.ENODATA);
        assertErrno(() -> fs.removexattr(ROOT, node, "user.comment"), Errno.ENODATA);
    }

    @Test
    void sizeProbeAndErange() {
        fs.setxattr(ROOT, node, "user.big", PassthroughFixtures.utf8(arena, "0123456789"), 0);
        assertThat(fs.getxattr(ROOT, node, "user.big", arena.allocate(0))).isEqualTo(10);
        MemorySegment small = arena.allocate(4);
        small.fill((byte) 'q');
        assertThat(fs.getxattr(ROOT, node, "user.big", small)).isEqualTo(10);
        assertThat(PassthroughFixtures.text(small, 4)).isEqualTo("qqqq");
        MemorySegment exact = arena.allocate(10);
        assertThat(fs.getxattr(ROOT, node, "user.big", exact)).isEqualTo(10);
        assertThat(PassthroughFixtures.text(exact, 10)).isEqualTo("0123456789");
    }

    @Test
    void emptyValue() {
        fs.setxattr(ROOT, node, "user.empty", arena.allocate(0), 0);
        assertThat(fs.getxattr(ROOT, node, "user.empty", arena.allocate(0))).isZero();
        assertThat(fs.getxattr(ROOT, node, "user.empty", arena.allocate(8))).isZero();
    }

    @Test
    void listUsesTheSizeProtocol() {
        assertThat(fs.listxattr(ROOT, node, arena.allocate(0))).isZero();
        fs.setxattr(ROOT, node, "user.a", PassthroughFixtures.utf8(arena, "1"), 0);
        fs.setxattr(ROOT, node, "user.bb", PassthroughFixtures.utf8(arena, "2"), 0);
        int total = "user.a".length() + 1 + "user.bb".length() + 1;
        assertThat(fs.listxattr(ROOT, node, arena.allocate(0))).isEqualTo(total);
        MemorySegment small = arena.allocate(total - 1);
        assertThat(fs.listxattr(ROOT, node, small)).isEqualTo(total);
        MemorySegment buffer = arena.allocate(100);
        assertThat(fs.listxattr(ROOT, node, buffer)).isEqualTo(total);
        String listed = PassthroughFixtures.text(buffer, total);
        assertThat(listed.split("\0")).containsExactlyInAnyOrder("user.a", "user.bb");
        assertThat(listed).endsWith("\0");
    }

    @Test
    void createAndReplaceFlags() {
        MemorySegment one = PassthroughFixtures.utf8(arena, "1");
        MemorySegment two = PassthroughFixtures.utf8(arena, "2");
        assertErrno(() -> fs.setxattr(ROOT, node, "user.k", one, PassthroughXattrs.XATTR_REPLACE), Errno.ENODATA);
        fs.setxattr(ROOT, node, "user.k", one, PassthroughXattrs.XATTR_CREATE);
        assertErrno(() -> fs.setxattr(ROOT, node, "user.k", two, PassthroughXattrs.XATTR_CREATE), Errno.EEXIST);
        fs.setxattr(ROOT, node, "user.k", two, PassthroughXattrs.XATTR_REPLACE);
        MemorySegment buffer = arena.allocate(8);
        assertThat(fs.getxattr(ROOT, node, "user.k", buffer)).isEqualTo(1);
        assertThat(PassthroughFixtures.text(buffer, 1)).isEqualTo("2");
        assertErrno(() -> fs.setxattr(ROOT, node, "user.k", one, 8), Errno.EINVAL);
    }

    @Test
    void otherNamespacesAreNotSupported() {
        MemorySegment value = PassthroughFixtures.utf8(arena, "v");
        assertErrno(() -> fs.setxattr(ROOT, node, "trusted.x", value, 0), Errno.EOPNOTSUPP);
        assertErrno(() -> fs.getxattr(ROOT, node, "security.capability", arena.allocate(0)), Errno.EOPNOTSUPP);
        assertErrno(() -> fs.removexattr(ROOT, node, "system.posix_acl_access"), Errno.EOPNOTSUPP);
        assertErrno(() -> fs.getxattr(ROOT, node, "user.", arena.allocate(0)), Errno.EINVAL);
    }

    @Test
    void symlinksAndDirectories() throws IOException {
        Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
        Files.createDirectory(dir.resolve("d"));
        RecordedEntry link = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of("l"), link);
        MemorySegment value = PassthroughFixtures.utf8(arena, "v");
        assertErrno(() -> fs.setxattr(ROOT, link.nodeId, "user.x", value, 0), Errno.EPERM);
        assertErrno(() -> fs.getxattr(ROOT, link.nodeId, "user.x", arena.allocate(8)), Errno.ENODATA);
        assertThat(fs.listxattr(ROOT, link.nodeId, arena.allocate(0))).isZero();
        RecordedEntry sub = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of("d"), sub);
        fs.setxattr(ROOT, sub.nodeId, "user.onDir", value, 0);
        assertThat(fs.getxattr(ROOT, sub.nodeId, "user.onDir", arena.allocate(8))).isEqualTo(1);
        assertThat(fs.listxattr(ROOT, Filesystem.ROOT_ID, arena.allocate(0))).isZero();
    }
}
