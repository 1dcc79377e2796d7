package dev.fusering.internal.mount;

import dev.fusering.internal.linux.KernelFiles;
import dev.fusering.internal.linux.LibC;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Tells whether this kernel will offer FUSE-over-io_uring to the next mount.
 *
 * <p>Two switches matter, and both must be right <em>before</em> mounting:
 * <ul>
 *   <li>{@code /sys/module/fuse/parameters/enable_uring}: missing on kernels without
 *       FUSE-over-io_uring (before 6.14, or without CONFIG_FUSE_IO_URING); {@code N} when disabled
 *       (the default on stock kernels);</li>
 *   <li>the sysctl {@code kernel.io_uring_disabled} ({@code /proc/sys/kernel/io_uring_disabled}):
 *       0 allows io_uring for everybody, 1 only for privileged processes (root or members of
 *       {@code kernel.io_uring_group}), 2 for nobody.</li>
 * </ul>
 */
public final class UringSupport {

    /** The fuse module parameter that turns FUSE-over-io_uring on. */
    public static final Path ENABLE_URING = Path.of("/sys/module/fuse/parameters/enable_uring");
    /** The sysctl that restricts io_uring. */
    public static final Path IO_URING_DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");

    private UringSupport() {
    }

    /**
     * The outcome of {@link #check()}.
     *
     * @param available whether a mount made now can use FUSE-over-io_uring
     * @param reason one line: why not and how to fix it, or a short confirmation when available
     */
    public record Status(boolean available, String reason) {
    }

    /**
     * Checks the kernel's switches for FUSE-over-io_uring.
     *
     * @return the status; never throws
     */
    public static Status check() {
        return check(ENABLE_URING, IO_URING_DISABLED, isRoot());
    }

    /**
     * Checks the switches read from the given files (for tests).
     *
     * @param enableUring the {@code enable_uring} parameter file
     * @param ioUringDisabled the {@code io_uring_disabled} sysctl file
     * @param root whether the process runs as root (allowed when the sysctl is 1)
     * @return the status
     */
    static Status check(Path enableUring, Path ioUringDisabled, boolean root) {
        String enabled;
        try {
            enabled = KernelFiles.read(enableUring);
        } catch (NoSuchFileException e) {
            return new Status(false, "this kernel has no FUSE-over-io_uring (needs Linux 6.14+ with"
                    + " CONFIG_FUSE_IO_URING)");
        } catch (IOException e) {
            return new Status(false, "cannot read " + enableUring + " (" + e.getMessage() + ")");
        }
        if (!enabled.equals("Y") && !enabled.equals("1")) {
            return new Status(false, "FUSE-over-io_uring is disabled: enable it with 'echo Y > " + enableUring
                    + "' (as root, before mounting)");
        }
        String disabled;
        try {
            disabled = KernelFiles.read(ioUringDisabled);
        } catch (NoSuchFileException e) {
            disabled = "0"; // kernels before 6.6 have no such sysctl
        } catch (IOException e) {
            return new Status(false, "cannot read " + ioUringDisabled + " (" + e.getMessage() + ")");
        }
        if (disabled.equals("2") || (disabled.equals("1") && !root)) {
            return new Status(false, "io_uring is disabled by the sysctl kernel.io_uring_disabled=" + disabled
                    + ": set it to 0 (sysctl -w kernel.io_uring_disabled=0, as root)");
        }
        if (!disabled.equals("0") && !disabled.equals("1")) {
            return new Status(false, "unexpected value '" + disabled + "' in " + ioUringDisabled
                    + ": set kernel.io_uring_disabled to 0");
        }
        return new Status(true, "FUSE-over-io_uring is available");
    }

    private static boolean isRoot() {
        try {
            return LibC.geteuid() == 0;
        } catch (IllegalStateException e) {
            return false; // native access disabled: the engine reports that separately
        }
    }
}
