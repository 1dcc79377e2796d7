package dev.fusering.internal.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_statfs_out} (80 bytes on x86_64, protocol 7.45): the reply of STATFS.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseStatfsOut {

    /** Size of {@code struct fuse_statfs_out} in bytes. */
    public static final long SIZE = 80;

    /** {@code struct fuse_kstatfs st} at 0: the statistics ({@link FuseKstatfs}). */
    public static final long ST = 0;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            FuseKstatfs.LAYOUT.withName("st"));

    private FuseStatfsOut() {
    }
}
