package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_ioctl_out} (16 bytes on x86_64, protocol 7.45): the first part of the IOCTL
 * reply, followed by output data or retry iovecs.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseIoctlOut {

    /** Size of {@code struct fuse_ioctl_out} in bytes. */
    public static final long SIZE = 16;

    /** {@code int32_t result} at 0: ioctl return value. */
    public static final long RESULT = 0;

    /** {@code uint32_t flags} at 4: {@link IoctlFlags} bits (RETRY). */
    public static final long FLAGS = 4;

    /** {@code uint32_t in_iovs} at 8: number of input iovecs for a retry. */
    public static final long IN_IOVS = 8;

    /** {@code uint32_t out_iovs} at 12: number of output iovecs for a retry. */
    public static final long OUT_IOVS = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("result"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("in_iovs"),
            JAVA_INT.withName("out_iovs"));

    private FuseIoctlOut() {
    }
}
