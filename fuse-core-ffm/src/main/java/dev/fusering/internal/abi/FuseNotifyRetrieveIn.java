package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_notify_retrieve_in} (40 bytes on x86_64, protocol 7.45): the first payload part
 * of a NOTIFY_REPLY request (after a zero-size arg0), followed by the data; matches the size of
 * {@link FuseWriteIn}.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseNotifyRetrieveIn {

    /** Size of {@code struct fuse_notify_retrieve_in} in bytes. */
    public static final long SIZE = 40;

    /** {@code uint64_t dummy1} at 0: unused. */
    public static final long DUMMY1 = 0;

    /** {@code uint64_t offset} at 8: file offset of the data. */
    public static final long OFFSET = 8;

    /** {@code uint32_t size} at 16: number of data bytes that follow. */
    public static final long SIZE_FIELD = 16;

    /** {@code uint32_t dummy2} at 20: unused. */
    public static final long DUMMY2 = 20;

    /** {@code uint64_t dummy3} at 24: unused. */
    public static final long DUMMY3 = 24;

    /** {@code uint64_t dummy4} at 32: unused. */
    public static final long DUMMY4 = 32;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("dummy1"),
            JAVA_LONG.withName("offset"),
            JAVA_INT.withName("size"),
            JAVA_INT.withName("dummy2"),
            JAVA_LONG.withName("dummy3"),
            JAVA_LONG.withName("dummy4"));

    private FuseNotifyRetrieveIn() {
    }
}
