package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_mknod_in} (16 bytes on x86_64, protocol 7.45): the argument of MKNOD, followed
 * by the name (NUL-terminated).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseMknodIn {

    /** Size of {@code struct fuse_mknod_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint32_t mode} at 0: file type and permissions, umask already applied unless DONT_MASK. */
    public static final long MODE = 0;

    /** {@code uint32_t rdev} at 4: device number for device files. */
    public static final long RDEV = 4;

    /** {@code uint32_t umask} at 8: umask of the caller. */
    public static final long UMASK = 8;

    /** {@code uint32_t padding} at 12: padding. */
    public static final long PADDING = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("rdev"),
            JAVA_INT.withName("umask"),
            JAVA_INT.withName("padding"));

    private FuseMknodIn() {
    }
}
