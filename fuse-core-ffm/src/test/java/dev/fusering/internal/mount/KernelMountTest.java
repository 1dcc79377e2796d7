package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mounts on the running kernel (needs root). Nobody serves these FUSE mounts: the kernel queues
 * FUSE_INIT in the background, and anything that asks the filesystem (stat, open) would block until
 * it is answered. So the tests only read mountinfo and the control files until the connection is
 * aborted, after which such calls fail fast with ENOTCONN; every mount is detached in a finally.
 */
class KernelMountTest {

    private static final long FLAGS = LinuxConstants.MS_NOSUID | LinuxConstants.MS_NODEV;

    @TempDir
    Path tmp;

    @BeforeEach
    void realTmp() throws Exception {
        tmp = tmp.toRealPath();
    }

    @Test
    void dataStringAndValidation() throws Exception {
        assertThat(KernelMount.data(5, 0, 0, "src", null)).isEqualTo("fd=5,rootmode=40000,user_id=0,group_id=0");
        assertThat(KernelMount.data(5, 1000, 100, "src", "allow_other,max_read=131072"))
                .isEqualTo("fd=5,rootmode=40000,user_id=1000,group_id=100,allow_other,max_read=131072");
        assertThat(KernelMount.fsType(null)).isEqualTo("fuse");
        assertThat(KernelMount.fsType("")).isEqualTo("fuse");
        assertThat(KernelMount.fsType("my-fs_1.0")).isEqualTo("fuse.my-fs_1.0");

        for (String bad : new String[] {"a,b", "a=b", "a b", "a/b", "a\tb"}) {
            assertConfiguration(() -> KernelMount.fsType(bad));
        }
        for (String bad : new String[] {"allow_other,", ",x", "a,,b", "fd=3", "rootmode=1", "user_id=5",
                "group_id=5", "a=b=c", "a b", "=x", "x\u0000"}) {
            assertConfiguration(() -> KernelMount.data(5, 0, 0, "src", bad));
        }
        assertConfiguration(() -> KernelMount.data(5, 0, 0, "", null));
        assertConfiguration(() -> KernelMount.data(5, 0, 0, null, null));
        assertConfiguration(() -> KernelMount.data(5, 0, 0, "a\nb", null));
        assertConfiguration(() -> KernelMount.data(5, 0, 0, "src", "x=" + "y".repeat(5000)));
    }

    private static void assertConfiguration(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FuseMountException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }

    @Test
    void mountAbortStaleRepair() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        int devFd = DevFuse.open();
        try {
            KernelMount.mount(mp, devFd, "fuseringtest-src", "fuseringtest", FLAGS, "default_permissions", null);
            MountTable.Entry entry = MountTable.read().find(mp).orElseThrow();
            assertThat(entry.fsType()).isEqualTo("fuse.fuseringtest");
            assertThat(entry.source()).isEqualTo("fuseringtest-src");
            assertThat(entry.superOptions()).contains("user_id=" + LibC.geteuid()).contains("default_permissions");
            assertThat(entry.mountOptions()).contains("nosuid").contains("nodev");

            long id = FuseConnection.id(mp);
            assertThat(id).isEqualTo(entry.minor());
            assertThat(FuseConnection.exists(id)).isTrue();
            assertThat(FuseConnection.waiting(id)).isGreaterThanOrEqualTo(0);

            FuseConnection.abort(id);
            assertThatThrownBy(() -> LibC.statx(mp.toString(), true))
                    .isInstanceOfSatisfying(NativeCallException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOTCONN.code()));

            assertThat(MountPointGuard.prepare(mp)).isEqualTo(mp);
            assertThat(MountTable.read().find(mp)).isEmpty();
        } finally {
            MountPointGuardTest.detach(mp);
            LibC.close(devFd);
        }
    }

    @Test
    void unmountOfAnAbortedMountThenOfNothing() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        int devFd = DevFuse.open();
        try {
            KernelMount.mount(mp, devFd, "fuseringtest", null, FLAGS, null, null);
            assertThat(MountTable.read().find(mp).orElseThrow().fsType()).isEqualTo("fuse");
            FuseConnection.abort(FuseConnection.id(mp));
            assertThat(KernelMount.unmount(mp)).isEqualTo(UnmountResult.UNMOUNTED);
            assertThat(MountTable.read().find(mp)).isEmpty();
            assertThat(KernelMount.unmount(mp)).isEqualTo(UnmountResult.NOT_MOUNTED);
        } finally {
            MountPointGuardTest.detach(mp);
            LibC.close(devFd);
        }
    }

    @Test
    void unmountOfPlainAndMissingDirectories() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("plain"));
        assertThat(KernelMount.unmount(dir)).isEqualTo(UnmountResult.NOT_MOUNTED);
        assertThat(KernelMount.unmount(tmp.resolve("missing"))).isEqualTo(UnmountResult.NOT_MOUNTED);
    }

    @Test
    void busyMountIsDetached() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("busy"));
        LibC.mount("fuseringtest", mp.toString(), "tmpfs", FLAGS, "size=1m");
        try {
            Path file = Files.writeString(mp.resolve("open"), "x");
            try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ)) {
                assertThat(KernelMount.unmount(mp)).isEqualTo(UnmountResult.DETACHED);
                assertThat(open.size()).isEqualTo(1);
            }
            assertThat(MountTable.read().find(mp)).isEmpty();
        } finally {
            MountPointGuardTest.detach(mp);
        }
    }

    @Test
    void mountOnMissingDirectoryIsReported() throws Exception {
        int devFd = DevFuse.open();
        try {
            Path missing = tmp.resolve("missing");
            assertThatThrownBy(() -> KernelMount.mount(missing, devFd, "fuseringtest", "t", FLAGS, "", null))
                    .isInstanceOfSatisfying(FuseMountException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MOUNT_POINT_MISSING));
        } finally {
            LibC.close(devFd);
        }
    }

    @Test
    void connectionIdFromDevDecodesGlibcEncoding() {
        assertThat(FuseConnection.idFromDev(53)).isEqualTo(53);
        // minor 300 = 0x12c: low byte in bits 0-7, the rest from bit 20 up
        assertThat(FuseConnection.idFromDev(0x2cL | (0x100L << 12))).isEqualTo(300);
        // major 8, minor 1 (sda1): the kernel's internal encoding is major << 20 | minor
        assertThat(FuseConnection.idFromDev(0x801)).isEqualTo((8L << 20) | 1);
    }

    @Test
    void connectionIdOfNonFuseMountFails() {
        assertThatThrownBy(() -> FuseConnection.id(Path.of("/proc"))).hasMessageContaining("not a FUSE mount");
        assertThatThrownBy(() -> FuseConnection.id(tmp)).hasMessageContaining("nothing is mounted");
    }
}
