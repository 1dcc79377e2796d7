package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_init_out} (64 bytes on x86_64, protocol 7.45): the reply of INIT (written to
 * /dev/fuse after a 16-byte {@link FuseOutHeader}).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseInitOut {

    /** Size of {@code struct fuse_init_out} in bytes. */
    public static final long SIZE = 64;

    /** {@code uint32_t major} at 0: protocol major version (7). */
    public static final long MAJOR = 0;

    /** {@code uint32_t minor} at 4: negotiated minor version: min(kernel, ours). */
    public static final long MINOR = 4;

    /** {@code uint32_t max_readahead} at 8: maximum readahead in bytes. */
    public static final long MAX_READAHEAD = 8;

    /** {@code uint32_t flags} at 12: low 32 bits of the accepted {@link InitFlags}. */
    public static final long FLAGS = 12;

    /** {@code uint16_t max_background} at 16: maximum number of pending background requests. */
    public static final long MAX_BACKGROUND = 16;

    /**
     * {@code uint16_t congestion_threshold} at 18: number of background requests at which the kernel reports
     * congestion.
     */
    public static final long CONGESTION_THRESHOLD = 18;

    /** {@code uint32_t max_write} at 20: maximum size of a WRITE's data. */
    public static final long MAX_WRITE = 20;

    /** {@code uint32_t time_gran} at 24: timestamp granularity in nanoseconds. */
    public static final long TIME_GRAN = 24;

    /** {@code uint16_t max_pages} at 28: maximum pages per request, valid with {@link InitFlags#MAX_PAGES}. */
    public static final long MAX_PAGES = 28;

    /** {@code uint16_t map_alignment} at 30: log2 of the DAX mapping alignment. */
    public static final long MAP_ALIGNMENT = 30;

    /** {@code uint32_t flags2} at 32: high 32 bits of the accepted {@link InitFlags}. */
    public static final long FLAGS2 = 32;

    /** {@code uint32_t max_stack_depth} at 36: maximum stacking depth for passthrough backing files. */
    public static final long MAX_STACK_DEPTH = 36;

    /**
     * {@code uint16_t request_timeout} at 40: request timeout in seconds, valid with
     * {@link InitFlags#REQUEST_TIMEOUT}.
     */
    public static final long REQUEST_TIMEOUT = 40;

    /** {@code uint16_t unused[11]} at 42: {@code unused[11]}: reserved. */
    public static final long UNUSED = 42;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("major"),
            JAVA_INT.withName("minor"),
            JAVA_INT.withName("max_readahead"),
            JAVA_INT.withName("flags"),
            JAVA_SHORT.withName("max_background"),
            JAVA_SHORT.withName("congestion_threshold"),
            JAVA_INT.withName("max_write"),
            JAVA_INT.withName("time_gran"),
            JAVA_SHORT.withName("max_pages"),
            JAVA_SHORT.withName("map_alignment"),
            JAVA_INT.withName("flags2"),
            JAVA_INT.withName("max_stack_depth"),
            JAVA_SHORT.withName("request_timeout"),
            MemoryLayout.sequenceLayout(11, JAVA_SHORT).withName("unused"));

    private FuseInitOut() {
    }
}
