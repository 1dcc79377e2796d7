package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryListing;
import dev.fusering.api.DispatchMode;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Directories served from a pre-encoded {@link DirectoryListing} (BenchFilesystem's {@code /d} of 10,000 names)
 * list completely and in order through the kernel, on both transports, across the many READDIR requests of one
 * listing (each resuming at the offset of the last record), and the same entries served one by one give the
 * same {@code ls -f}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectoryListingMountTest {

    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /**
     * The same entries as BenchFilesystem's {@code /d}, added one by one (no listing). Not a
     * ForwardingFilesystem: that would negotiate READDIRPLUS, which BenchFilesystem does not implement.
     */
    static final class EntryByEntry implements Filesystem {
        private final BenchFilesystem bench = new BenchFilesystem();

        @Override
        public void lookup(Request request, long parent, FileName name, EntryReply reply) {
            bench.lookup(request, parent, name, reply);
        }

        @Override
        public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
            bench.getattr(request, nodeId, fh, reply);
        }

        @Override
        public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
            bench.opendir(request, nodeId, flags, reply);
        }

        @Override
        public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
            if (nodeId != BenchFilesystem.DIR_ID) {
                bench.readdir(request, nodeId, fh, offset, filler);
                return;
            }
            for (long k = Math.max(0, offset); k < BenchFilesystem.FILE_COUNT + 2L; k++) {
                String name = k == 0 ? "." : k == 1 ? ".." : String.format("f%05d", k - 2);
                long ino = k == 0 ? BenchFilesystem.DIR_ID : k == 1 ? ROOT_ID : BenchFilesystem.FIRST_FILE_ID + k - 2;
                if (!filler.add(ino, name, k < 2 ? FileMode.S_IFDIR : FileMode.S_IFREG, k + 1)) {
                    return;
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void tenThousandNamesListInOrderLikeEntryByEntry(Transport transport) throws Exception {
        TestMounts.assumeCanMount(transport);
        List<String> expected = new ArrayList<>(List.of(".", ".."));
        for (int i = 0; i < BenchFilesystem.FILE_COUNT; i++) {
            expected.add(String.format("f%05d", i));
        }
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new BenchFilesystem(), transport, DispatchMode.AUTO)) {
            Shell.Result ls = Shell.run(SHELL_TIMEOUT, List.of("ls", "-f", "-1", mount.path("d").toString()));
            assertThat(ls.ok()).as(ls.stderr()).isTrue();
            assertThat(ls.stdout().lines().toList()).isEqualTo(expected);
            try (Stream<Path> files = Files.list(mount.path("d"))) {
                assertThat(files.count()).isEqualTo(BenchFilesystem.FILE_COUNT);
            }
            Shell.Result root = Shell.run(SHELL_TIMEOUT, List.of("ls", "-f", "-1", mount.path("").toString()));
            assertThat(root.stdout().lines().toList()).containsExactly(".", "..", "big", "sink", "d");
        }
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new EntryByEntry(), transport,
                DispatchMode.AUTO)) {
            Shell.Result ls = Shell.run(SHELL_TIMEOUT, List.of("ls", "-f", "-1", mount.path("d").toString()));
            assertThat(ls.stdout().lines().toList()).as("entry by entry").isEqualTo(expected);
        }
    }
}
