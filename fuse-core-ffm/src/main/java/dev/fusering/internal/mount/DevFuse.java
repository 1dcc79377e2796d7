package dev.fusering.internal.mount;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;

/**
 * Opens the FUSE device {@code /dev/fuse}, whose descriptor is passed to mount(2) as {@code fd=N}
 * and then carries the FUSE_INIT handshake, FORGET/INTERRUPT requests and notifications.
 */
public final class DevFuse {

    /** Path of the FUSE character device. */
    public static final String PATH = "/dev/fuse";

    private DevFuse() {
    }

    /**
     * Opens {@code /dev/fuse} with {@code O_RDWR | O_CLOEXEC}.
     *
     * @return the new descriptor; the caller closes it
     * @throws FuseMountException {@link Reason#NO_DEV_FUSE} when the device is missing or has no
     *     driver, {@link Reason#PERMISSION_DENIED} when the process may not open it,
     *     {@link Reason#MOUNT_FAILED} for any other error
     */
    public static int open() throws FuseMountException {
        try {
            return LibC.open(PATH, LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
        } catch (NativeCallException e) {
            throw translate(e);
        }
    }

    /**
     * Maps a failed {@code open("/dev/fuse")} to the user-facing exception.
     *
     * @param e the failure
     * @return the exception to throw
     */
    static FuseMountException translate(NativeCallException e) {
        int errno = e.errno();
        if (errno == Errno.ENOENT.code()) {
            return new FuseMountException(Reason.NO_DEV_FUSE, PATH + " does not exist: load the fuse module"
                    + " (modprobe fuse) or, in a container, pass --device /dev/fuse", e);
        }
        if (errno == Errno.ENODEV.code() || errno == Errno.ENXIO.code()) {
            return new FuseMountException(Reason.NO_DEV_FUSE, PATH + " has no driver (" + Errno.nameOf(errno)
                    + "): load the fuse module (modprobe fuse)", e);
        }
        if (errno == Errno.EACCES.code() || errno == Errno.EPERM.code()) {
            return new FuseMountException(Reason.PERMISSION_DENIED, "cannot open " + PATH + ": permission denied;"
                    + " make it accessible (mode 0666, as set up by the fuse3 package) or run as root", e);
        }
        return new FuseMountException(Reason.MOUNT_FAILED, "cannot open " + PATH + ": " + e.getMessage(), e);
    }
}
