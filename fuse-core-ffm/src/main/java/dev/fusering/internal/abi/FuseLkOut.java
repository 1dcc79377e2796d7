package dev.fusering.internal.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_lk_out} (24 bytes on x86_64, protocol 7.45): the reply of GETLK.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseLkOut {

    /** Size of {@code struct fuse_lk_out} in bytes. */
    public static final long SIZE = 24;

    /** {@code struct fuse_file_lock lk} at 0: the conflicting lock, or type F_UNLCK ({@link FuseFileLock}). */
    public static final long LK = 0;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseFileLock.LAYOUT.withName("lk"));

    private FuseLkOut() {
    }
}
