package dev.fusering.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Transport;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code nio} filesystem in a child JVM: a zip archive served read-only ({@code EROFS} for a
 * writer, exit 0 on SIGTERM), a writable archive rewritten with the changes when the launcher exits, and
 * the usage error without {@code --source}.
 */
@Timeout(120)
class NioLauncherTest {

    private static final Duration MOUNT_WAIT = Duration.ofSeconds(20);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private Path zip;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
        zip = tmp.resolve("site.zip");
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
    }

    @Test
    void servesAZipReadOnly() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("nio", mnt.toString(), "--source",
                zip.toString(), "--read-only"))) {
            awaitMounted(launcher);
            assertThat(Files.readString(mnt.resolve("index.html"))).isEqualTo("<h1>hi</h1>");
            assertThat(Files.readString(mnt.resolve("css/site.css"))).isEqualTo("body{}");
            Shell.Result write = Shell.sh(Duration.ofSeconds(10), "echo x > '" + mnt.resolve("index.html") + "'");
            assertThat(write.ok()).isFalse();
            assertThat(write.stderr()).contains("Read-only file system");

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    @Test
    void writableZipIsRewrittenWhenTheLauncherExits() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = LauncherProcess.start(List.of("nio", mnt.toString(), "--source",
                zip.toString()))) {
            awaitMounted(launcher);
            Files.writeString(mnt.resolve("css/new.css"), "p{}");
            Files.delete(mnt.resolve("index.html"));

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(mnt);
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
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    private static String awaitMounted(LauncherProcess launcher) {
        return launcher.awaitStdoutLine(MOUNT_WAIT, l -> l.startsWith("mounted"))
                .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + launcher.describe()));
    }
}
