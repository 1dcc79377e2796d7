package dev.fusering.lifecycle;

import dev.fusering.api.Transport;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A program that calls System.exit() without closing its session leaves no mount behind. */
@Timeout(60)
class ExitHookTest {

    @TempDir
    Path tmp;

    @Test
    void systemExitUnmounts() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ExitWithoutClose.class.getName(), mnt.toString()))
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(out).contains("mounted");
            assertThat(p.exitValue()).isEqualTo(3);
            assertThat(TestMounts.isMounted(mnt)).as("still mounted after exit").isFalse();
            assertThat(mnt.resolve("hello")).doesNotExist();
        } finally {
            p.destroyForcibly();
            TestMounts.forceUnmount(mnt);
        }
    }
}
