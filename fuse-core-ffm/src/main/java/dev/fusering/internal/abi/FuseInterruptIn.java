package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_interrupt_in} (8 bytes on x86_64, protocol 7.45): the argument of INTERRUPT
 * (arrives only through read(/dev/fuse); its own unique is {@code target | FUSE_INT_REQ_BIT}).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseInterruptIn {

    /** Size of {@code struct fuse_interrupt_in} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint64_t unique} at 0: unique of the request to interrupt. */
    public static final long UNIQUE = 0;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("unique"));

    private FuseInterruptIn() {
    }
}
