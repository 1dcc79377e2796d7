package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_init_in} (64 bytes on x86_64, protocol 7.45): the argument of INIT (104 bytes
 * read from /dev/fuse = 40-byte header + 64).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseInitIn {

    /** Size of {@code struct fuse_init_in} in bytes. */
    public static final long SIZE = 64;

    /** {@code uint32_t major} at 0: kernel protocol major version (7). */
    public static final long MAJOR = 0;

    /** {@code uint32_t minor} at 4: kernel protocol minor version. */
    public static final long MINOR = 4;

    /** {@code uint32_t max_readahead} at 8: maximum readahead in bytes. */
    public static final long MAX_READAHEAD = 8;

    /** {@code uint32_t flags} at 12: low 32 bits of the offered {@link InitFlags}. */
    public static final long FLAGS = 12;

    /** {@code uint32_t flags2} at 16: high 32 bits of the offered {@link InitFlags}, valid with INIT_EXT. */
    public static final long FLAGS2 = 16;

    /** {@code uint32_t unused[11]} at 20: {@code unused[11]}: reserved. */
    public static final long UNUSED = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("major"),
            JAVA_INT.withName("minor"),
            JAVA_INT.withName("max_readahead"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("flags2"),
            MemoryLayout.sequenceLayout(11, JAVA_INT).withName("unused"));

    private FuseInitIn() {
    }
}
