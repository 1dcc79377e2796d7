package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_backing_map} (16 bytes on x86_64, protocol 7.45): the argument of the
 * {@link DevIoctl#BACKING_OPEN} ioctl (passthrough).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseBackingMap {

    /** Size of {@code struct fuse_backing_map} in bytes. */
    public static final long SIZE = 16;

    /** {@code int32_t fd} at 0: file descriptor of the backing file. */
    public static final long FD = 0;

    /** {@code uint32_t flags} at 4: flags, 0. */
    public static final long FLAGS = 4;

    /** {@code uint64_t padding} at 8: padding. */
    public static final long PADDING = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("padding"));

    private FuseBackingMap() {
    }
}
