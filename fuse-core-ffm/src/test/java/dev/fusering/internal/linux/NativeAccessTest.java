package dev.fusering.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@link NativeAccessProbe} in child JVMs with and without native access. */
class NativeAccessTest {

    @Test
    void withoutNativeAccessTheFirstUseExplainsTheFix() throws Exception {
        String out = runProbe("--illegal-native-access=deny");
        assertThat(out).contains("enabled=false");
        assertThat(out).contains("java.lang.IllegalStateException: " + LibC.NATIVE_ACCESS_MESSAGE);
    }

    @Test
    void withNativeAccessItWorks() throws Exception {
        String out = runProbe("--enable-native-access=ALL-UNNAMED", "--illegal-native-access=deny");
        assertThat(out).contains("enabled=true").contains("euid=");
    }

    private static String runProbe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NativeAccessProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
