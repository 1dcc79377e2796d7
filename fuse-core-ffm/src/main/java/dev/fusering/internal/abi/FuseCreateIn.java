package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_create_in} (16 bytes on x86_64, protocol 7.45): the argument of CREATE and
 * TMPFILE, followed by the name (NUL-terminated).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseCreateIn {

    /** Size of {@code struct fuse_create_in} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint32_t flags} at 0: open(2) flags. */
    public static final long FLAGS = 0;

    /** {@code uint32_t mode} at 4: file mode, umask already applied unless DONT_MASK. */
    public static final long MODE = 4;

    /** {@code uint32_t umask} at 8: umask of the caller. */
    public static final long UMASK = 8;

    /** {@code uint32_t open_flags} at 12: {@link OpenInFlags} bits. */
    public static final long OPEN_FLAGS = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("umask"),
            JAVA_INT.withName("open_flags"));

    private FuseCreateIn() {
    }
}
