package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_lseek_out} (8 bytes on x86_64, protocol 7.45): the reply of LSEEK.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseLseekOut {

    /** Size of {@code struct fuse_lseek_out} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint64_t offset} at 0: resulting offset. */
    public static final long OFFSET = 0;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("offset"));

    private FuseLseekOut() {
    }
}
