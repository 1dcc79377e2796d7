package dev.fusering.internal.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The few fields of a {@code struct statx} that the engine uses, copied out of the native buffer
 * that {@link LibC#statx(String, boolean)} filled.
 *
 * <p>{@code struct statx} has the same layout on every architecture (256 bytes); the offsets below
 * were checked with {@code offsetof} against this platform's headers.
 *
 * @param mode file type and permission bits ({@code stx_mode})
 * @param uid owner user id
 * @param gid owner group id
 * @param ino inode number
 * @param size size in bytes
 * @param devMajor major number of the device holding the file ({@code stx_dev_major})
 * @param devMinor minor number of the device holding the file ({@code stx_dev_minor})
 * @param rdevMajor for a device file, the major number of the device it stands for ({@code stx_rdev_major})
 * @param rdevMinor for a device file, the minor number of the device it stands for ({@code stx_rdev_minor})
 */
public record Statx(int mode, int uid, int gid, long ino, long size, int devMajor, int devMinor, int rdevMajor,
                    int rdevMinor) {

    /** Size of {@code struct statx} in bytes. */
    public static final long SIZE = 256;
    /** Offset of {@code stx_uid} (u32). */
    static final long OFF_UID = 20;
    /** Offset of {@code stx_gid} (u32). */
    static final long OFF_GID = 24;
    /** Offset of {@code stx_mode} (u16). */
    static final long OFF_MODE = 28;
    /** Offset of {@code stx_ino} (u64). */
    static final long OFF_INO = 32;
    /** Offset of {@code stx_size} (u64). */
    static final long OFF_SIZE = 40;
    /** Offset of {@code stx_rdev_major} (u32). */
    static final long OFF_RDEV_MAJOR = 128;
    /** Offset of {@code stx_rdev_minor} (u32). */
    static final long OFF_RDEV_MINOR = 132;
    /** Offset of {@code stx_dev_major} (u32). */
    static final long OFF_DEV_MAJOR = 136;
    /** Offset of {@code stx_dev_minor} (u32). */
    static final long OFF_DEV_MINOR = 140;

    /**
     * Copies the fields out of a filled {@code struct statx}.
     *
     * @param buf a native segment of at least {@link #SIZE} bytes written by {@code statx(2)}
     * @return the decoded record
     */
    static Statx read(MemorySegment buf) {
        return new Statx(
                Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, OFF_MODE)),
                buf.get(ValueLayout.JAVA_INT, OFF_UID),
                buf.get(ValueLayout.JAVA_INT, OFF_GID),
                buf.get(ValueLayout.JAVA_LONG, OFF_INO),
                buf.get(ValueLayout.JAVA_LONG, OFF_SIZE),
                buf.get(ValueLayout.JAVA_INT, OFF_DEV_MAJOR),
                buf.get(ValueLayout.JAVA_INT, OFF_DEV_MINOR),
                buf.get(ValueLayout.JAVA_INT, OFF_RDEV_MAJOR),
                buf.get(ValueLayout.JAVA_INT, OFF_RDEV_MINOR));
    }

    /**
     * Tells whether the file is a directory ({@code S_ISDIR(mode)}).
     *
     * @return {@code true} for a directory
     */
    public boolean isDirectory() {
        return (mode & LinuxConstants.S_IFMT) == LinuxConstants.S_IFDIR;
    }

    /**
     * Tells whether the file is the character device with the given numbers ({@code /dev/fuse} is 10:229,
     * {@code /dev/null} 1:3).
     *
     * @param major the device's major number
     * @param minor the device's minor number
     * @return {@code true} for a character device file of that device
     */
    public boolean isCharDevice(int major, int minor) {
        return (mode & LinuxConstants.S_IFMT) == LinuxConstants.S_IFCHR && rdevMajor == major && rdevMinor == minor;
    }
}
