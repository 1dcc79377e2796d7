package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.api.Transport;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.Spawn;
import dev.fusering.testing.TestMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FusermountMount}: the option string, the parsing of fuse.conf and of fusermount3's messages, and a
 * real mount/unmount through fusermount3 (as root, in this JVM; nothing touches the mount, so no server is
 * needed). The non-root paths run in {@code NonRootMountTest}.
 */
class FusermountMountTest {

    private static final long DEFAULT_FLAGS = LinuxConstants.MS_NOSUID | LinuxConstants.MS_NODEV;

    @TempDir
    Path tmp;

    @Test
    void optionString() throws Exception {
        assertThat(FusermountMount.options("memfs", null, DEFAULT_FLAGS, "", false)).isEqualTo("fsname=memfs");
        assertThat(FusermountMount.options("memfs", "mem", DEFAULT_FLAGS | LinuxConstants.MS_RDONLY
                        | LinuxConstants.MS_NOEXEC | LinuxConstants.MS_NOATIME, "allow_other,default_permissions",
                true))
                .isEqualTo("fsname=memfs,subtype=mem,ro,noexec,noatime,allow_other,default_permissions,auto_unmount");
        assertThatThrownBy(() -> FusermountMount.options("memfs", null, DEFAULT_FLAGS, "fd=3", false))
                .isInstanceOfSatisfying(FuseMountException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION));
        assertThatThrownBy(() -> FusermountMount.options("a\nb", null, DEFAULT_FLAGS, "", false))
                .isInstanceOf(FuseMountException.class);
    }

    @Test
    void fuseConf() throws Exception {
        Path conf = tmp.resolve("fuse.conf");
        assertThat(FusermountMount.userAllowOther(conf)).as("missing file").isFalse();
        Files.writeString(conf, "# user_allow_other\n#user_allow_other\nmount_max = 10\n");
        assertThat(FusermountMount.userAllowOther(conf)).isFalse();
        Files.writeString(conf, "mount_max = 10\n  user_allow_other   # enabled\n");
        assertThat(FusermountMount.userAllowOther(conf)).isTrue();
    }

    @Test
    void messagesAreTranslated() {
        Path mnt = Path.of("/tmp/x/mnt");
        Spawn.Exit failed = new Spawn.Exit(1 << 8);
        assertThat(FusermountMount.translate("fusermount3: option allow_other only allowed if 'user_allow_other' is"
                + " set in /etc/fuse.conf\n", failed, mnt).getMessage()).contains("user_allow_other")
                .contains("/etc/fuse.conf");
        assertThat(FusermountMount.translate("fusermount3: mountpoint /tmp/x/mnt not owned by user\n", failed, mnt)
                .reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(FusermountMount.translate("fusermount3: failed to open /dev/fuse: Permission denied\n", failed,
                mnt).getMessage()).contains("/dev/fuse").containsIgnoringCase("permission denied")
                .contains("run as root");
        FuseMountException unknown = FusermountMount.translate("fusermount3: unknown option 'writeback'\n", failed,
                mnt);
        assertThat(unknown.reason()).isEqualTo(Reason.CONFIGURATION);
        assertThat(unknown.getMessage()).contains("writeback").doesNotContain("\n");
        assertThat(FusermountMount.translate("", failed, mnt).getMessage()).contains("exit code 1");
        assertThat(FusermountMount.parseVersion("fusermount3 version: 3.14.0\n")).containsExactly(3, 14);
        assertThat(FusermountMount.parseVersion("nonsense")).isNull();
    }

    @Test
    void notRequiredForRoot() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LibC.geteuid() == 0, "runs as root");
        assertThat(FusermountMount.required()).as("root mounts with mount(2)").isFalse();
    }

    /**
     * As root, fusermount3 mounts anywhere: the socket protocol, the auto-unmount watcher and its reaping,
     * and the unmount results.
     */
    @Test
    void mountsAndUnmountsThroughFusermount() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        FusermountMount.findProgram();
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        FusermountMount mount = FusermountMount.mount(mnt, "fm-test", "probe", DEFAULT_FLAGS, "", true);
        try {
            assertThat(mount.devFd()).isGreaterThan(2);
            assertThat(mount.autoUnmount()).isTrue();
            Optional<MountTable.Entry> entry = MountTable.read().find(mnt);
            assertThat(entry).isPresent();
            assertThat(entry.get().isFuse()).isTrue();
            assertThat(entry.get().describe()).contains("fm-test");
            assertThat(ProcessHandle.current().children()
                    .anyMatch(p -> p.info().command().orElse("").endsWith(FusermountMount.PROGRAM)))
                    .as("the auto-unmount watcher runs").isTrue();

            assertThat(mount.unmount()).isEqualTo(UnmountResult.UNMOUNTED);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(FusermountMount.unmount(mnt)).isEqualTo(UnmountResult.NOT_MOUNTED);
        } finally {
            mount.close();
            LibC.close(mount.devFd());
            TestMounts.forceUnmount(mnt);
        }
        assertThat(ProcessHandle.current().children()
                .noneMatch(p -> p.info().command().orElse("").endsWith(FusermountMount.PROGRAM)))
                .as("the watcher exited and was reaped").isTrue();
    }
}
