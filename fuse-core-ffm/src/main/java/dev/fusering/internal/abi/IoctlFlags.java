package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_ioctl_in.flags} and {@code fuse_ioctl_out.flags} ({@code FUSE_IOCTL_*}).
 */
public final class IoctlFlags {

    /** {@code FUSE_IOCTL_COMPAT}: 32-bit compat ioctl on a 64-bit machine. */
    public static final int COMPAT = 1 << 0;

    /** {@code FUSE_IOCTL_UNRESTRICTED}: not restricted to well-formed ioctls; retry allowed. */
    public static final int UNRESTRICTED = 1 << 1;

    /** {@code FUSE_IOCTL_RETRY}: retry with new iovecs. */
    public static final int RETRY = 1 << 2;

    /** {@code FUSE_IOCTL_32BIT}: 32-bit ioctl. */
    public static final int BIT32 = 1 << 3;

    /** {@code FUSE_IOCTL_DIR}: the ioctl is on a directory. */
    public static final int DIR = 1 << 4;

    /** {@code FUSE_IOCTL_COMPAT_X32}: x32 compat ioctl on a 64-bit machine (64-bit time_t). */
    public static final int COMPAT_X32 = 1 << 5;

    /** {@code FUSE_IOCTL_MAX_IOV}: maximum of in_iovs + out_iovs (a limit, not a flag). */
    public static final int MAX_IOV = 256;

    private IoctlFlags() {
    }
}
