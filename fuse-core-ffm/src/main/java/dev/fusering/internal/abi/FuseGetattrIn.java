package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_getattr_in} (16 bytes on x86_64, protocol 7.45): the argument of GETATTR.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseGetattrIn {

    /** Size of {@code struct fuse_getattr_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint32_t getattr_flags} at 0: {@link GetattrFlags} bits. */
    public static final long GETATTR_FLAGS = 0;

    /** {@code uint32_t dummy} at 4: padding. */
    public static final long DUMMY = 4;

    /** {@code uint64_t fh} at 8: file handle, valid when {@link GetattrFlags#FH} is set. */
    public static final long FH = 8;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("getattr_flags"),
            JAVA_INT.withName("dummy"),
            JAVA_LONG.withName("fh"));

    private FuseGetattrIn() {
    }
}
