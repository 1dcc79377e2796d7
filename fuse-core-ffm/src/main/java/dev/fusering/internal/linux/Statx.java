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
 */
public record Statx(int mode, int uid, int gid, long ino, long size, int devMajor, int devMinor) {

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
                buf.get(ValueLayout.JAVA_INT, OFF_DEV_MINOR));
    }

    /**
     * Tells whether the file is a directory ({@code S_ISDIR(mode)}).
     *
     * @return {@code true} for a directory
     */
    public boolean isDirectory() {
        return (mode & LinuxConstants.S_IFMT) == LinuxConstants.S_IFDIR;
    }
}
