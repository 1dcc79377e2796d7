package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/** Regular file contents of {@link MemoryFilesystem}: read, write, holes, truncate, fallocate, seek, copy. */
class MemoryFileDataTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final long TIB = 1L << 40;
    private static final int KEEP_SIZE = 1;
    private static final int PUNCH_HOLE = 2;
    private static final int ZERO_RANGE = 16;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem());

    @Test
    void writtenBytesReadBackAndReadsStopAtEndOfFile() {
        long file = kit.create(ROOT, "f").node();
        byte[] data = pattern(10_000, 1);

        assertThat(kit.write(file, 0, data)).isEqualTo(10_000);

        assertThat(kit.read(file, 0, 10_000)).isEqualTo(data);
        assertThat(kit.read(file, 9_000, 4096)).isEqualTo(Arrays.copyOfRange(data, 9_000, 10_000));
        assertThat(kit.read(file, 10_000, 100)).isEmpty();
        assertThat(kit.read(file, 50_000, 100)).isEmpty();
        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(10_000);
        assertThat(attributes.blocks).isEqualTo(3 * 8);
        assertThat(attributes.blksize).isEqualTo(4096);
    }

    @Test
    void overwriteInTheMiddleKeepsTheRest() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(8192, 1));
        kit.write(file, 4000, pattern(200, 2));

        byte[] expected = pattern(8192, 1);
        System.arraycopy(pattern(200, 2), 0, expected, 4000, 200);
        assertThat(kit.read(file, 0, 8192)).isEqualTo(expected);
        assertThat(kit.getattr(file).size).isEqualTo(8192);
    }

    @Test
    void writeAtOneTebibyteAllocatesOneChunkAndHolesReadAsZeros() {
        long file = kit.create(ROOT, "sparse").node();
        long usedBefore = kit.usedBlocks();

        kit.write(file, TIB, pattern(100, 3));

        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(TIB + 100);
        assertThat(attributes.blocks).isEqualTo(8);
        assertThat(kit.usedBlocks() - usedBefore).isEqualTo(1);
        assertThat(kit.read(file, 0, 65536)).containsOnly(0);
        assertThat(kit.read(file, TIB - 10, 10)).containsOnly(0);
        assertThat(kit.read(file, TIB, 100)).isEqualTo(pattern(100, 3));
    }

    @Test
    void writeAcrossAChunkBoundaryUsesTwoChunks() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 4090, pattern(12, 4));

        assertThat(kit.getattr(file).blocks).isEqualTo(16);
        assertThat(kit.read(file, 4090, 12)).isEqualTo(pattern(12, 4));
        assertThat(kit.read(file, 0, 4090)).containsOnly(0);
    }

    @Test
    void truncateDownDropsDataAndTruncateUpAddsZeros() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(20_000, 5));

        kit.truncate(file, 5_000);
        assertThat(kit.getattr(file).size).isEqualTo(5_000);
        assertThat(kit.getattr(file).blocks).isEqualTo(2 * 8);
        assertThat(kit.read(file, 0, 20_000)).isEqualTo(Arrays.copyOf(pattern(20_000, 5), 5_000));

        kit.truncate(file, 30_000);
        assertThat(kit.getattr(file).size).isEqualTo(30_000);
        assertThat(kit.getattr(file).blocks).isEqualTo(2 * 8);
        byte[] grown = kit.read(file, 0, 30_000);
        assertThat(Arrays.copyOf(grown, 5_000)).isEqualTo(Arrays.copyOf(pattern(20_000, 5), 5_000));
        assertThat(Arrays.copyOfRange(grown, 5_000, 30_000)).containsOnly(0);

        kit.truncate(file, 0);
        assertThat(kit.getattr(file).blocks).isZero();
        assertThat(kit.usedBlocks()).isZero();
    }

    @Test
    void truncateChecksSizeAndType() {
        long file = kit.create(ROOT, "f").node();
        long dir = kit.mkdir(ROOT, "d");
        long link = kit.symlink(ROOT, "l", "f");

        assertErrno(Errno.EFBIG, () -> kit.truncate(file, (1L << 53) + 1));
        assertErrno(Errno.EINVAL, () -> kit.truncate(file, -1));
        assertErrno(Errno.EISDIR, () -> kit.truncate(dir, 0));
        assertErrno(Errno.EINVAL, () -> kit.truncate(link, 0));
        kit.truncate(file, 1L << 53);
        assertThat(kit.getattr(file).size).isEqualTo(1L << 53);
    }

    @Test
    void writesStopAtTheMaximumFileSize() {
        long file = kit.create(ROOT, "f").node();
        long max = 1L << 53;

        assertErrno(Errno.EFBIG, () -> kit.write(file, max, pattern(10, 1)));
        assertThat(kit.write(file, max - 4, pattern(10, 1))).isEqualTo(4);
        assertThat(kit.getattr(file).size).isEqualTo(max);
    }

    @Test
    void fallocateAllocatesAndExtends() {
        long file = kit.create(ROOT, "f").node();

        kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, 0, 10_000);

        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(10_000);
        assertThat(attributes.blocks).isEqualTo(3 * 8);
        assertThat(kit.read(file, 0, 10_000)).containsOnly(0);
        assertThat(kit.usedBlocks()).isEqualTo(3);
    }

    @Test
    void fallocateKeepSizeAllocatesBeyondTheEnd() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(100, 1));

        kit.fs.fallocate(TestRequest.ROOT, file, 0, KEEP_SIZE, 0, 1 << 20);

        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(100);
        assertThat(attributes.blocks).isEqualTo(256 * 8);
        assertThat(kit.read(file, 0, 4096)).isEqualTo(pattern(100, 1));

        kit.truncate(file, 50);
        assertThat(kit.getattr(file).blocks).isEqualTo(8);
    }

    @Test
    void punchHoleFreesWholeChunksAndZeroesPartialOnes() {
        long file = kit.create(ROOT, "f").node();
        byte[] data = pattern(5 * 4096, 6);
        kit.write(file, 0, data);

        kit.fs.fallocate(TestRequest.ROOT, file, 0, PUNCH_HOLE | KEEP_SIZE, 100, 3 * 4096);

        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(5 * 4096);
        assertThat(attributes.blocks).isEqualTo(3 * 8);
        byte[] expected = data.clone();
        Arrays.fill(expected, 100, 100 + 3 * 4096, (byte) 0);
        assertThat(kit.read(file, 0, 5 * 4096)).isEqualTo(expected);
    }

    @Test
    void punchHoleWithoutKeepSizeAndUnknownModesAreNotSupported() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(4096, 1));

        assertErrno(Errno.EOPNOTSUPP, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, PUNCH_HOLE, 0, 10));
        for (int mode : new int[] {8, 32, 64, ZERO_RANGE | PUNCH_HOLE, 128}) {
            assertErrno(Errno.EOPNOTSUPP, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, mode, 0, 10));
        }
        assertErrno(Errno.EINVAL, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, 0, 0));
        assertErrno(Errno.EINVAL, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, -1, 10));
        assertErrno(Errno.EFBIG, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, 1L << 53, 1));
        long dir = kit.mkdir(ROOT, "d");
        assertErrno(Errno.EISDIR, () -> kit.fs.fallocate(TestRequest.ROOT, dir, 0, 0, 0, 10));
        long fifo = kit.mknod(ROOT, "p", FileMode.S_IFIFO | 0644, 0).nodeId;
        assertErrno(Errno.ENODEV, () -> kit.fs.fallocate(TestRequest.ROOT, fifo, 0, 0, 0, 10));
    }

    @Test
    void zeroRangeZeroesKeepsAllocationAndExtends() {
        long file = kit.create(ROOT, "f").node();
        byte[] data = pattern(3 * 4096, 7);
        kit.write(file, 0, data);

        kit.fs.fallocate(TestRequest.ROOT, file, 0, ZERO_RANGE, 10, 5 * 4096);

        RecordedAttributes attributes = kit.getattr(file);
        assertThat(attributes.size).isEqualTo(10 + 5 * 4096);
        assertThat(attributes.blocks).isEqualTo(6 * 8);
        byte[] read = kit.read(file, 0, (int) attributes.size);
        assertThat(Arrays.copyOf(read, 10)).isEqualTo(Arrays.copyOf(data, 10));
        assertThat(Arrays.copyOfRange(read, 10, read.length)).containsOnly(0);

        kit.fs.fallocate(TestRequest.ROOT, file, 0, ZERO_RANGE | KEEP_SIZE, 0, 1 << 20);
        assertThat(kit.getattr(file).size).isEqualTo(10 + 5 * 4096);
        assertThat(kit.getattr(file).blocks).isEqualTo(256 * 8);
        assertThat(kit.read(file, 0, 100)).containsOnly(0);
    }

    @Test
    void seekDataAndSeekHoleFollowChunks() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(4096, 1));
        kit.write(file, 1 << 20, pattern(10, 1));
        long size = (1 << 20) + 10;

        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 0, SEEK_DATA)).isZero();
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 100, SEEK_DATA)).isEqualTo(100);
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 0, SEEK_HOLE)).isEqualTo(4096);
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 4096, SEEK_DATA)).isEqualTo(1 << 20);
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 5000, SEEK_HOLE)).isEqualTo(5000);
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 1 << 20, SEEK_HOLE)).isEqualTo(size);
        assertErrno(Errno.ENXIO, () -> kit.fs.lseek(TestRequest.ROOT, file, 0, size, SEEK_DATA));
        assertErrno(Errno.ENXIO, () -> kit.fs.lseek(TestRequest.ROOT, file, 0, size, SEEK_HOLE));
        assertErrno(Errno.EINVAL, () -> kit.fs.lseek(TestRequest.ROOT, file, 0, 0, 7));

        kit.truncate(file, 3 << 20);
        assertErrno(Errno.ENXIO, () -> kit.fs.lseek(TestRequest.ROOT, file, 0, 2 << 20, SEEK_DATA));
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 2 << 20, SEEK_HOLE)).isEqualTo(2 << 20);
    }

    @Test
    void preallocatedSpaceIsAHoleForSeek() {
        long file = kit.create(ROOT, "f").node();
        kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, 0, 8192);
        kit.write(file, 8192, pattern(10, 1));

        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 0, SEEK_DATA)).isEqualTo(8192);
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 0, SEEK_HOLE)).isZero();
        kit.write(file, 0, pattern(10, 1));
        assertThat(kit.fs.lseek(TestRequest.ROOT, file, 0, 0, SEEK_HOLE)).isEqualTo(4096);
    }

    @Test
    void copyFileRangeCopiesDataAndKeepsHoles() {
        long source = kit.create(ROOT, "src").node();
        long target = kit.create(ROOT, "dst").node();
        kit.write(source, 0, pattern(5000, 8));
        kit.write(source, 1 << 30, pattern(5000, 9));
        long sourceSize = (1L << 30) + 5000;

        long copied = kit.fs.copyFileRange(TestRequest.ROOT, source, 0, 0, target, 0, 100, Long.MAX_VALUE, 0);

        assertThat(copied).isEqualTo(sourceSize);
        RecordedAttributes attributes = kit.getattr(target);
        assertThat(attributes.size).isEqualTo(100 + sourceSize);
        assertThat(attributes.blocks).isLessThanOrEqualTo(6 * 8);
        assertThat(kit.read(target, 100, 5000)).isEqualTo(pattern(5000, 8));
        assertThat(kit.read(target, 100 + (1L << 30), 5000)).isEqualTo(pattern(5000, 9));
        assertThat(kit.read(target, 0, 100)).containsOnly(0);
        assertThat(kit.read(target, 1 << 20, 4096)).containsOnly(0);
    }

    @Test
    void copyFileRangeOverwritesTargetDataWithSourceHoles() {
        long source = kit.create(ROOT, "src").node();
        long target = kit.create(ROOT, "dst").node();
        kit.truncate(source, 8192);
        kit.write(target, 0, pattern(8192, 1));

        assertThat(kit.fs.copyFileRange(TestRequest.ROOT, source, 0, 0, target, 0, 0, 8192, 0)).isEqualTo(8192);
        assertThat(kit.read(target, 0, 8192)).containsOnly(0);
    }

    @Test
    void copyFileRangeWithinOneFileRejectsOverlapAndStopsAtTheEnd() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(1000, 2));

        assertErrno(Errno.EINVAL, () -> kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 0, file, 0, 500, 1000, 0));
        assertThat(kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 0, file, 0, 1000, 5000, 0)).isEqualTo(1000);
        assertThat(kit.read(file, 1000, 1000)).isEqualTo(pattern(1000, 2));
        assertThat(kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 5000, file, 0, 0, 10, 0)).isZero();
        assertErrno(Errno.EINVAL, () -> kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 0, file, 0, 3000, 10, 1));
        long dir = kit.mkdir(ROOT, "d");
        assertErrno(Errno.EISDIR, () -> kit.fs.copyFileRange(TestRequest.ROOT, dir, 0, 0, file, 0, 3000, 10, 0));
    }

    @Test
    void writesByNonRootOrWithKillFlagClearSetuidAndGroupExecutableSetgid() {
        long file = kit.create(ROOT, "f").node();
        kit.setattr(file, new TestSetattr().mode(06755));

        kit.write(file, 0, pattern(10, 1));
        assertThat(kit.getattr(file).mode & 07777).isEqualTo(06755);

        kit.write(file, 0, pattern(10, 1), 4);
        assertThat(kit.getattr(file).mode & 07777).isEqualTo(0755);

        kit.setattr(file, new TestSetattr().mode(06745));
        kit.request = new TestRequest(1000, 1000);
        kit.write(file, 0, pattern(10, 1));
        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 02745);
    }

    @Test
    void openWithTruncTruncates() {
        MemoryTestKit.Created created = kit.create(ROOT, "f");
        kit.write(created.node(), 0, pattern(10_000, 1));

        kit.open(created.node(), 01000 | 1);

        assertThat(kit.getattr(created.node()).size).isZero();
        assertThat(kit.usedBlocks()).isZero();
    }

    @Test
    void dataOperationsRejectNonRegularNodes() {
        long dir = kit.mkdir(ROOT, "d");
        long link = kit.symlink(ROOT, "l", "d");

        assertErrno(Errno.EISDIR, () -> kit.read(dir, 0, 10));
        assertErrno(Errno.EISDIR, () -> kit.write(dir, 0, pattern(1, 1)));
        assertErrno(Errno.EINVAL, () -> kit.read(link, 0, 10));
        assertErrno(Errno.ESTALE, () -> kit.read(12345, 0, 10));
    }
}
