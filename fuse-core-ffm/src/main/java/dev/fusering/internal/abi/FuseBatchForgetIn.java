package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_batch_forget_in} (8 bytes on x86_64, protocol 7.45): the argument of
 * BATCH_FORGET, followed by {@code count} {@link FuseForgetOne} records (arrives only through read(/dev/fuse);
 * no reply).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseBatchForgetIn {

    /** Size of {@code struct fuse_batch_forget_in} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint32_t count} at 0: number of {@link FuseForgetOne} records that follow. */
    public static final long COUNT = 0;

    /** {@code uint32_t dummy} at 4: padding. */
    public static final long DUMMY = 4;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("count"),
            JAVA_INT.withName("dummy"));

    private FuseBatchForgetIn() {
    }
}
