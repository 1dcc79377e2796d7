package dev.fusering.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseOperation;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.TestMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * copy_file_range, O_TMPFILE + linkat, syncfs, fallocate modes (ZERO_RANGE, PUNCH_HOLE, an unsupported
 * one), SEEK_DATA/SEEK_HOLE and renameat2 flags on a {@link MemoryFilesystem} mount give exactly what
 * they give in a directory on the real disk (ext4), and reach the filesystem as the expected opcodes:
 * COPY_FILE_RANGE_64 (which a 7.45 kernel sends first), TMPFILE, FALLOCATE, LSEEK and RENAME2. SYNCFS
 * is never sent on a /dev/fuse mount (the kernel only sends it for virtiofs), so syncfs(2) just succeeds.
 * Without {@code copyFileRange} the kernel tries COPY_FILE_RANGE_64, then COPY_FILE_RANGE, remembers both
 * ENOSYS answers and copies through READ and WRITE, with the same result.
 */
@Timeout(60)
class FileOpsTest {

    @TempDir
    Path tmp;

    private List<String> onDisk() throws Exception {
        return OpsMounts.python(tmp, "file_ops_probe.py", Files.createDirectory(tmp.resolve("disk")).toString());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void behavesLikeTheDiskAndUsesTheDedicatedOpcodes(Transport transport) throws Exception {
        List<String> disk = onDisk();
        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, new MemoryFilesystem(), transport, counter)) {
            List<String> mounted = OpsMounts.python(tmp, "file_ops_probe.py", m.dir().toString());
            assertThat(mounted).containsExactlyElementsOf(disk);
            assertThat(mounted).contains("copy equal = True", "tmpfile = False b'anonymous' 0o600", "syncfs = 0",
                    "unshare range ! ENOTSUP", "exchanged = b'BA'");
            assertThat(counter.count(FuseOperation.COPY_FILE_RANGE_64))
                    .as("the two copies inside the source; the kernel answers a copy from past EOF itself").isEqualTo(2);
            assertThat(counter.count(FuseOperation.COPY_FILE_RANGE)).isZero();
            assertThat(counter.count(FuseOperation.TMPFILE)).isEqualTo(1);
            assertThat(counter.count(FuseOperation.SYNCFS)).as("not sent on a /dev/fuse mount").isZero();
            assertThat(counter.count(FuseOperation.FALLOCATE)).as("UNSHARE_RANGE is refused by the kernel")
                    .isEqualTo(4);
            assertThat(counter.count(FuseOperation.LSEEK)).isEqualTo(2);
            assertThat(counter.count(FuseOperation.RENAME2))
                    .as("the VFS refuses NOREPLACE onto an existing name itself").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void withoutCopyFileRangeTheKernelCopiesThroughReadAndWrite(Transport transport) throws Exception {
        List<String> disk = onDisk();
        ForwardingFilesystem fs = new ForwardingFilesystem(new MemoryFilesystem()) {
            @Override
            public long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut,
                                      long fhOut, long offsetOut, long length, int flags) {
                throw FuseException.of(Errno.ENOSYS);
            }
        };
        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, fs, transport, counter)) {
            List<String> mounted = OpsMounts.python(tmp, "file_ops_probe.py", m.dir().toString());
            assertThat(mounted).containsExactlyElementsOf(disk);
            assertThat(counter.count(FuseOperation.COPY_FILE_RANGE_64)).as("tried once, ENOSYS remembered")
                    .isEqualTo(1);
            assertThat(counter.count(FuseOperation.COPY_FILE_RANGE)).as("then the 32-bit opcode, also remembered")
                    .isEqualTo(1);
        }
    }
}
