package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPointGuardTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void realTmp() throws Exception {
        tmp = tmp.toRealPath();
    }

    private static Reason reasonOf(Path path) {
        try {
            MountPointGuard.prepare(path);
        } catch (FuseMountException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.reason();
        }
        return null;
    }

    @Test
    void missingDirectory() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> MountPointGuard.prepare(missing))
                .isInstanceOf(FuseMountException.class)
                .hasMessage("mount point " + missing + " does not exist: create it first (mkdir -p " + missing + ")");
        assertThat(reasonOf(missing)).isEqualTo(Reason.MOUNT_POINT_MISSING);
    }

    @Test
    void regularFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThat(reasonOf(file)).isEqualTo(Reason.NOT_A_DIRECTORY);
    }

    @Test
    void nonEmptyDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        Files.writeString(dir.resolve("child"), "x");
        assertThatThrownBy(() -> MountPointGuard.prepare(dir))
                .isInstanceOf(FuseMountException.class)
                .hasMessage("mount point " + dir + " is not empty: choose an empty directory");
        assertThat(reasonOf(dir)).isEqualTo(Reason.NOT_EMPTY);
    }

    @Test
    void emptyDirectoryIsAccepted() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertThat(MountPointGuard.prepare(dir)).isEqualTo(dir);
        assertThat(MountPointGuard.prepare(tmp.resolve("x/../empty"))).isEqualTo(dir);
    }

    @Test
    void symbolicLinkIsResolved() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertThat(MountPointGuard.prepare(link)).isEqualTo(dir);
    }

    @Test
    void otherMountIsAlreadyMounted() throws Exception {
        assertThat(reasonOf(Path.of("/proc"))).isEqualTo(Reason.ALREADY_MOUNTED);
        Path dir = Files.createDirectory(tmp.resolve("tmpfs"));
        LibC.mount("fuseringtest", dir.toString(), "tmpfs", LinuxConstants.MS_NOSUID, "size=1m");
        try {
            assertThatThrownBy(() -> MountPointGuard.prepare(dir))
                    .isInstanceOfSatisfying(FuseMountException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_MOUNTED))
                    .hasMessageContaining("tmpfs (fuseringtest) is already mounted on " + dir);
        } finally {
            detach(dir);
        }
    }

    static void detach(Path dir) {
        try {
            LibC.umount2(dir.toString(), LinuxConstants.MNT_DETACH);
        } catch (NativeCallException e) {
            // not mounted any more
        }
    }
}
