package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_setxattr_in} (16 bytes on x86_64, protocol 7.45): the argument of SETXATTR,
 * followed by the name (NUL-terminated) and the value. The kernel sends all 16 bytes only when
 * FUSE_SETXATTR_EXT was negotiated, otherwise the first {@link #COMPAT_SIZE} bytes.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseSetxattrIn {

    /** Size of {@code struct fuse_setxattr_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint32_t size} at 0: size of the value that follows the name. */
    public static final long SIZE_FIELD = 0;

    /** {@code uint32_t flags} at 4: XATTR_CREATE / XATTR_REPLACE. */
    public static final long FLAGS = 4;

    /** {@code uint32_t setxattr_flags} at 8: {@link SetxattrFlags} bits (only with SETXATTR_EXT). */
    public static final long SETXATTR_FLAGS = 8;

    /** {@code uint32_t padding} at 12: padding. */
    public static final long PADDING = 12;

    /** {@code FUSE_COMPAT_SETXATTR_IN_SIZE}: bytes sent when FUSE_SETXATTR_EXT was not negotiated. */
    public static final long COMPAT_SIZE = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("setxattr_flags"),
            JAVA_INT.withName("padding"));

    private FuseSetxattrIn() {
    }
}
