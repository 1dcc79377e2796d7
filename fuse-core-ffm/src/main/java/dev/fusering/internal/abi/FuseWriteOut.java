package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_write_out} (8 bytes on x86_64, protocol 7.45): the reply of WRITE and
 * COPY_FILE_RANGE.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseWriteOut {

    /** Size of {@code struct fuse_write_out} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint32_t size} at 0: number of bytes written. */
    public static final long SIZE_FIELD = 0;

    /** {@code uint32_t padding} at 4: padding. */
    public static final long PADDING = 4;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),
            JAVA_INT.withName("padding"));

    private FuseWriteOut() {
    }
}
