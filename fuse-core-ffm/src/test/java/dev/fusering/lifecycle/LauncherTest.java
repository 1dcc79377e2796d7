package dev.fusering.lifecycle;

import dev.fusering.api.Transport;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code dev.fusering.cli.Main}) in a child JVM: the one {@code mounted} line, serving,
 * graceful exit 0 on SIGTERM and SIGINT (also under heavy I/O), the classic transport, passthrough, the
 * {@code nio} filesystem (a zip archive served read-only with {@code EROFS} for a writer, a writable archive
 * rewritten with the changes when the launcher exits), and usage errors (exit 2).
 */
@Timeout(120)
class LauncherTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    /** Unmounts the test's mount point by force if a failed test left it mounted. */
    @AfterEach
    void unmount() {
        TestMounts.forceUnmount(tmp.resolve("mnt"));
    }

    /**
     * Skips the test unless this machine can mount with {@code transport}.
     *
     * @param transport the transport the test needs
     * @return the test's mount point, unmounted by {@link #unmount()} at the latest
     */
    private Path mountPoint(Transport transport) throws IOException {
        TestMounts.assumeCanMount(transport);
        return Files.createDirectory(tmp.resolve("mnt"));
    }

    @Test
    void memoryServesAndExitsOnSigterm() throws Exception {
        Path mnt = mountPoint(Transport.IO_URING);
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            String line = launcher.awaitMounted();
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
            launcher.assertCleanExit(mnt);
            assertThat(launcher.stdoutLines()).as("exactly one line on stdout").containsExactly(line);
        }
    }

    @Test
    void sigintExitsZero() throws Exception {
        Path mnt = mountPoint(Transport.AUTO);
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            launcher.awaitMounted();
            Files.writeString(mnt.resolve("f"), "x");
            launcher.signal("INT");
            launcher.assertCleanExit(mnt);
        }
    }

    /**
     * SIGTERM while dd rewrites a 200 MiB file in a loop. dd writes through a descriptor opened once on the
     * mounted file ({@code /proc/self/fd/3}), so that it can never write into the directory below the mount
     * once the mount is gone.
     */
    @Test
    void sigtermDuringHeavyIo() throws Exception {
        Path mnt = mountPoint(Transport.AUTO);
        Process dd = null;
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()))) {
            launcher.awaitMounted();
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
            launcher.assertCleanExit(mnt);
            assertThat(dd.waitFor(10, TimeUnit.SECONDS)).as("dd stops once the mount is gone").isTrue();
        } finally {
            if (dd != null) {
                dd.descendants().forEach(ProcessHandle::destroyForcibly);
                dd.destroyForcibly();
                dd.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void classicTransport() throws Exception {
        Path mnt = mountPoint(Transport.CLASSIC);
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString(), "--transport",
                "classic"))) {
            String line = launcher.awaitMounted();
            assertThat(line).as(launcher.describe())
                    .isEqualTo("mounted " + mnt + " transport=classic queues=0 workers=" + Mounts.possibleCpus());
            Files.writeString(mnt.resolve("f"), "classic");
            assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("classic");
            launcher.terminate();
            launcher.assertCleanExit(mnt);
        }
    }

    @Test
    void passthroughMirrorsSource() throws Exception {
        Path mnt = mountPoint(Transport.AUTO);
        Path source = Files.createDirectory(tmp.resolve("source"));
        Files.writeString(source.resolve("existing.txt"), "was there before");
        try (LauncherProcess launcher = LauncherProcess.start(List.of("passthrough", mnt.toString(), "--source",
                source.toString()))) {
            launcher.awaitMounted();
            assertThat(Files.readString(mnt.resolve("existing.txt"))).isEqualTo("was there before");

            Files.writeString(mnt.resolve("through-mount.txt"), "written through the mount");
            assertThat(Files.readString(source.resolve("through-mount.txt"))).isEqualTo("written through the mount");

            Files.writeString(source.resolve("in-source.txt"), "written into the source");
            assertThat(Files.readString(mnt.resolve("in-source.txt"))).isEqualTo("written into the source");

            launcher.terminate();
            launcher.assertCleanExit(mnt);
            assertThat(Files.readString(source.resolve("through-mount.txt"))).isEqualTo("written through the mount");
        }
    }

    @Test
    void servesAZipReadOnly() throws Exception {
        Path mnt = mountPoint(Transport.AUTO);
        try (LauncherProcess launcher = LauncherProcess.start(List.of("nio", mnt.toString(), "--source",
                siteZip().toString(), "--read-only"))) {
            launcher.awaitMounted();
            assertThat(Files.readString(mnt.resolve("index.html"))).isEqualTo("<h1>hi</h1>");
            assertThat(Files.readString(mnt.resolve("css/site.css"))).isEqualTo("body{}");
            Shell.Result write = Shell.sh(Duration.ofSeconds(10), "echo x > '" + mnt.resolve("index.html") + "'");
            assertThat(write.ok()).isFalse();
            assertThat(write.stderr()).contains("Read-only file system");

            launcher.terminate();
            launcher.assertCleanExit(mnt);
        }
    }

    @Test
    void writableZipIsRewrittenWhenTheLauncherExits() throws Exception {
        Path mnt = mountPoint(Transport.AUTO);
        Path zip = siteZip();
        try (LauncherProcess launcher = LauncherProcess.start(List.of("nio", mnt.toString(), "--source",
                zip.toString()))) {
            launcher.awaitMounted();
            Files.writeString(mnt.resolve("css/new.css"), "p{}");
            Files.delete(mnt.resolve("index.html"));

            launcher.terminate();
            launcher.assertCleanExit(mnt);
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.getEntry("index.html")).isNull();
            ZipEntry added = archive.getEntry("css/new.css");
            assertThat(added).isNotNull();
            assertThat(new String(archive.getInputStream(added).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("p{}");
        }
    }

    @Test
    void nioWithoutSourceIsAUsageError() throws Exception {
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("nio", mnt.toString()))) {
            assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as(launcher.describe()).contains(2);
            assertThat(launcher.stderr()).startsWith("error: nio needs --source");
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

    /** @return a new zip archive with {@code index.html}, the directory {@code css} and {@code css/site.css} */
    private Path siteZip() throws IOException {
        Path zip = tmp.resolve("site.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("index.html"));
            out.write("<h1>hi</h1>".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("css/"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("css/site.css"));
            out.write("body{}".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
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
