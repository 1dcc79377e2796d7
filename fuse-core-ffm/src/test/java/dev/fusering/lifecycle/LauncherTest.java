package dev.fusering.lifecycle;

import dev.fusering.api.Transport;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.TestMounts;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code dev.fusering.cli.Main}) in a child JVM: the one {@code mounted} line, serving,
 * graceful exit 0 on SIGTERM and SIGINT (also under heavy I/O), the classic transport, passthrough, and
 * usage errors (exit 2).
 */
@Timeout(120)
class LauncherTest {

    private static final Duration MOUNT_WAIT = Duration.ofSeconds(20);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    @Test
    void memoryServesAndExitsOnSigterm() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            String line = awaitMounted(launcher);
            int cpus = Mounts.possibleCpus();
            assertThat(line).as(launcher.describe())
                    .isEqualTo("mounted " + mnt + " transport=io-uring queues=" + cpus + " workers=" + cpus);

            Files.writeString(mnt.resolve("hello.txt"), "hello from the test");
            assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("hello from the test");
            Files.createDirectory(mnt.resolve("dir"));
            try (var list = Files.list(mnt)) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("dir", "hello.txt");
            }

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(launcher.stdoutLines()).as("exactly one line on stdout").containsExactly(line);
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    @Test
    void sigintExitsZero() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            awaitMounted(launcher);
            Files.writeString(mnt.resolve("f"), "x");
            launcher.signal("INT");
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    /**
     * SIGTERM while dd rewrites a 200 MiB file in a loop. dd writes through a descriptor opened once on the
     * mounted file ({@code /proc/self/fd/3}), so that it can never write into the directory below the mount
     * once the mount is gone.
     */
    @Test
    void sigtermDuringHeavyIo() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Process dd = null;
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            awaitMounted(launcher);
            Path big = mnt.resolve("big");
            String script = "exec 3<>'" + big + "' || exit 3\n"
                    + "while :; do dd if=/dev/zero of=/proc/self/fd/3 bs=1M count=200 conv=notrunc status=none"
                    + " || exit 0; done";
            dd = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            Process writer = dd;
            assertThat(TestMounts.await(Duration.ofSeconds(20), () -> sizeOf(big) >= 32L << 20 || !writer.isAlive()))
                    .isTrue();
            assertThat(dd.isAlive()).as("dd is writing: " + outputOf(dd)).isTrue();

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(dd.waitFor(10, TimeUnit.SECONDS)).as("dd stops once the mount is gone").isTrue();
        } finally {
            if (dd != null) {
                dd.descendants().forEach(ProcessHandle::destroyForcibly);
                dd.destroyForcibly();
                dd.waitFor(5, TimeUnit.SECONDS);
            }
            TestMounts.forceUnmount(mnt);
        }
    }

    @Test
    void classicTransport() throws Exception {
        TestMounts.assumeCanMount(Transport.CLASSIC);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString(), "--transport",
                "classic"))) {
            String line = awaitMounted(launcher);
            assertThat(line).as(launcher.describe())
                    .isEqualTo("mounted " + mnt + " transport=classic queues=0 workers=" + Mounts.possibleCpus());
            Files.writeString(mnt.resolve("f"), "classic");
            assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("classic");
            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    @Test
    void passthroughMirrorsSource() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Path source = Files.createDirectory(tmp.resolve("source"));
        Files.writeString(source.resolve("existing.txt"), "was there before");
        try (LauncherProcess launcher = LauncherProcess.start(List.of("passthrough", mnt.toString(), "--source",
                source.toString()))) {
            awaitMounted(launcher);
            assertThat(Files.readString(mnt.resolve("existing.txt"))).isEqualTo("was there before");

            Files.writeString(mnt.resolve("through-mount.txt"), "written through the mount");
            assertThat(Files.readString(source.resolve("through-mount.txt"))).isEqualTo("written through the mount");

            Files.writeString(source.resolve("in-source.txt"), "written into the source");
            assertThat(Files.readString(mnt.resolve("in-source.txt"))).isEqualTo("written into the source");

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(Files.readString(source.resolve("through-mount.txt"))).isEqualTo("written through the mount");
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    /**
     * Usage errors exit with status 2 and an {@code error:} line, without mounting. Every case gets its own
     * mount point, all are started at once (JVM start-up dominates), and all failures are reported together.
     */
    @Test
    void usageErrorsExitTwo() throws Exception {
        List<List<String>> cases = List.of(
                List.of("memory", "MNT", "--bogus"),
                List.of("passthrough", "MNT"),
                List.of("memory", "MNT", "--queue-depth", "many"),
                List.of("memory", "MNT", "--queue-depth", "0"),
                List.of("memory", "MNT", "--queue-depth", "-5"),
                List.of("memory", "MNT", "--queue-depth", "100000"),
                List.of("memory", "MNT", "--workers", "0"),
                List.of("memory", "MNT", "--transport", "carrier-pigeon"),
                List.of("memory", "MNT", "--max-write", "12"),
                List.of("nosuchfs", "MNT"),
                List.of());
        List<Path> mounts = new ArrayList<>();
        List<LauncherProcess> launchers = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        try {
            for (int i = 0; i < cases.size(); i++) {
                Path mnt = Files.createDirectory(tmp.resolve("mnt-" + i));
                mounts.add(mnt);
                List<String> args = cases.get(i).stream().map(a -> a.equals("MNT") ? mnt.toString() : a).toList();
                launchers.add(LauncherProcess.start(args));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; i < cases.size(); i++) {
                LauncherProcess launcher = launchers.get(i);
                List<String> args = cases.get(i);
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                Optional<Integer> exit = launcher.awaitExit(left);
                softly.assertThat(exit).as(() -> args + " exit status\n" + launcher.describe()).contains(2);
                softly.assertThat(launcher.stderr().lines().findFirst()).as(() -> args + " first stderr line")
                        .hasValueSatisfying(l -> assertThat(l).startsWith("error: "));
                softly.assertThat(launcher.stderr()).as(() -> args + " no stack trace").doesNotContain("\tat ");
                softly.assertThat(launcher.stdoutLines()).as(() -> args + " nothing on stdout").isEmpty();
                softly.assertThat(TestMounts.isMounted(mounts.get(i))).as(() -> args + " mounted").isFalse();
            }
        } finally {
            launchers.forEach(LauncherProcess::close);
            mounts.forEach(TestMounts::forceUnmount);
        }
        softly.assertAll();
    }

    @Test
    void helpExitsZero() {
        try (LauncherProcess launcher = LauncherProcess.start(List.of("--help"))) {
            assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as(launcher.describe()).contains(0);
            assertThat(String.join("\n", launcher.stdoutLines())).contains("usage:").contains("--transport")
                    .contains("passthrough");
            assertThat(launcher.stderr()).isEmpty();
        }
    }

    private static String awaitMounted(LauncherProcess launcher) {
        return launcher.awaitStdoutLine(MOUNT_WAIT, l -> l.startsWith("mounted"))
                .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + launcher.describe()));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String outputOf(Process p) {
        if (p.isAlive()) {
            return "(running)";
        }
        try {
            return "exit " + p.exitValue() + ": " + new String(p.getInputStream().readAllBytes());
        } catch (IOException e) {
            return "exit " + p.exitValue();
        }
    }
}
