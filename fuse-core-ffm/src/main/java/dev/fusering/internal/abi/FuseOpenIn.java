package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_open_in} (8 bytes on x86_64, protocol 7.45): the argument of OPEN and OPENDIR.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseOpenIn {

    /** Size of {@code struct fuse_open_in} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint32_t flags} at 0: open(2) flags (O_CREAT, O_EXCL and O_NOCTTY removed). */
    public static final long FLAGS = 0;

    /** {@code uint32_t open_flags} at 4: {@link OpenInFlags} bits. */
    public static final long OPEN_FLAGS = 4;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("open_flags"));

    private FuseOpenIn() {
    }
}
