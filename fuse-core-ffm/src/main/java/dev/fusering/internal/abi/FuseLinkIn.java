package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_link_in} (8 bytes on x86_64, protocol 7.45): the argument of LINK, followed by
 * the new name (NUL-terminated).
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseLinkIn {

    /** Size of {@code struct fuse_link_in} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint64_t oldnodeid} at 0: node id of the existing inode. */
    public static final long OLDNODEID = 0;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("oldnodeid"));

    private FuseLinkIn() {
    }
}
