package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves which transport really carries the requests. On io_uring every request except FORGET,
 * BATCH_FORGET and INTERRUPT (which the kernel only sends through {@code /dev/fuse}) arrives through ring
 * entries; on the classic transport nothing does. Processes pinned to either CPU (so to either io_uring
 * queue) are served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingProofTest {

    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.fusering.testing.TransportMatrix#all")
    void requestsTravelTheChosenTransport(Transport transport, DispatchMode dispatch) throws Exception {
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new MemoryFilesystem(), transport, dispatch)) {
            assertThat(mount.session().transport()).isEqualTo(transport);
            assertThat(fsType(mount.dir())).as("fs type in /proc/self/mountinfo").matches("fuse(\\..+)?");
            if (transport == Transport.IO_URING) {
                assertThat(mount.session().queues()).as("one queue per possible CPU").isEqualTo(possibleCpus());
            } else {
                assertThat(mount.session().queues()).isZero();
            }

            Path dir = Files.createDirectory(mount.path("d"));
            for (int i = 0; i < 50; i++) {
                Files.writeString(dir.resolve("f" + i), "file " + i);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(Files.readString(dir.resolve("f" + i))).isEqualTo("file " + i);
            }
            try (var s = Files.list(dir)) {
                assertThat(s.count()).isEqualTo(50);
            }

            for (int cpu = 0; cpu < Math.min(2, possibleCpus()); cpu++) {
                long before = mount.session().stats().ringRequests() + mount.session().stats().devFuseRequests();
                Shell.Result r = Shell.run(SHELL_TIMEOUT, List.of("taskset", "-c", Integer.toString(cpu), "sh", "-c",
                        "stat -c %s '" + dir.resolve("f7") + "' && cat '" + dir.resolve("f7") + "' && echo "
                                + "&& ls '" + dir + "' | wc -l"));
                assertThat(r.exitCode()).as("process pinned to CPU %d: %s", cpu, r.stderr()).isZero();
                assertThat(r.stdout()).isEqualTo("6\nfile 7\n50\n");
                SessionStats after = mount.session().stats();
                assertThat(after.ringRequests() + after.devFuseRequests()).as("requests served for CPU %d", cpu)
                        .isGreaterThan(before);
            }

            for (int i = 0; i < 50; i++) {
                Files.delete(dir.resolve("f" + i));
            }
            // unlinked inodes are evicted at once, and the kernel then sends FORGETs through /dev/fuse
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> mount.session().stats().forgets() > 0))
                    .as("FORGETs arrive for unlinked files: %s", mount.session().stats()).isTrue();

            SessionStats stats = mount.session().stats();
            assertThat(stats.internalErrors()).as("%s", stats).isZero();
            if (transport == Transport.IO_URING) {
                assertThat(stats.ringRequests()).as("%s", stats).isGreaterThan(300);
                assertThat(stats.devFuseRequests()).as("only FORGET/BATCH_FORGET/INTERRUPT through /dev/fuse: %s",
                        stats).isPositive().isLessThanOrEqualTo(stats.forgets() + stats.interrupts());
            } else {
                assertThat(stats.ringRequests()).as("%s", stats).isZero();
                assertThat(stats.devFuseRequests()).as("%s", stats).isGreaterThan(300);
            }
        }
    }

    /** @return the filesystem type of the mount at {@code dir} in /proc/self/mountinfo */
    private static String fsType(Path dir) throws IOException {
        String target = " " + dir.toAbsolutePath().normalize() + " ";
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(target)) {
                String afterSeparator = line.substring(line.indexOf(" - ") + 3);
                return afterSeparator.split(" ")[0];
            }
        }
        throw new AssertionError(dir + " is not in /proc/self/mountinfo");
    }

    /** @return the number of possible CPUs, from /sys/devices/system/cpu/possible (e.g. "0-1") */
    private static int possibleCpus() throws IOException {
        int count = 0;
        for (String range : Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim().split(",")) {
            String[] ends = range.split("-");
            count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        return count;
    }
}
