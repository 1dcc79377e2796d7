package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_write_in} (40 bytes on x86_64, protocol 7.45): the argument of WRITE, followed
 * by the data.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseWriteIn {

    /** Size of {@code struct fuse_write_in} in bytes. */
    public static final long SIZE = 40;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint64_t offset} at 8: file offset. */
    public static final long OFFSET = 8;

    /** {@code uint32_t size} at 16: number of data bytes that follow. */
    public static final long SIZE_FIELD = 16;

    /** {@code uint32_t write_flags} at 20: {@link WriteFlags} bits. */
    public static final long WRITE_FLAGS = 20;

    /** {@code uint64_t lock_owner} at 24: lock owner, valid with {@link WriteFlags#LOCKOWNER}. */
    public static final long LOCK_OWNER = 24;

    /** {@code uint32_t flags} at 32: open(2) flags of the file. */
    public static final long FLAGS = 32;

    /** {@code uint32_t padding} at 36: padding. */
    public static final long PADDING = 36;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("offset"),
            JAVA_INT.withName("size"),
            JAVA_INT.withName("write_flags"),
            JAVA_LONG.withName("lock_owner"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("padding"));

    private FuseWriteIn() {
    }
}
