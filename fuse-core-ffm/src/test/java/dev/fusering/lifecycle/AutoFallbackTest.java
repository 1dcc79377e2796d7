package dev.fusering.lifecycle;

import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With FUSE-over-io_uring switched off in the kernel, {@link Transport#AUTO} falls back to the classic
 * {@code /dev/fuse} transport and works; the launcher says why on stderr. The switch is turned back on as
 * soon as the mount exists (the kernel reads it at mount time).
 */
@Timeout(60)
class AutoFallbackTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    @Test
    void autoFallsBackToClassicInProcess() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        RunningSession running = null;
        try {
            try (UringSwitch _ = UringSwitch.disable()) {
                running = new Session(mnt, MountOptions.defaults()).transport(Transport.AUTO)
                        .start(new MemoryFilesystem());
            }
            assertThat(running.transport()).isEqualTo(Transport.CLASSIC);
            assertThat(running.queues()).isZero();
            assertThat(running.workers()).isPositive();
            Files.writeString(mnt.resolve("hello"), "over /dev/fuse");
            assertThat(Files.readString(mnt.resolve("hello"))).isEqualTo("over /dev/fuse");
            running.close();
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(running.failure()).isNull();
        } finally {
            if (running != null) {
                running.close();
            }
            TestMounts.forceUnmount(mnt);
        }
        assertThat(UringSwitch.value()).isEqualTo("Y");
    }

    @Test
    void launcherFallsBackAndSaysWhy() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        try (LauncherProcess launcher = startDisabled(mnt)) {
            String line = launcher.awaitStdoutLine(Duration.ofSeconds(20), l -> l.startsWith("mounted"))
                    .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + launcher.describe()));
            assertThat(line).as(launcher.describe())
                    .isEqualTo("mounted " + mnt + " transport=classic queues=0 workers=" + Mounts.possibleCpus());
            assertThat(launcher.awaitStderr(Duration.ofSeconds(5), "enable_uring")).as(launcher.describe()).isTrue();
            assertThat(launcher.stderr().lines().filter(l -> l.contains("enable_uring")).toList())
                    .as("one line that says why and how to enable io_uring").hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("echo Y"));

            Files.writeString(mnt.resolve("f"), "classic");
            assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("classic");

            launcher.terminate();
            assertThat(launcher.awaitExit(Duration.ofSeconds(15))).as(launcher.describe()).contains(0);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(mnt);
        }
        assertThat(UringSwitch.value()).isEqualTo("Y");
    }

    /**
     * Starts the launcher with io_uring off and turns it back on once the launcher reports the mount (not
     * earlier: the engine reads the switch again after FUSE_INIT to explain the fallback).
     */
    private static LauncherProcess startDisabled(Path mnt) {
        try (UringSwitch _ = UringSwitch.disable()) {
            LauncherProcess launcher = LauncherProcess.start(List.of("memory", mnt.toString()));
            launcher.awaitStdoutLine(Duration.ofSeconds(20), l -> l.startsWith("mounted"));
            return launcher;
        }
    }
}
