package dev.fusering.lifecycle;

import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed with SIGKILL leaves a stale mount ("Transport endpoint is not connected"); a new session
 * on the same mount point detaches it (with a warning), mounts, serves and closes cleanly.
 */
@Timeout(90)
class StaleMountTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void staleMountIsRepaired(Transport transport) throws Exception {
        TestMounts.assumeCanMount(transport);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try {
            killServer(mnt, transport);
            assertThat(TestMounts.isMounted(mnt)).as("a killed server leaves its mount").isTrue();
            // Right after SIGKILL the kernel may still be tearing the rings down (stat then fails with
            // ECANCELED or ECONNABORTED for a moment); the settled state is ENOTCONN.
            List<String> seen = new ArrayList<>();
            boolean notConnected = TestMounts.await(Duration.ofSeconds(5), () -> {
                Shell.Result stat = Shell.run(Duration.ofSeconds(5), List.of("stat", mnt.toString()));
                seen.add(stat.exitCode() + " " + stat.stderr().strip());
                return !stat.ok() && stat.stderr().contains("Transport endpoint is not connected");
            });
            assertThat(notConnected).as("stat on the stale mount: " + seen).isTrue();

            mountAgainAndServe(mnt, transport);
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    /**
     * A new session started the moment the killed server is gone (what a supervisor restart does) must
     * also repair the mount, even while the kernel is still tearing the old connection down.
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void restartRightAfterKill(Transport transport) throws Exception {
        TestMounts.assumeCanMount(transport);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try {
            killServer(mnt, transport);
            mountAgainAndServe(mnt, transport);
        } finally {
            TestMounts.forceUnmount(mnt);
        }
    }

    /** Serves {@code mnt} from a launcher child JVM, writes a file through it, and SIGKILLs the child. */
    private static void killServer(Path mnt, Transport transport) throws IOException {
        try (LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString(), "--transport",
                transport == Transport.IO_URING ? "io-uring" : "classic"))) {
            launcher.awaitStdoutLine(Duration.ofSeconds(20), l -> l.startsWith("mounted"))
                    .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + launcher.describe()));
            Files.writeString(mnt.resolve("before-kill"), "served by the child");
            assertThat(Files.readString(mnt.resolve("before-kill"))).isEqualTo("served by the child");

            launcher.process().destroyForcibly();
            assertThat(launcher.awaitExit(Duration.ofSeconds(10))).as("SIGKILL ends the child").isPresent();
        }
    }

    /** Starts a new in-process session on the stale mount point, serves a file and closes it. */
    private static void mountAgainAndServe(Path mnt, Transport transport) throws Exception {
        CountingFilesystem fs = new CountingFilesystem(new MemoryFilesystem());
        RunningSession running = new Session(mnt, MountOptions.defaults()).transport(transport)
                .shutdownTimeout(Duration.ofSeconds(5)).start(fs);
        try {
            assertThat(running.transport()).isEqualTo(transport);
            assertThat(Mounts.countOn(mnt)).as("the stale mount was detached, not stacked on").isEqualTo(1);
            assertThat(Files.exists(mnt.resolve("before-kill"))).as("a fresh, empty filesystem").isFalse();
            Files.writeString(mnt.resolve("after-repair"), "served again");
            assertThat(Files.readString(mnt.resolve("after-repair"))).isEqualTo("served again");
            assertThat(Shell.run(Duration.ofSeconds(10), List.of("stat", mnt.toString())).ok()).isTrue();
        } finally {
            running.close();
        }
        assertThat(running.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(running.failure()).isNull();
        assertThat(fs.inits()).isEqualTo(1);
        assertThat(fs.destroys()).isEqualTo(1);
        assertThat(TestMounts.isMounted(mnt)).isFalse();
    }
}
