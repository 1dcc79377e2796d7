package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_statx_in} (24 bytes on x86_64, protocol 7.45): the argument of STATX.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseStatxIn {

    /** Size of {@code struct fuse_statx_in} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint32_t getattr_flags} at 0: {@link GetattrFlags} bits. */
    public static final long GETATTR_FLAGS = 0;

    /** {@code uint32_t reserved} at 4: reserved. */
    public static final long RESERVED = 4;

    /** {@code uint64_t fh} at 8: file handle, valid when {@link GetattrFlags#FH} is set. */
    public static final long FH = 8;

    /** {@code uint32_t sx_flags} at 16: AT_STATX_* sync flags of the caller. */
    public static final long SX_FLAGS = 16;

    /** {@code uint32_t sx_mask} at 20: STATX_* mask the caller asked for. */
    public static final long SX_MASK = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("getattr_flags"),
            JAVA_INT.withName("reserved"),
            JAVA_LONG.withName("fh"),
            JAVA_INT.withName("sx_flags"),
            JAVA_INT.withName("sx_mask"));

    private FuseStatxIn() {
    }
}
