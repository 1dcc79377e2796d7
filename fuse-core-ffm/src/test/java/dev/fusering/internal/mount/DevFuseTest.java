package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import org.junit.jupiter.api.Test;

class DevFuseTest {

    @Test
    void opensTheDevice() throws Exception {
        int fd = DevFuse.open();
        assertThat(fd).isGreaterThanOrEqualTo(0);
        LibC.close(fd);
    }

    @Test
    void errorsAreTranslated() {
        FuseMountException missing = DevFuse.translate(NativeCallException.of("open(/dev/fuse)", Errno.ENOENT.code()));
        assertThat(missing.reason()).isEqualTo(Reason.NO_DEV_FUSE);
        assertThat(missing.getMessage()).isEqualTo("/dev/fuse does not exist: load the fuse module (modprobe fuse)"
                + " or, in a container, pass --device /dev/fuse");

        FuseMountException denied = DevFuse.translate(NativeCallException.of("open(/dev/fuse)", Errno.EACCES.code()));
        assertThat(denied.reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(denied.getMessage()).isEqualTo("cannot open /dev/fuse: permission denied;"
                + " make it accessible (mode 0666, as set up by the fuse3 package) or run as root");
        assertThat(DevFuse.translate(NativeCallException.of("open(/dev/fuse)", Errno.EPERM.code())).reason())
                .isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(DevFuse.translate(NativeCallException.of("open(/dev/fuse)", Errno.EMFILE.code())).reason())
                .isEqualTo(Reason.MOUNT_FAILED);
    }
}
