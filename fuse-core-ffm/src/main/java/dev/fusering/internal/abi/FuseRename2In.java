package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_rename2_in} (16 bytes on x86_64, protocol 7.45): the argument of RENAME2,
 * followed by the old and the new name (each NUL-terminated).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseRename2In {

    /** Size of {@code struct fuse_rename2_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t newdir} at 0: node id of the new parent directory. */
    public static final long NEWDIR = 0;

    /** {@code uint32_t flags} at 8: {@link RenameFlags} bits. */
    public static final long FLAGS = 8;

    /** {@code uint32_t padding} at 12: padding. */
    public static final long PADDING = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("newdir"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("padding"));

    private FuseRename2In() {
    }
}
