package dev.fusering.internal.linux;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelFilesTest {

    @Test
    void readsSysctlFilesWhole() throws Exception {
        Path limit = Path.of("/proc/sys/fs/fuse/max_pages_limit");
        assumeTrue(Files.exists(limit), "no FUSE sysctl on this kernel");
        Process cat = new ProcessBuilder("cat", limit.toString()).start();
        String expected = new String(cat.getInputStream().readAllBytes()).strip();
        assertThat(cat.waitFor()).isZero();
        assertThat(KernelFiles.read(limit)).isEqualTo(expected);
        assertThat(Integer.parseInt(KernelFiles.read(limit))).isGreaterThanOrEqualTo(32);
    }

    @Test
    void readsSysfsFiles() throws Exception {
        assertThat(KernelFiles.read(Path.of("/sys/devices/system/cpu/possible"))).matches("[0-9,\\-]+");
    }
}
