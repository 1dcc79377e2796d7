package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_access_in} (8 bytes on x86_64, protocol 7.45): the argument of ACCESS.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseAccessIn {

    /** Size of {@code struct fuse_access_in} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint32_t mask} at 0: R_OK / W_OK / X_OK bits to check. */
    public static final long MASK = 0;

    /** {@code uint32_t padding} at 4: padding. */
    public static final long PADDING = 4;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("mask"),
            JAVA_INT.withName("padding"));

    private FuseAccessIn() {
    }
}
