package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_file_lock} (24 bytes on x86_64, protocol 7.45): a POSIX lock description inside
 * {@link FuseLkIn} (GETLK, SETLK, SETLKW) and {@link FuseLkOut} (GETLK reply).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseFileLock {

    /** Size of {@code struct fuse_file_lock} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t start} at 0: first byte of the locked range. */
    public static final long START = 0;

    /** {@code uint64_t end} at 8: last byte of the locked range (inclusive; OFFSET_MAX for to-EOF). */
    public static final long END = 8;

    /** {@code uint32_t type} at 16: F_RDLCK, F_WRLCK or F_UNLCK. */
    public static final long TYPE = 16;

    /** {@code uint32_t pid} at 20: thread group id of the lock owner. */
    public static final long PID = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("start"),
            JAVA_LONG.withName("end"),
            JAVA_INT.withName("type"),
            JAVA_INT.withName("pid"));

    private FuseFileLock() {
    }
}
