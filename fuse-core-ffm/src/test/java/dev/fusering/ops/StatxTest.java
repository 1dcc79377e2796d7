package dev.fusering.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseOperation;
import dev.fusering.api.Request;
import dev.fusering.api.StatxReply;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * STATX on a real mount: {@code stat -c %W} (coreutils 9.1 asks statx(2) for the birth time) makes the
 * kernel send FUSE_STATX, and the memory filesystem's birth time comes back as on ext4; a statx(2)
 * without STATX_BTIME ({@code stat -c %Y}) stays a GETATTR (note that the JDK's {@code Files} API asks
 * for the birth time too, so it causes STATX); and a filesystem without {@code statx} makes the kernel fall back to GETATTR for good
 * (birth time 0, "unknown"), after a single STATX.
 */
@Timeout(60)
class StatxTest {

    @TempDir
    Path tmp;

    /** Runs {@code stat -c FORMAT} (coreutils builds the statx(2) mask from the format) and returns its output. */
    private static String stat(String format, Path file) {
        Shell.Result r = Shell.run(Duration.ofSeconds(10), List.of("stat", "-c", format, file.toString()));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return r.stdout().strip();
    }

    /** The birth time by {@code stat -c '%W %Y'}: statx(2) with STATX_BTIME | STATX_MTIME. */
    private static long birth(Path file) {
        return Long.parseLong(stat("%W %Y", file).split(" ")[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void birthTimeComesFromStatx(Transport transport) throws Exception {
        Path disk = Files.writeString(tmp.resolve("disk-file"), "x");
        assertThat(birth(disk)).as("ext4 reports a birth time").isPositive();

        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, new MemoryFilesystem(), transport, counter)) {
            long before = Instant.now().getEpochSecond();
            Path file = Files.writeString(m.path("file"), "x");
            long after = Instant.now().getEpochSecond();
            Thread.sleep(1_100);
            Files.writeString(file, "changed");

            long btime = birth(file);
            assertThat(btime).as("birth time of the memory file").isBetween(before, after);
            assertThat(counter.count(FuseOperation.STATX)).isPositive();
            assertThat(Files.getLastModifiedTime(file).toInstant().getEpochSecond())
                    .as("mtime moved on, the birth time did not").isGreaterThan(btime);

            long statx = counter.count(FuseOperation.STATX);
            long getattr = counter.count(FuseOperation.GETATTR);
            stat("%Y", file);
            assertThat(counter.count(FuseOperation.STATX)).as("statx(2) without btime is no STATX").isEqualTo(statx);
            assertThat(counter.count(FuseOperation.GETATTR)).isGreaterThan(getattr);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void withoutStatxTheKernelFallsBackToGetattr(Transport transport) throws Exception {
        ForwardingFilesystem fs = new ForwardingFilesystem(new MemoryFilesystem()) {
            @Override
            public void statx(Request request, long nodeId, long fh, int flags, int mask, StatxReply reply) {
                throw FuseException.of(Errno.ENOSYS);
            }
        };
        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, fs, transport, counter)) {
            Path file = Files.writeString(m.path("file"), "x");
            assertThat(birth(file)).as("no birth time").isZero();
            long getattr = counter.count(FuseOperation.GETATTR);
            assertThat(birth(file)).isZero();
            assertThat(counter.count(FuseOperation.STATX)).as("ENOSYS is remembered (fc->no_statx)").isEqualTo(1);
            assertThat(counter.count(FuseOperation.GETATTR)).isGreaterThan(getattr);
        }
    }
}
