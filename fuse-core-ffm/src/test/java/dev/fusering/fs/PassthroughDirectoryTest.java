package dev.fusering.fs;

import static dev.fusering.fs.PassthroughNamespaceTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.RecordingFiller;
import dev.fusering.testing.RecordingPlusFiller;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OPENDIR, READDIR, READDIRPLUS, RELEASEDIR and FSYNCDIR. */
class PassthroughDirectoryTest {

    private static final TestRequest ROOT = TestRequest.ROOT;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;

    @BeforeEach
    void setUp() throws IOException {
        fs = new PassthroughFilesystem(dir);
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        for (int i = 0; i < 7; i++) {
            Files.createFile(dir.resolve("n" + i));
        }
    }

    @Test
    void readdirListsDotsAndEntriesWithTypes() throws IOException {
        long fh = opendir(Filesystem.ROOT_ID);
        RecordingFiller filler = new RecordingFiller(100);
        fs.readdir(ROOT, Filesystem.ROOT_ID, fh, 0, filler);
        assertThat(filler.names()).hasSize(12);
        assertThat(filler.names().subList(0, 2)).containsExactly(".", "..");
        assertThat(filler.names()).contains("file", "sub", "link", "n0", "n6");
        for (int i = 0; i < filler.entries.size(); i++) {
            DirEntry entry = filler.entries.get(i);
            assertThat(entry.nextOffset()).isEqualTo(i + 1);
            int expectedType = switch (entry.name()) {
                case ".", "..", "sub" -> FileMode.S_IFDIR;
                case "link" -> FileMode.S_IFLNK;
                default -> FileMode.S_IFREG;
            };
            assertThat(entry.mode()).as(entry.name()).isEqualTo(expectedType);
            if (!entry.name().equals("..")) {
                Path p = entry.name().equals(".") ? dir : dir.resolve(entry.name());
                assertThat(entry.ino()).isEqualTo(Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS));
            }
        }
        fs.releasedir(ROOT, Filesystem.ROOT_ID, fh, 0);
        assertThat(fs.openHandles()).isZero();
        assertErrno(() -> fs.readdir(ROOT, Filesystem.ROOT_ID, fh, 0, new RecordingFiller(1)), Errno.EBADF);
    }

    @Test
    void readdirResumesFromAnyOffset() {
        long fh = opendir(Filesystem.ROOT_ID);
        List<String> all = new ArrayList<>();
        long offset = 0;
        int calls = 0;
        while (true) {
            RecordingFiller filler = new RecordingFiller(5);
            fs.readdir(ROOT, Filesystem.ROOT_ID, fh, offset, filler);
            calls++;
            if (filler.entries.isEmpty()) {
                break;
            }
            all.addAll(filler.names());
            offset = filler.entries.getLast().nextOffset();
        }
        assertThat(calls).isEqualTo(4);
        assertThat(all).hasSize(12).doesNotHaveDuplicates();
        RecordingFiller fromSeven = new RecordingFiller(100);
        fs.readdir(ROOT, Filesystem.ROOT_ID, fh, 7, fromSeven);
        assertThat(fromSeven.names()).isEqualTo(all.subList(7, 12));
        RecordingFiller pastEnd = new RecordingFiller(100);
        fs.readdir(ROOT, Filesystem.ROOT_ID, fh, 1000, pastEnd);
        assertThat(pastEnd.entries).isEmpty();
    }

    @Test
    void theListingIsASnapshotTakenAtOpendir() throws IOException {
        long fh = opendir(Filesystem.ROOT_ID);
        Files.createFile(dir.resolve("later"));
        RecordingFiller filler = new RecordingFiller(100);
        fs.readdir(ROOT, Filesystem.ROOT_ID, fh, 0, filler);
        assertThat(filler.names()).doesNotContain("later");
        long again = opendir(Filesystem.ROOT_ID);
        RecordingFiller fresh = new RecordingFiller(100);
        fs.readdir(ROOT, Filesystem.ROOT_ID, again, 0, fresh);
        assertThat(fresh.names()).contains("later");
    }

    @Test
    void dotDotOfASubdirectoryIsItsParent() throws IOException {
        RecordedEntry sub = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of("sub"), sub);
        Files.createFile(dir.resolve("sub/inner"));
        long fh = opendir(sub.nodeId);
        RecordingFiller filler = new RecordingFiller(100);
        fs.readdir(ROOT, sub.nodeId, fh, 0, filler);
        assertThat(filler.names()).containsExactly(".", "..", "inner");
        assertThat(filler.entries.get(1).ino()).isEqualTo(Files.getAttribute(dir, "unix:ino"));
    }

    @Test
    void readdirplusCountsLookupsOnlyForAddedEntries() {
        long fh = opendir(Filesystem.ROOT_ID);
        RecordingPlusFiller first = new RecordingPlusFiller(4);
        fs.readdirplus(ROOT, Filesystem.ROOT_ID, fh, 0, first);
        assertThat(first.entries).hasSize(4);
        assertThat(first.replies.get(0).nodeId).isZero();
        assertThat(first.replies.get(1).nodeId).isZero();
        int nodesAfterFirst = fs.nodes().size();
        assertThat(nodesAfterFirst).isEqualTo(3);
        for (int i = 2; i < 4; i++) {
            DirEntry entry = first.entries.get(i);
            RecordedEntry reply = first.replies.get(i);
            assertThat(reply.nodeId).isGreaterThan(1);
            assertThat(fs.nodes().lookups(reply.nodeId)).isEqualTo(1);
            assertThat(reply.attributes.ino).isEqualTo(entry.ino());
        }
        RecordingPlusFiller rest = new RecordingPlusFiller(100);
        fs.readdirplus(ROOT, Filesystem.ROOT_ID, fh, first.entries.getLast().nextOffset(), rest);
        assertThat(rest.entries).hasSize(8);
        assertThat(fs.nodes().size()).isEqualTo(11);

        RecordedEntry looked = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of(rest.entries.getFirst().name()), looked);
        assertThat(looked.nodeId).isEqualTo(rest.replies.getFirst().nodeId);
        assertThat(fs.nodes().lookups(looked.nodeId)).isEqualTo(2);
    }

    @Test
    void readdirplusSkipsEntriesThatVanished() throws IOException {
        long fh = opendir(Filesystem.ROOT_ID);
        Files.delete(dir.resolve("n3"));
        RecordingPlusFiller filler = new RecordingPlusFiller(100);
        fs.readdirplus(ROOT, Filesystem.ROOT_ID, fh, 0, filler);
        assertThat(filler.names()).hasSize(11).doesNotContain("n3");
    }

    @Test
    void opendirOfAFileIsEnotdir() {
        RecordedEntry file = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of("file"), file);
        assertErrno(() -> opendir(file.nodeId), Errno.ENOTDIR);
    }

    @Test
    void fsyncdir() {
        fs.fsyncdir(ROOT, Filesystem.ROOT_ID, opendir(Filesystem.ROOT_ID), false);
    }

    private long opendir(long node) {
        RecordedOpen open = new RecordedOpen();
        fs.opendir(ROOT, node, 0, open);
        assertThat(open.fh).isPositive();
        return open.fh;
    }
}
