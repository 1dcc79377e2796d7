package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_ioctl_in} (32 bytes on x86_64, protocol 7.45): the argument of IOCTL, followed
 * by {@code in_size} bytes of input data when non-zero.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseIoctlIn {

    /** Size of {@code struct fuse_ioctl_in} in bytes. */
    public static final long SIZE = 32;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint32_t flags} at 8: {@link IoctlFlags} bits. */
    public static final long FLAGS = 8;

    /** {@code uint32_t cmd} at 12: ioctl command number. */
    public static final long CMD = 12;

    /** {@code uint64_t arg} at 16: ioctl argument (user address for restricted ioctls). */
    public static final long ARG = 16;

    /** {@code uint32_t in_size} at 24: number of input bytes that follow. */
    public static final long IN_SIZE = 24;

    /** {@code uint32_t out_size} at 28: maximum number of output bytes. */
    public static final long OUT_SIZE = 28;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("cmd"),
            JAVA_LONG.withName("arg"),
            JAVA_INT.withName("in_size"),
            JAVA_INT.withName("out_size"));

    private FuseIoctlIn() {
    }
}
