package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UringSupportTest {

    @TempDir
    Path tmp;

    private UringSupport.Status check(String enable, String disabled, boolean root) throws Exception {
        Path enableFile = tmp.resolve("enable_uring");
        Path disabledFile = tmp.resolve("io_uring_disabled");
        Files.deleteIfExists(enableFile);
        Files.deleteIfExists(disabledFile);
        if (enable != null) {
            Files.writeString(enableFile, enable + "\n");
        }
        if (disabled != null) {
            Files.writeString(disabledFile, disabled + "\n");
        }
        return UringSupport.check(enableFile, disabledFile, root);
    }

    @Test
    void missingParameterMeansOldKernel() throws Exception {
        UringSupport.Status status = check(null, "0", true);
        assertThat(status.available()).isFalse();
        assertThat(status.reason()).isEqualTo(
                "this kernel has no FUSE-over-io_uring (needs Linux 6.14+ with CONFIG_FUSE_IO_URING)");
    }

    @Test
    void disabledParameterSaysHowToEnable() throws Exception {
        UringSupport.Status status = check("N", "0", true);
        assertThat(status.available()).isFalse();
        assertThat(status.reason()).contains("FUSE-over-io_uring is disabled")
                .contains("echo Y > ").contains("enable_uring").doesNotContain("\n");
    }

    @Test
    void sysctlRestrictions() throws Exception {
        assertThat(check("Y", "0", false).available()).isTrue();
        assertThat(check("Y", "1", true).available()).isTrue();
        assertThat(check("Y", "1", false).available()).isFalse();
        UringSupport.Status off = check("Y", "2", true);
        assertThat(off.available()).isFalse();
        assertThat(off.reason()).contains("kernel.io_uring_disabled=2");
        assertThat(check("Y", null, false).available()).isTrue();
    }

    @Test
    void realCheckAnswers() {
        UringSupport.Status status = UringSupport.check();
        assertThat(status.reason()).isNotBlank().doesNotContain("\n");
    }
}
