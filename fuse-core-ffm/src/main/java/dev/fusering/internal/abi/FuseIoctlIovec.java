package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_ioctl_iovec} (16 bytes on x86_64, protocol 7.45): one iovec of an unrestricted
 * IOCTL retry reply.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseIoctlIovec {

    /** Size of {@code struct fuse_ioctl_iovec} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t base} at 0: user address. */
    public static final long BASE = 0;

    /** {@code uint64_t len} at 8: length in bytes. */
    public static final long LEN = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("base"),
            JAVA_LONG.withName("len"));

    private FuseIoctlIovec() {
    }
}
