package dev.fusering.fs;

import static dev.fusering.fs.PassthroughNamespaceTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FALLOCATE and LSEEK ({@code SEEK_DATA}/{@code SEEK_HOLE}) of {@link PassthroughFilesystem}, called directly,
 * act on the source file through {@code fallocate(2)} and {@code lseek(2)}: every mode of the source's file
 * system (the test's temporary directory, ext4 on the build machines), including COLLAPSE_RANGE and
 * INSERT_RANGE which the kernel's FUSE client never sends, with the source's errno; holes of the source are
 * reported; a file with no name left falls back to its open channel; a name that now leads elsewhere is
 * never touched.
 */
class PassthroughFallocateTest {

    private static final TestRequest ROOT = TestRequest.ROOT;
    private static final int O_RDWR = 2;
    private static final int BLOCK = 4096;
    private static final int KEEP_SIZE = 0x01;
    private static final int PUNCH_HOLE = 0x02;
    private static final int COLLAPSE_RANGE = 0x08;
    private static final int ZERO_RANGE = 0x10;
    private static final int INSERT_RANGE = 0x20;
    private static final int UNSHARE_RANGE = 0x40;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    @TempDir
    Path dir;

    private PassthroughFilesystem fs;

    @BeforeEach
    void setUp() {
        fs = new PassthroughFilesystem(dir);
    }

    @AfterEach
    void tearDown() {
        fs.destroy();
    }

    @Test
    void collapseAndInsertRangeMoveTheBytesOfTheSource() throws IOException {
        Path f = blocks("f", 1, 2, 3, 4);
        long node = lookup("f");
        long fh = open(node);
        fs.fallocate(ROOT, node, fh, COLLAPSE_RANGE, BLOCK, BLOCK);
        assertThat(blockValues(f)).containsExactly(1, 3, 4);
        fs.fallocate(ROOT, node, fh, INSERT_RANGE, BLOCK, 2 * BLOCK);
        assertThat(blockValues(f)).containsExactly(1, 0, 0, 3, 4);
        assertThat(fs.lseek(ROOT, node, fh, BLOCK, SEEK_DATA)).as("the inserted range is a hole").isEqualTo(3 * BLOCK);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, COLLAPSE_RANGE, 100, BLOCK), Errno.EINVAL);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, COLLAPSE_RANGE, 4 * BLOCK, BLOCK), Errno.EINVAL);
        assertThat(blockValues(f)).containsExactly(1, 0, 0, 3, 4);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void punchHoleAndZeroRangeAreMirrored() throws IOException {
        Path f = blocks("f", 1, 2, 3, 4);
        long node = lookup("f");
        long fh = open(node);
        fs.fallocate(ROOT, node, fh, PUNCH_HOLE | KEEP_SIZE, BLOCK, BLOCK);
        assertThat(blockValues(f)).containsExactly(1, 0, 3, 4);
        assertThat(fs.lseek(ROOT, node, fh, 0, SEEK_HOLE)).as("the punched hole").isEqualTo(BLOCK);
        assertThat(fs.lseek(ROOT, node, fh, BLOCK, SEEK_DATA)).isEqualTo(2 * BLOCK);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, PUNCH_HOLE, 0, BLOCK), Errno.EOPNOTSUPP);
        fs.fallocate(ROOT, node, fh, ZERO_RANGE, 2 * BLOCK, BLOCK);
        assertThat(blockValues(f)).containsExactly(1, 0, 0, 4);
        fs.fallocate(ROOT, node, fh, ZERO_RANGE | KEEP_SIZE, 3 * BLOCK, 2 * BLOCK);
        assertThat(blockValues(f)).as("KEEP_SIZE").containsExactly(1, 0, 0, 0);
        fs.fallocate(ROOT, node, fh, ZERO_RANGE, 3 * BLOCK, 2 * BLOCK);
        assertThat(blockValues(f)).containsExactly(1, 0, 0, 0, 0);
        fs.fallocate(ROOT, node, fh, KEEP_SIZE, 5 * BLOCK, BLOCK);
        assertThat(Files.size(f)).isEqualTo(5 * BLOCK);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, UNSHARE_RANGE, 0, BLOCK), Errno.EOPNOTSUPP);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, 0, 0, 0), Errno.EINVAL);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void lseekReportsTheHolesOfTheSource() throws IOException {
        Path f = dir.resolve("sparse");
        try (FileChannel channel = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[BLOCK]).put(0, (byte) 7), 1 << 20);
        }
        long node = lookup("sparse");
        long fh = open(node);
        assertThat(fs.lseek(ROOT, node, fh, 0, SEEK_DATA)).as("skips the leading hole").isEqualTo(1 << 20);
        assertThat(fs.lseek(ROOT, node, fh, 0, SEEK_HOLE)).isZero();
        assertThat(fs.lseek(ROOT, node, fh, 1 << 20, SEEK_HOLE)).isEqualTo((1 << 20) + BLOCK);
        assertErrno(() -> fs.lseek(ROOT, node, fh, (1 << 20) + BLOCK, SEEK_DATA), Errno.ENXIO);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 2 << 20, SEEK_HOLE), Errno.ENXIO);
        assertErrno(() -> fs.lseek(ROOT, node, fh, -1, SEEK_DATA), Errno.ENXIO);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void aFileWithNoNameLeftFallsBackToItsChannel() throws IOException {
        blocks("f", 1);
        long node = lookup("f");
        long fh = open(node);
        fs.unlink(ROOT, Filesystem.ROOT_ID, TestName.of("f"));
        fs.fallocate(ROOT, node, fh, 0, BLOCK, BLOCK);
        assertThat(fs.openFile(fh).io(FileChannel::size)).isEqualTo(2 * BLOCK);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, PUNCH_HOLE | KEEP_SIZE, 0, BLOCK), Errno.EOPNOTSUPP);
        assertThat(fs.lseek(ROOT, node, fh, 10, SEEK_DATA)).isEqualTo(10);
        assertThat(fs.lseek(ROOT, node, fh, 10, SEEK_HOLE)).isEqualTo(2 * BLOCK);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 2 * BLOCK, SEEK_DATA), Errno.ENXIO);
        fs.release(ROOT, node, fh, 0);
    }

    @Test
    void aNameThatNowLeadsElsewhereIsNotTouched() throws IOException {
        blocks("f", 1, 2);
        long node = lookup("f");
        long fh = open(node);
        Path other = blocks("other", 5, 6);
        Files.move(other, dir.resolve("f"), StandardCopyOption.REPLACE_EXISTING);
        assertErrno(() -> fs.fallocate(ROOT, node, fh, PUNCH_HOLE | KEEP_SIZE, 0, BLOCK), Errno.EIO);
        assertErrno(() -> fs.lseek(ROOT, node, fh, 0, SEEK_HOLE), Errno.EIO);
        assertThat(blockValues(dir.resolve("f"))).containsExactly(5, 6);

        Path target = blocks("target", 8, 9);
        Files.delete(dir.resolve("f"));
        Files.createSymbolicLink(dir.resolve("f"), target.getFileName());
        assertErrno(() -> fs.fallocate(ROOT, node, fh, PUNCH_HOLE | KEEP_SIZE, 0, BLOCK), Errno.ELOOP);
        assertThat(blockValues(target)).as("the link is not followed").containsExactly(8, 9);
        fs.release(ROOT, node, fh, 0);
    }

    /** Creates a file of whole blocks, each filled with its value. */
    private Path blocks(String name, int... values) throws IOException {
        byte[] bytes = new byte[values.length * BLOCK];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(bytes, i * BLOCK, (i + 1) * BLOCK, (byte) values[i]);
        }
        return Files.write(dir.resolve(name), bytes);
    }

    /** Returns the value of each block of a file, or -1 for a block whose bytes differ. */
    private static int[] blockValues(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes.length % BLOCK).as("whole blocks").isZero();
        int[] values = new int[bytes.length / BLOCK];
        for (int i = 0; i < values.length; i++) {
            byte first = bytes[i * BLOCK];
            values[i] = first;
            for (int j = i * BLOCK; j < (i + 1) * BLOCK; j++) {
                if (bytes[j] != first) {
                    values[i] = -1;
                }
            }
        }
        return values;
    }

    private long lookup(String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, Filesystem.ROOT_ID, TestName.of(name), entry);
        return entry.nodeId;
    }

    private long open(long node) {
        RecordedOpen open = new RecordedOpen();
        fs.open(ROOT, node, O_RDWR, open);
        return open.fh;
    }
}
