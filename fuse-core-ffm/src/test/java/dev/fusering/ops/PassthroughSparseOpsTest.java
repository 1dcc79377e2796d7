package dev.fusering.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.FuseOperation;
import dev.fusering.api.Transport;
import dev.fusering.fs.PassthroughFilesystem;
import dev.fusering.testing.TestMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * fallocate modes and SEEK_DATA/SEEK_HOLE on a {@link PassthroughFilesystem} mount over a directory of the
 * real disk (the test's temporary directory, ext4 on the build machines) give exactly what they give in
 * another directory of that disk: punched holes read as zeros and are found by SEEK_HOLE, a leading hole is
 * skipped by SEEK_DATA, ZERO_RANGE and KEEP_SIZE behave as on the disk, and the disk's errno comes back
 * (ENXIO past the end, EOPNOTSUPP for PUNCH_HOLE without KEEP_SIZE, ...). Runs {@code sparse_probe.py}, and
 * the fallocate and lseek steps of {@code file_ops_probe.py} that {@link FileOpsTest} runs on a
 * {@code MemoryFilesystem}.
 */
@Timeout(60)
class PassthroughSparseOpsTest {

    /** The first and the last fallocate/lseek step of {@code file_ops_probe.py}. */
    private static final String FIRST_STEP = "zero range ";
    private static final String LAST_STEP = "unshare range ";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void sparseFilesAndFallocateModesBehaveLikeTheDisk(Transport transport) throws Exception {
        Path reference = Files.createDirectory(tmp.resolve("disk"));
        List<String> disk = OpsMounts.python(tmp, "sparse_probe.py", reference.toString());
        assertThat(disk).as("the reference directory is on a file system with holes").contains(
            "sparse data from 0 = 1048576", "hole found = 8192", "punched reads = 00000000 00000000");
        Path source = Files.createDirectory(tmp.resolve("source"));
        OpCounter counter = new OpCounter();
        List<String> mounted;
        try (TestMounts.Mount m = OpsMounts.mount(tmp, new PassthroughFilesystem(source), transport, counter)) {
            mounted = OpsMounts.python(tmp, "sparse_probe.py", m.dir().toString());
            assertThat(counter.count(FuseOperation.LSEEK)).as("every SEEK_DATA/SEEK_HOLE reached the filesystem")
                .isGreaterThanOrEqualTo(11);
            assertThat(counter.count(FuseOperation.FALLOCATE)).as("the modes the kernel passes on").isPositive();
        }
        assertThat(mounted).containsExactlyElementsOf(disk);
        try (var fd = Files.newByteChannel(source.resolve("sparse"))) {
            assertThat(fd.size()).as("the source file itself was written").isEqualTo((2 << 20) + 4096);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void theFallocateAndSeekStepsOfTheFileOpsProbeBehaveLikeTheDisk(Transport transport) throws Exception {
        List<String> disk = fallocateSteps(
            OpsMounts.python(tmp, "file_ops_probe.py", Files.createDirectory(tmp.resolve("disk")).toString()));
        assertThat(disk).hasSizeGreaterThan(8);
        Path source = Files.createDirectory(tmp.resolve("source"));
        try (TestMounts.Mount m = OpsMounts.mount(tmp, new PassthroughFilesystem(source), transport, new OpCounter())) {
            List<String> mounted = fallocateSteps(OpsMounts.python(tmp, "file_ops_probe.py", m.dir().toString()));
            assertThat(mounted).containsExactlyElementsOf(disk);
        }
    }

    /** Returns the lines of {@code file_ops_probe.py} from its first to its last fallocate/lseek step. */
    private static List<String> fallocateSteps(List<String> lines) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (from < 0 && lines.get(i).startsWith(FIRST_STEP)) {
                from = i;
            }
            if (lines.get(i).startsWith(LAST_STEP)) {
                to = i;
            }
        }
        assertThat(from).as("first fallocate step in %s", lines).isNotNegative();
        assertThat(to).as("last fallocate step in %s", lines).isGreaterThan(from);
        return lines.subList(from, to + 1);
    }
}
