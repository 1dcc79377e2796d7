package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_out_header} (16 bytes on x86_64, protocol 7.45): the header of every reply and
 * notification.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseOutHeader {

    /** Size of {@code struct fuse_out_header} in bytes. */
    public static final long SIZE = 16;

    /**
     * {@code uint32_t len} at 0: total length including the header (ignored in ring mode; exact for /dev/fuse
     * writes).
     */
    public static final long LEN = 0;

    /**
     * {@code int32_t error} at 4: 0 or a negative errno in (-512, 0); for notifications the {@link NotifyCode}.
     */
    public static final long ERROR = 4;

    /** {@code uint64_t unique} at 8: unique of the request answered; 0 for notifications. */
    public static final long UNIQUE = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),
            JAVA_INT.withName("error"),
            JAVA_LONG.withName("unique"));

    private FuseOutHeader() {
    }
}
