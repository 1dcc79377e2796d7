package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/** Node kinds, hard links, lookup counts, open handles and freeing in {@link MemoryFilesystem}. */
class MemoryLifecycleTest {

    private static final long ROOT = Filesystem.ROOT_ID;

    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem());

    @Test
    void hardLinksShareTheNodeAndCountLinks() {
        MemoryTestKit.Created created = kit.create(ROOT, "a");
        long dir = kit.mkdir(ROOT, "d");

        RecordedEntry link = kit.link(created.node(), dir, "b");

        assertThat(link.nodeId).isEqualTo(created.node());
        assertThat(link.attributes.nlink).isEqualTo(2);
        kit.write(created.node(), 0, pattern(10, 1));
        assertThat(kit.read(kit.lookup(dir, "b"), 0, 10)).isEqualTo(pattern(10, 1));
        kit.unlink(ROOT, "a");
        assertThat(kit.getattr(created.node()).nlink).isEqualTo(1);
        assertThat(kit.read(kit.lookup(dir, "b"), 0, 10)).isEqualTo(pattern(10, 1));
    }

    @Test
    void linkRejectsDirectoriesAndExistingNames() {
        long dir = kit.mkdir(ROOT, "d");
        long file = kit.create(ROOT, "f").node();

        assertErrno(Errno.EPERM, () -> kit.link(dir, ROOT, "d2"));
        assertErrno(Errno.EEXIST, () -> kit.link(file, ROOT, "d"));
        assertErrno(Errno.ENOTDIR, () -> kit.link(file, file, "x"));
        assertErrno(Errno.EINVAL, () -> kit.link(file, ROOT, ".."));
    }

    @Test
    void unlinkedFileStaysUsableThroughItsOpenHandle() {
        MemoryTestKit.Created created = kit.create(ROOT, "f");
        long file = created.node();
        kit.write(file, 0, pattern(10_000, 2));
        long nodes = kit.usedNodes();

        kit.unlink(ROOT, "f");
        kit.fs.forget(file, 1);

        assertThat(kit.getattr(file).nlink).isZero();
        assertThat(kit.read(file, 0, 10_000)).isEqualTo(pattern(10_000, 2));
        kit.write(file, 10_000, pattern(100, 3));
        assertThat(kit.getattr(file).size).isEqualTo(10_100);
        assertThat(kit.usedNodes()).isEqualTo(nodes);
        assertThat(kit.names(ROOT)).isEmpty();

        kit.fs.flush(TestRequest.ROOT, file, created.fh(), 0);
        kit.fs.fsync(TestRequest.ROOT, file, created.fh(), true);
        kit.fs.release(TestRequest.ROOT, file, created.fh(), 0);

        assertThat(kit.usedNodes()).isEqualTo(nodes - 1);
        assertThat(kit.usedBlocks()).isZero();
        assertErrno(Errno.ESTALE, () -> kit.getattr(file));
    }

    @Test
    void forgetFreesOnlyWhenEveryLookupIsBack() {
        long file = kit.create(ROOT, "f").node();
        kit.fs.release(TestRequest.ROOT, file, 0, 0);
        kit.lookup(ROOT, "f");
        kit.lookup(ROOT, "f");
        kit.unlink(ROOT, "f");
        long nodes = kit.usedNodes();

        kit.fs.forget(file, 2);
        assertThat(kit.usedNodes()).isEqualTo(nodes);
        assertThat(kit.getattr(file).nlink).isZero();

        kit.fs.forget(file, 1);
        assertThat(kit.usedNodes()).isEqualTo(nodes - 1);
        kit.fs.forget(file, 1);
        kit.fs.forget(ROOT, 100);
        assertThat(kit.getattr(ROOT).nlink).isEqualTo(2);
    }

    @Test
    void forgetOfALinkedNodeKeepsIt() {
        long file = kit.create(ROOT, "f").node();
        kit.fs.release(TestRequest.ROOT, file, 0, 0);

        kit.fs.forget(file, 1);

        assertThat(kit.lookup(ROOT, "f")).isEqualTo(file);
    }

    @Test
    void nodeIdsAreNeverReused() {
        long first = kit.create(ROOT, "f").node();
        kit.fs.release(TestRequest.ROOT, first, 0, 0);
        kit.unlink(ROOT, "f");
        kit.fs.forget(first, 1);

        long second = kit.create(ROOT, "f").node();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void tmpfileIsUnnamedUntilLinked() {
        long dir = kit.mkdir(ROOT, "d");
        RecordedEntry entry = new RecordedEntry();
        RecordedOpen open = new RecordedOpen();

        kit.fs.tmpfile(TestRequest.ROOT, dir, FileMode.S_IFREG | 0600, 0, 0, entry, open);

        long file = entry.nodeId;
        assertThat(entry.attributes.nlink).isZero();
        assertThat(entry.attributes.mode).isEqualTo(FileMode.S_IFREG | 0600);
        assertThat(kit.names(dir)).isEmpty();
        kit.write(file, 0, pattern(50, 1));

        kit.link(file, dir, "named");

        assertThat(kit.getattr(file).nlink).isEqualTo(1);
        assertThat(kit.read(kit.lookup(dir, "named"), 0, 50)).isEqualTo(pattern(50, 1));
        kit.unlink(dir, "named");
        assertErrno(Errno.ENOENT, () -> kit.link(file, dir, "again"));
    }

    @Test
    void releasedTmpfileIsFreed() {
        RecordedEntry entry = new RecordedEntry();
        RecordedOpen open = new RecordedOpen();
        long nodes = kit.usedNodes();
        kit.fs.tmpfile(TestRequest.ROOT, ROOT, 0600, 0, 0, entry, open);
        kit.write(entry.nodeId, 0, pattern(5000, 1));

        kit.fs.release(TestRequest.ROOT, entry.nodeId, open.fh, 0);
        kit.fs.forget(entry.nodeId, 1);

        assertThat(kit.usedNodes()).isEqualTo(nodes);
        assertThat(kit.usedBlocks()).isZero();
    }

    @Test
    void symlinkStoresItsTargetAsGiven() {
        String target = "../some/ünïcode/target";
        long link = kit.symlink(ROOT, "l", target);

        RecordedAttributes attributes = kit.getattr(link);
        assertThat(attributes.mode).isEqualTo(FileMode.S_IFLNK | 0777);
        assertThat(attributes.size).isEqualTo(target.getBytes(StandardCharsets.UTF_8).length);
        assertThat(attributes.nlink).isEqualTo(1);
        assertThat(kit.fs.readlink(TestRequest.ROOT, link)).isEqualTo(target);
        assertThat(kit.readdirAll(ROOT).getLast().mode()).isEqualTo(FileMode.S_IFLNK);
        long file = kit.create(ROOT, "f").node();
        assertErrno(Errno.EINVAL, () -> kit.fs.readlink(TestRequest.ROOT, file));
        assertErrno(Errno.ENOENT, () -> kit.symlink(ROOT, "empty", ""));
        assertErrno(Errno.ENAMETOOLONG, () -> kit.symlink(ROOT, "long", "x".repeat(4096)));
        kit.symlink(ROOT, "longest", "x".repeat(4095));
    }

    @Test
    void mknodCreatesEveryFileType() {
        RecordedEntry regular = kit.mknod(ROOT, "reg", 0640, 0);
        RecordedEntry fifo = kit.mknod(ROOT, "fifo", FileMode.S_IFIFO | 0600, 0);
        RecordedEntry socket = kit.mknod(ROOT, "sock", FileMode.S_IFSOCK | 0600, 0);
        RecordedEntry chr = kit.mknod(ROOT, "chr", FileMode.S_IFCHR | 0600, 0x0103);
        RecordedEntry blk = kit.mknod(ROOT, "blk", FileMode.S_IFBLK | 0600, 0x0801);

        assertThat(regular.attributes.mode).isEqualTo(FileMode.S_IFREG | 0640);
        assertThat(fifo.attributes.mode).isEqualTo(FileMode.S_IFIFO | 0600);
        assertThat(socket.attributes.mode).isEqualTo(FileMode.S_IFSOCK | 0600);
        assertThat(chr.attributes.mode).isEqualTo(FileMode.S_IFCHR | 0600);
        assertThat(chr.attributes.rdev).isEqualTo(0x0103);
        assertThat(blk.attributes.rdev).isEqualTo(0x0801);
        assertThat(fifo.attributes.rdev).isZero();
        assertThat(kit.getattr(chr.nodeId).rdev).isEqualTo(0x0103);
        assertErrno(Errno.EPERM, () -> kit.mknod(ROOT, "dir", FileMode.S_IFDIR | 0755, 0));
        assertErrno(Errno.EINVAL, () -> kit.mknod(ROOT, "lnk", FileMode.S_IFLNK | 0777, 0));
        kit.write(regular.nodeId, 0, pattern(3, 1));
        assertThat(kit.read(regular.nodeId, 0, 3)).isEqualTo(pattern(3, 1));
    }

    @Test
    void createOpensAndFailsOnAnExistingName() {
        MemoryTestKit.Created created = kit.create(ROOT, "f", 0600);

        assertThat(created.fh()).isPositive();
        assertThat(created.entry().attributes.mode).isEqualTo(FileMode.S_IFREG | 0600);
        assertThat(created.entry().attributes.nlink).isEqualTo(1);
        assertErrno(Errno.EEXIST, () -> kit.create(ROOT, "f"));
        long other = kit.open(created.node(), 0);
        assertThat(other).isNotEqualTo(created.fh());
    }
}
