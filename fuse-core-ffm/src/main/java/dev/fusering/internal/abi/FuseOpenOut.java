package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_open_out} (16 bytes on x86_64, protocol 7.45): the reply of OPEN and OPENDIR,
 * and the second out arg of CREATE and TMPFILE.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseOpenOut {

    /** Size of {@code struct fuse_open_out} in bytes. */
    public static final long SIZE = 16;

    /** {@code uint64_t fh} at 0: file handle chosen by the server. */
    public static final long FH = 0;

    /** {@code uint32_t open_flags} at 8: {@link OpenFlags} (FOPEN_*) bits. */
    public static final long OPEN_FLAGS = 8;

    /** {@code int32_t backing_id} at 12: backing file id for {@link OpenFlags#PASSTHROUGH}. */
    public static final long BACKING_ID = 12;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_INT.withName("open_flags"),
            JAVA_INT.withName("backing_id"));

    private FuseOpenOut() {
    }
}
