package dev.fusering.internal.mount;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Mounts and unmounts a FUSE filesystem with the mount(2) and umount2(2) system calls directly
 * (root or CAP_SYS_ADMIN; no fusermount3).
 *
 * <p>The filesystem type is {@code fuse} or {@code fuse.<subtype>}; the data string is
 * {@code fd=N,rootmode=40000,user_id=<euid>,group_id=<egid>} followed by the caller's extra options
 * (e.g. {@code allow_other,default_permissions,max_read=131072}). After mount(2) returns, the kernel
 * has queued FUSE_INIT on the device; until a server answers it, any access to the mount point
 * blocks.
 */
public final class KernelMount {

    /** Options that this class sets itself and that the caller must not repeat. */
    private static final Set<String> RESERVED_KEYS = Set.of("fd", "rootmode", "user_id", "group_id");

    /** The kernel copies at most one page of mount data; keep below it. */
    private static final int MAX_DATA_LENGTH = 4095;

    private KernelMount() {
    }

    /**
     * Mounts a FUSE filesystem served through {@code devFd}.
     *
     * @param mountPoint the mount point (absolute; see {@link MountPointGuard#prepare(Path)})
     * @param devFd an open {@code /dev/fuse} descriptor (see {@link DevFuse#open()})
     * @param source the filesystem name shown as the mount source ("fsname"), e.g. {@code "myfs"}
     * @param subtype the subtype, giving the type {@code fuse.<subtype>}; {@code null} or empty for
     *     plain {@code fuse}
     * @param msFlags {@code MS_*} flags, e.g. {@code MS_NOSUID | MS_NODEV}
     * @param extraOptions a comma-separated list of extra FUSE options, or {@code null}/empty
     * @param blockDevice a block device for a {@code fuseblk} mount (it becomes the mount source), or null
     * @throws FuseMountException {@link Reason#CONFIGURATION} for a source, subtype or option that
     *     would corrupt the option string; {@link Reason#PERMISSION_DENIED} for EPERM;
     *     {@link Reason#NO_DEV_FUSE} for ENODEV; {@link Reason#MOUNT_FAILED} otherwise
     */
    public static void mount(Path mountPoint, int devFd, String source, String subtype, long msFlags,
            String extraOptions, Path blockDevice) throws FuseMountException {
        String fsType = fsType(subtype);
        String data = data(devFd, LibC.geteuid(), LibC.getegid(), source, extraOptions);
        String mountSource = source;
        if (blockDevice != null) {
            requireBlockDevice(blockDevice);
            fsType = "fuseblk" + fsType.substring("fuse".length());
            mountSource = blockDevice.toString();
            if (!(',' + data).contains(",blksize=")) {
                data = data + ",blksize=4096";
            }
        }
        String target = mountPoint.toAbsolutePath().toString();
        try {
            LibC.mount(mountSource, target, fsType, msFlags, data);
        } catch (NativeCallException e) {
            throw translateMountError(e, target, fsType, data);
        }
    }

    /** Fails clearly unless {@code device} is a block device. */
    private static void requireBlockDevice(Path device) throws FuseMountException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(device, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new FuseMountException(Reason.CONFIGURATION, "block device " + device + " cannot be read: " + e
                    + "; give an existing block device such as a loop device (losetup -f --show FILE)");
        }
        if ((mode & 0xF000) != 0x6000) {
            throw new FuseMountException(Reason.CONFIGURATION, device + " is not a block device: a fuseblk mount needs"
                    + " one, such as a loop device (losetup -f --show FILE)");
        }
    }

    /**
     * Returns the filesystem type for a subtype.
     *
     * @param subtype the subtype, or {@code null}/empty
     * @return {@code "fuse"} or {@code "fuse." + subtype}
     * @throws FuseMountException {@link Reason#CONFIGURATION} when the subtype contains a character
     *     that is not allowed (',', '=', '/', white space, control characters)
     */
    static String fsType(String subtype) throws FuseMountException {
        if (subtype == null || subtype.isEmpty()) {
            return "fuse";
        }
        for (int i = 0; i < subtype.length(); i++) {
            char c = subtype.charAt(i);
            if (c == ',' || c == '=' || c == '/' || c <= ' ' || c == 0x7f) {
                throw new FuseMountException(Reason.CONFIGURATION, "invalid FUSE subtype '" + printable(subtype)
                        + "': use letters, digits, '.', '-' or '_' (no ',', '=', '/' or spaces)");
            }
        }
        return "fuse." + subtype;
    }

    /**
     * Builds the mount data string.
     *
     * @param devFd the /dev/fuse descriptor
     * @param uid the owner uid of the mount (the effective uid of the caller)
     * @param gid the owner gid of the mount
     * @param source the mount source, validated here
     * @param extraOptions the caller's options, or {@code null}/empty
     * @return {@code fd=N,rootmode=40000,user_id=U,group_id=G[,extra]}
     * @throws FuseMountException {@link Reason#CONFIGURATION} for an invalid source or option
     */
    static String data(int devFd, int uid, int gid, String source, String extraOptions) throws FuseMountException {
        if (source == null || source.isEmpty() || hasControlCharacter(source)) {
            throw new FuseMountException(Reason.CONFIGURATION, "invalid FUSE source (fsname) '"
                    + (source == null ? "null" : printable(source)) + "': give a non-empty name without control characters");
        }
        StringBuilder data = new StringBuilder()
                .append("fd=").append(devFd)
                .append(",rootmode=40000")
                .append(",user_id=").append(Integer.toUnsignedString(uid))
                .append(",group_id=").append(Integer.toUnsignedString(gid));
        if (extraOptions != null && !extraOptions.isEmpty()) {
            for (String option : extraOptions.split(",", -1)) {
                validateOption(option, extraOptions);
            }
            data.append(',').append(extraOptions);
        }
        if (data.length() > MAX_DATA_LENGTH) {
            throw new FuseMountException(Reason.CONFIGURATION, "FUSE mount options are too long (" + data.length()
                    + " characters, the kernel takes at most " + MAX_DATA_LENGTH + "): shorten them");
        }
        return data.toString();
    }

    private static void validateOption(String option, String all) throws FuseMountException {
        String key = option.indexOf('=') < 0 ? option : option.substring(0, option.indexOf('='));
        if (option.isEmpty() || key.isEmpty()) {
            throw new FuseMountException(Reason.CONFIGURATION, "empty entry in FUSE mount options '"
                    + printable(all) + "': write them as a comma list like 'allow_other,max_read=131072'");
        }
        if (option.indexOf('=') != option.lastIndexOf('=') || hasControlCharacter(option) || option.indexOf(' ') >= 0) {
            throw new FuseMountException(Reason.CONFIGURATION, "invalid FUSE mount option '" + printable(option)
                    + "': use 'name' or 'name=value' without spaces and with a single '='");
        }
        if (RESERVED_KEYS.contains(key)) {
            throw new FuseMountException(Reason.CONFIGURATION, "FUSE mount option '" + key
                    + "' is set by FuseRing itself: remove it from the extra options");
        }
    }

    private static FuseMountException translateMountError(NativeCallException e, String target, String fsType,
            String data) {
        int errno = e.errno();
        if (errno == Errno.EPERM.code() || errno == Errno.EACCES.code()) {
            return new FuseMountException(Reason.PERMISSION_DENIED, "mounting " + fsType + " on " + target
                    + " was refused (" + Errno.nameOf(errno) + "): mount(2) needs root or CAP_SYS_ADMIN in the"
                    + " initial user namespace; without them FuseRing mounts through fusermount3 (package fuse3)", e);
        }
        if (errno == Errno.ENODEV.code()) {
            return new FuseMountException(Reason.NO_DEV_FUSE, "the kernel does not know the filesystem type "
                    + fsType + " (ENODEV): load the fuse module (modprobe fuse)", e);
        }
        if (errno == Errno.ENOENT.code() || errno == Errno.ENOTDIR.code()) {
            return new FuseMountException(Reason.MOUNT_POINT_MISSING, "mount point " + target
                    + " is missing or not a directory (" + Errno.nameOf(errno) + "): create it (mkdir -p "
                    + target + ")", e);
        }
        return new FuseMountException(Reason.MOUNT_FAILED, "mount(2) of " + fsType + " on " + target
                + " with options '" + data + "' failed: " + Errno.nameOf(errno) + " ("
                + describe(errno) + "): check the mount options and the kernel log (dmesg)", e);
    }

    /**
     * Unmounts a filesystem: {@code umount2(path, 0)}, then a lazy {@code MNT_DETACH} when it is busy.
     *
     * @param mountPoint the mount point
     * @return {@link UnmountResult#UNMOUNTED}, {@link UnmountResult#DETACHED} (it was busy), or
     *     {@link UnmountResult#NOT_MOUNTED} when nothing is mounted there (EINVAL or ENOENT)
     * @throws NativeCallException for any other failure, e.g. EPERM without privileges
     */
    public static UnmountResult unmount(Path mountPoint) throws NativeCallException {
        String target = mountPoint.toAbsolutePath().toString();
        try {
            LibC.umount2(target, 0);
            return UnmountResult.UNMOUNTED;
        } catch (NativeCallException e) {
            int errno = e.errno();
            if (errno == Errno.EINVAL.code() || errno == Errno.ENOENT.code()) {
                return UnmountResult.NOT_MOUNTED;
            }
            if (errno != Errno.EBUSY.code()) {
                throw e;
            }
        }
        try {
            LibC.umount2(target, LinuxConstants.MNT_DETACH);
            return UnmountResult.DETACHED;
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EINVAL.code() || e.errno() == Errno.ENOENT.code()) {
                return UnmountResult.NOT_MOUNTED;
            }
            throw e;
        }
    }

    private static String describe(int errno) {
        Errno known = Errno.of(errno);
        return known != null ? known.description() : "unknown error";
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
