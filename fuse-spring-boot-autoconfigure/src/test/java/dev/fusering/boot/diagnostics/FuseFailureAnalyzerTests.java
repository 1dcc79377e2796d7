package dev.fusering.boot.diagnostics;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.boot.FuseConfigurationException;
import dev.fusering.boot.FuseMountFailedException;
import dev.fusering.boot.FuseMountSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice of {@link FuseFailureAnalyzer} for every failure it knows. */
class FuseFailureAnalyzerTests {

    private static final FuseMountSettings MOUNT = new FuseMountSettings("memory", "memoryFs",
            "fuse.mounts.memory", Path.of("/mnt/memory"), false, Transport.AUTO, 16, 0, DispatchMode.OFFLOADED,
            true, MountOptions.defaults());

    private final FuseFailureAnalyzer analyzer = new FuseFailureAnalyzer();

    private FailureAnalysis analyze(Reason reason) {
        FuseMountException cause = new FuseMountException(reason, "engine message for " + reason);
        // As Spring reports a failing SmartLifecycle.start(): wrapped in an ApplicationContextException.
        return analyzer.analyze(new ApplicationContextException("Failed to start bean 'fuseMountLifecycle.memory'",
                new FuseMountFailedException(MOUNT, cause)));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonGetsADescriptionAndAnAction(Reason reason) {
        FailureAnalysis analysis = analyze(reason);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("engine message for " + reason);
        if (reason != Reason.NATIVE_ACCESS_DISABLED) {
            assertThat(analysis.getDescription()).contains("'memory'").contains("'memoryFs'").contains("/mnt/memory");
        }
        assertThat(analysis.getAction()).isNotBlank();
    }

    @Test
    void noDevFuse() {
        assertThat(analyze(Reason.NO_DEV_FUSE).getAction()).contains("modprobe fuse").contains("--device /dev/fuse");
    }

    @Test
    void permissionDenied() {
        assertThat(analyze(Reason.PERMISSION_DENIED).getAction()).contains("root").contains("CAP_SYS_ADMIN")
                .contains("--cap-add SYS_ADMIN").contains("--device /dev/fuse");
    }

    @Test
    void ioUringUnavailable() {
        assertThat(analyze(Reason.IO_URING_UNAVAILABLE).getAction())
                .contains("echo Y > /sys/module/fuse/parameters/enable_uring")
                .contains("fuse.mounts.memory.transport=auto");
    }

    @Test
    void mountPointProblems() {
        assertThat(analyze(Reason.MOUNT_POINT_MISSING).getAction()).contains("mkdir -p /mnt/memory")
                .contains("fuse.mounts.memory.create-mount-point=true");
        assertThat(analyze(Reason.NOT_A_DIRECTORY).getAction()).contains("fuse.mounts.memory.mount-point");
        assertThat(analyze(Reason.NOT_EMPTY).getAction()).contains("Empty /mnt/memory");
        assertThat(analyze(Reason.ALREADY_MOUNTED).getAction()).contains("umount /mnt/memory");
        assertThat(analyze(Reason.STALE_MOUNT).getAction()).contains("umount -l /mnt/memory");
    }

    @Test
    void nativeAccessDisabledNamesTheFlagAndTheManifestAttribute() {
        FailureAnalysis analysis = analyze(Reason.NATIVE_ACCESS_DISABLED);
        assertThat(analysis.getDescription()).contains("native access is enabled for the class path");
        assertThat(analysis.getAction()).contains("--enable-native-access=ALL-UNNAMED")
                .contains("Enable-Native-Access: ALL-UNNAMED");
    }

    @Test
    void nativeAccessExceptionsFromTheJvm() {
        FailureAnalysis caller = analyzer.analyze(new BeanCreationException("fs",
                new IllegalCallerException("Illegal native access from: unnamed module @1234")));
        assertThat(caller).isNotNull();
        assertThat(caller.getAction()).contains("--enable-native-access=ALL-UNNAMED");
        FailureAnalysis state = analyzer.analyze(new IllegalStateException(
                "FuseRing needs native access: run java with --enable-native-access=ALL-UNNAMED"));
        assertThat(state).isNotNull();
        assertThat(state.getDescription()).contains("Foreign Function & Memory API");
    }

    @Test
    void mountFailureWithoutSettings() {
        FailureAnalysis analysis = analyzer.analyze(new FuseMountException(Reason.NOT_EMPTY, "not empty"));
        assertThat(analysis.getDescription()).contains("not empty");
        assertThat(analysis.getAction()).contains("fuse.mounts.<name>.mount-point");
    }

    @Test
    void configurationProblems() {
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("x",
                new FuseConfigurationException("what is wrong", "what to do")));
        assertThat(analysis.getDescription()).isEqualTo("what is wrong");
        assertThat(analysis.getAction()).isEqualTo("what to do");
    }

    @Test
    void otherFailuresAreNotOurs() {
        assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
        assertThat(analyzer.analyze(new RuntimeException(new java.io.IOException("x")))).isNull();
    }
}
