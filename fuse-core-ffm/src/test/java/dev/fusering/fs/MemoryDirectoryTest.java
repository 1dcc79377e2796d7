package dev.fusering.fs;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.RecordedStatfs;
import dev.fusering.testing.RecordingFiller;
import dev.fusering.testing.RecordingPlusFiller;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

/** Directories of {@link MemoryFilesystem}: names, errors, link counts, READDIR and READDIRPLUS. */
class MemoryDirectoryTest {

    private static final long ROOT = Filesystem.ROOT_ID;

    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem());

    @Test
    void rootIsADirectoryOwnedByRoot() {
        RecordedAttributes root = kit.getattr(ROOT);

        assertThat(root.ino).isEqualTo(ROOT);
        assertThat(root.mode).isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(root.nlink).isEqualTo(2);
        assertThat(root.uid).isZero();
        assertThat(root.gid).isZero();
    }

    @Test
    void createdNamesCanBeLookedUpAndListed() {
        long dir = kit.mkdir(ROOT, "dir");
        long file = kit.create(dir, "file").node();

        assertThat(kit.lookup(ROOT, "dir")).isEqualTo(dir);
        assertThat(kit.lookup(dir, "file")).isEqualTo(file);
        assertThat(kit.lookup(dir, ".")).isEqualTo(dir);
        assertThat(kit.lookup(dir, "..")).isEqualTo(ROOT);
        assertThat(kit.lookup(ROOT, "..")).isEqualTo(ROOT);

        List<DirEntry> entries = kit.readdirAll(dir);
        assertThat(entries).extracting(DirEntry::name).containsExactly(".", "..", "file");
        assertThat(entries.get(0).ino()).isEqualTo(dir);
        assertThat(entries.get(0).nextOffset()).isEqualTo(1);
        assertThat(entries.get(1).ino()).isEqualTo(ROOT);
        assertThat(entries.get(1).nextOffset()).isEqualTo(2);
        assertThat(entries.get(2).ino()).isEqualTo(file);
        assertThat(entries.get(2).mode()).isEqualTo(FileMode.S_IFREG);
        assertThat(entries.get(0).mode()).isEqualTo(FileMode.S_IFDIR);
    }

    @Test
    void directoryLinkCountIsTwoPlusSubdirectories() {
        long dir = kit.mkdir(ROOT, "dir");
        kit.mkdir(dir, "a");
        kit.mkdir(dir, "b");
        kit.create(dir, "f");

        assertThat(kit.getattr(dir).nlink).isEqualTo(4);
        assertThat(kit.getattr(ROOT).nlink).isEqualTo(3);

        kit.rmdir(dir, "a");
        assertThat(kit.getattr(dir).nlink).isEqualTo(3);
    }

    @Test
    void directorySizeGrowsWithEntriesLikeTmpfs() {
        long dir = kit.mkdir(ROOT, "dir");
        assertThat(kit.getattr(dir).size).isEqualTo(40);
        kit.create(dir, "a");
        kit.create(dir, "b");
        assertThat(kit.getattr(dir).size).isEqualTo(80);
    }

    @Test
    void nameErrorsMatchLinux() {
        long dir = kit.mkdir(ROOT, "dir");
        long file = kit.create(ROOT, "file").node();
        kit.mkdir(dir, "sub");

        assertErrno(Errno.EEXIST, () -> kit.mkdir(ROOT, "dir"));
        assertErrno(Errno.EEXIST, () -> kit.create(ROOT, "file"));
        assertErrno(Errno.EEXIST, () -> kit.mknod(ROOT, "file", FileMode.S_IFIFO | 0644, 0));
        assertErrno(Errno.EEXIST, () -> kit.symlink(ROOT, "dir", "x"));
        assertErrno(Errno.ENOENT, () -> kit.lookup(ROOT, "missing"));
        assertErrno(Errno.ENOENT, () -> kit.unlink(ROOT, "missing"));
        assertErrno(Errno.ENOENT, () -> kit.rmdir(ROOT, "missing"));
        assertErrno(Errno.ENOTDIR, () -> kit.lookup(file, "x"));
        assertErrno(Errno.ENOTDIR, () -> kit.mkdir(file, "x"));
        assertErrno(Errno.ENOTDIR, () -> kit.rmdir(ROOT, "file"));
        assertErrno(Errno.ENOTDIR, () -> kit.fs.readdir(TestRequest.ROOT, file, 0, 0,
                new RecordingFiller(10)));
        assertErrno(Errno.ENOTDIR, () -> kit.fs.opendir(TestRequest.ROOT, file, 0, new RecordedOpen()));
        assertErrno(Errno.EISDIR, () -> kit.unlink(ROOT, "dir"));
        assertErrno(Errno.ENOTEMPTY, () -> kit.rmdir(ROOT, "dir"));
        assertErrno(Errno.EINVAL, () -> kit.mkdir(dir, "."));
        assertErrno(Errno.EINVAL, () -> kit.create(dir, ".."));
        assertErrno(Errno.EINVAL, () -> kit.rmdir(dir, "."));
        assertErrno(Errno.EINVAL, () -> kit.unlink(dir, ".."));
    }

    @Test
    void namesAreLimitedTo255Bytes() {
        String longest = "x".repeat(255);
        String tooLong = "x".repeat(256);
        String multiByte = "é".repeat(128);

        kit.create(ROOT, longest);
        assertThat(kit.names(ROOT)).containsExactly(longest);
        assertErrno(Errno.ENAMETOOLONG, () -> kit.create(ROOT, tooLong));
        assertErrno(Errno.ENAMETOOLONG, () -> kit.mkdir(ROOT, multiByte));
        assertErrno(Errno.ENAMETOOLONG, () -> kit.lookup(ROOT, tooLong));
        RecordedStatfs statfs = kit.statfs();
        assertThat(statfs.maxNameLength).isEqualTo(255);
    }

    @Test
    void namesAreBytesNotCharacters() {
        byte[] first = {(byte) 0xff, 'a'};
        byte[] second = {(byte) 0xfe, 'a'};
        RecordedEntry a = new RecordedEntry();
        RecordedEntry b = new RecordedEntry();

        kit.fs.mkdir(TestRequest.ROOT, ROOT, new TestName(first), 0755, 0, a);
        kit.fs.mkdir(TestRequest.ROOT, ROOT, new TestName(second), 0755, 0, b);

        assertThat(a.nodeId).isNotEqualTo(b.nodeId);
        List<byte[]> listed = new ArrayList<>();
        kit.fs.readdir(TestRequest.ROOT, ROOT, 0, 2, new DirectoryFiller() {
            @Override
            public boolean add(long ino, String name, int mode, long nextOffset) {
                return add(ino, name.getBytes(StandardCharsets.UTF_8), mode, nextOffset);
            }

            @Override
            public boolean add(long ino, byte[] name, int mode, long nextOffset) {
                listed.add(name);
                return true;
            }
        });
        assertThat(listed).containsExactly(first, second);

        List<byte[]> listedPlus = new ArrayList<>();
        kit.fs.readdirplus(TestRequest.ROOT, ROOT, 0, 2, new DirectoryPlusFiller() {
            @Override
            public EntryReply add(long ino, String name, int mode, long nextOffset) {
                return add(ino, name.getBytes(StandardCharsets.UTF_8), mode, nextOffset);
            }

            @Override
            public EntryReply add(long ino, byte[] name, int mode, long nextOffset) {
                listedPlus.add(name);
                return new RecordedEntry();
            }
        });
        assertThat(listedPlus).as("READDIRPLUS names").containsExactly(first, second);
    }

    @Test
    void readdirResumesAfterEachCookie() {
        for (int i = 0; i < 10; i++) {
            kit.create(ROOT, "f" + i);
        }
        RecordingFiller firstPage = new RecordingFiller(4);
        kit.fs.readdir(TestRequest.ROOT, ROOT, 0, 0, firstPage);
        assertThat(firstPage.entries).extracting(DirEntry::name).containsExactly(".", "..", "f0", "f1");

        RecordingFiller secondPage = new RecordingFiller(3);
        kit.fs.readdir(TestRequest.ROOT, ROOT, 0, firstPage.entries.getLast().nextOffset(), secondPage);
        assertThat(secondPage.entries).extracting(DirEntry::name).containsExactly("f2", "f3", "f4");

        RecordingFiller fromDotDot = new RecordingFiller(2);
        kit.fs.readdir(TestRequest.ROOT, ROOT, 0, 1, fromDotDot);
        assertThat(fromDotDot.entries).extracting(DirEntry::name).containsExactly("..", "f0");
    }

    @Test
    void readdirNeitherRepeatsNorSkipsSurvivorsWhenEntriesComeAndGo() {
        for (int i = 0; i < 20; i++) {
            kit.create(ROOT, "keep" + i);
            kit.create(ROOT, "drop" + i);
        }
        List<String> seen = new ArrayList<>();
        long offset = 0;
        int round = 0;
        while (true) {
            RecordingFiller page = new RecordingFiller(3);
            kit.fs.readdir(TestRequest.ROOT, ROOT, 0, offset, page);
            if (page.entries.isEmpty()) {
                break;
            }
            page.entries.forEach(e -> seen.add(e.name()));
            offset = page.entries.getLast().nextOffset();
            if (round < 20) {
                kit.unlink(ROOT, "drop" + round);
                kit.create(ROOT, "new" + round);
            }
            round++;
        }
        List<String> keeps = seen.stream().filter(n -> n.startsWith("keep")).toList();
        assertThat(keeps).hasSize(20).doesNotHaveDuplicates();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).contains("new0");
    }

    @Test
    void readdirIsConsistentUnderConcurrentInsertAndRemove() throws Exception {
        for (int i = 0; i < 200; i++) {
            kit.create(ROOT, "stable" + i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = Thread.ofPlatform().start(() -> {
            MemoryTestKit churnKit = new MemoryTestKit(kit.fs);
            int i = 0;
            while (!stop.get()) {
                churnKit.create(ROOT, "churn" + i);
                if (i >= 5) {
                    churnKit.unlink(ROOT, "churn" + (i - 5));
                }
                i++;
            }
        });
        try {
            for (int pass = 0; pass < 50; pass++) {
                Set<String> stable = new HashSet<>();
                long offset = 0;
                while (true) {
                    RecordingFiller page = new RecordingFiller(7);
                    kit.fs.readdir(TestRequest.ROOT, ROOT, 0, offset, page);
                    if (page.entries.isEmpty()) {
                        break;
                    }
                    for (DirEntry entry : page.entries) {
                        if (entry.name().startsWith("stable")) {
                            assertThat(stable.add(entry.name())).as("duplicate %s", entry.name()).isTrue();
                        }
                    }
                    offset = page.entries.getLast().nextOffset();
                }
                assertThat(stable).hasSize(200);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    @Test
    void readdirplusFillsEntriesAndCountsLookups() {
        long dir = kit.mkdir(ROOT, "dir");
        long file = kit.create(dir, "f").node();
        kit.fs.release(TestRequest.ROOT, file, 0, 0);

        RecordingPlusFiller filler = new RecordingPlusFiller(10);
        kit.fs.readdirplus(TestRequest.ROOT, dir, 0, 0, filler);

        assertThat(filler.entries).extracting(DirEntry::name).containsExactly(".", "..", "f");
        assertThat(filler.replies.get(0).nodeId).isZero();
        assertThat(filler.replies.get(1).nodeId).isZero();
        assertThat(filler.replies.get(2).nodeId).isEqualTo(file);
        assertThat(filler.replies.get(2).attributes.mode).isEqualTo(FileMode.S_IFREG | 0644);
        assertThat(filler.replies.get(2).attributes.ino).isEqualTo(file);

        long nodesBefore = kit.usedNodes();
        kit.unlink(dir, "f");
        kit.fs.forget(file, 1);
        assertThat(kit.usedNodes()).as("still held by the READDIRPLUS lookup").isEqualTo(nodesBefore);
        kit.fs.forget(file, 1);
        assertThat(kit.usedNodes()).isEqualTo(nodesBefore - 1);
    }

    @Test
    void readdirplusDoesNotCountEntriesThatDidNotFit() {
        long file = kit.create(ROOT, "f").node();
        kit.fs.release(TestRequest.ROOT, file, 0, 0);
        RecordingPlusFiller filler = new RecordingPlusFiller(2);

        kit.fs.readdirplus(TestRequest.ROOT, ROOT, 0, 0, filler);

        assertThat(filler.entries).hasSize(2);
        long nodesBefore = kit.usedNodes();
        kit.unlink(ROOT, "f");
        kit.fs.forget(file, 1);
        assertThat(kit.usedNodes()).isEqualTo(nodesBefore - 1);
    }

    @Test
    void removedDirectoryCannotBeUsed() {
        long dir = kit.mkdir(ROOT, "dir");
        kit.rmdir(ROOT, "dir");

        assertThat(kit.getattr(dir).nlink).isZero();
        assertErrno(Errno.ENOENT, () -> kit.create(dir, "x"));
        assertErrno(Errno.ENOENT, () -> kit.lookup(dir, "x"));
        assertErrno(Errno.ENOENT, () -> kit.readdirAll(dir));
        kit.fs.forget(dir, 1);
        assertErrno(Errno.ESTALE, () -> kit.getattr(dir));
    }

    @Test
    void opendirHandlesKeepARemovedDirectoryAlive() {
        long dir = kit.mkdir(ROOT, "dir");
        RecordedOpen open = new RecordedOpen();
        kit.fs.opendir(TestRequest.ROOT, dir, 0, open);
        assertThat(open.fh).isPositive();

        kit.rmdir(ROOT, "dir");
        kit.fs.forget(dir, 1);
        assertThat(kit.getattr(dir).nlink).isZero();

        kit.fs.releasedir(TestRequest.ROOT, dir, open.fh, 0);
        assertErrno(Errno.ESTALE, () -> kit.getattr(dir));
        kit.fs.fsyncdir(TestRequest.ROOT, ROOT, 0, false);
    }
}
