package dev.fusering.boot.it;

import dev.fusering.api.FuseMountException;
import dev.fusering.boot.FuseFilesystem;
import dev.fusering.boot.FuseMountFailedException;
import dev.fusering.boot.FuseTestSupport;
import dev.fusering.boot.diagnostics.FuseFailureAnalyzer;
import dev.fusering.fs.MemoryFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Start-up failures of real applications, and the advice the registered failure analyzer gives. */
@ExtendWith(OutputCaptureExtension.class)
class MountFailureTests {

    @TempDir
    Path dir;

    @Test
    void missingMountPointFailsStartupWithAdvice(CapturedOutput output) {
        FuseTestSupport.assumeCanMount();
        Path missing = dir.resolve("missing");
        Throwable failure = start("fuse.mount-point=" + missing);
        assertThat(failure).hasRootCauseInstanceOf(FuseMountException.class);
        FailureAnalysis analysis = new FuseFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("'single'").contains(missing.toString());
        assertThat(analysis.getAction()).contains("mkdir -p " + missing).contains("fuse.create-mount-point=true");
        assertThat(Files.exists(missing)).isFalse();
        // Spring Boot found the analyzer through META-INF/spring.factories and reported its analysis.
        assertThat(output).contains("APPLICATION FAILED TO START").contains("fuse.create-mount-point=true");
    }

    @Test
    void nonEmptyMountPointFailsStartupWithAdvice() throws Exception {
        FuseTestSupport.assumeCanMount();
        Files.writeString(dir.resolve("occupied"), "x");
        Throwable failure = start("fuse.mounts.single.mount-point=" + dir);
        FuseMountFailedException mountFailure = findCause(failure, FuseMountFailedException.class);
        assertThat(mountFailure.mount().name()).isEqualTo("single");
        assertThat(((FuseMountException) mountFailure.getCause()).reason()).isEqualTo(FuseMountException.Reason.NOT_EMPTY);
        assertThat(new FuseFailureAnalyzer().analyze(failure).getAction())
                .contains("fuse.mounts.single.mount-point");
        assertThat(FuseTestSupport.isMounted(dir)).isFalse();
    }

    @Test
    void createMountPointCreatesMissingDirectories() {
        FuseTestSupport.assumeCanMount();
        Path nested = dir.resolve("a/b/c");
        try (var context = new SpringApplicationBuilder(SingleFilesystem.class)
                .web(WebApplicationType.NONE)
                .properties("fuse.mount-point=" + nested, "fuse.create-mount-point=true")
                .run()) {
            assertThat(FuseTestSupport.isMounted(nested)).isTrue();
            assertThat(context.isRunning()).isTrue();
        } finally {
            FuseTestSupport.forceUnmount(nested);
        }
        assertThat(FuseTestSupport.isMounted(nested)).isFalse();
        assertThat(nested).isDirectory();
    }

    private static Throwable start(String... properties) {
        return catchThrowable(() -> new SpringApplicationBuilder(SingleFilesystem.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run()
                .close());
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SingleFilesystem {
        @Bean
        @FuseFilesystem("single")
        MemoryFilesystem single() {
            return new MemoryFilesystem();
        }
    }
}
