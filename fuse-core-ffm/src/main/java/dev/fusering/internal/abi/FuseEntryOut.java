package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_entry_out} (128 bytes on x86_64, protocol 7.45): the reply of LOOKUP, MKNOD,
 * MKDIR, SYMLINK and LINK, the first out arg of CREATE and TMPFILE, and the first part of every
 * {@link FuseDirentplus} record.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseEntryOut {

    /** Size of {@code struct fuse_entry_out} in bytes. */
    public static final long SIZE = 128;

    /**
     * {@code uint64_t nodeid} at 0: node id of the entry (0 in a LOOKUP reply means a negative, cacheable entry).
     */
    public static final long NODEID = 0;

    /**
     * {@code uint64_t generation} at 8: inode generation: nodeid:generation must be unique for the file system's
     * lifetime.
     */
    public static final long GENERATION = 8;

    /** {@code uint64_t entry_valid} at 16: name cache timeout, seconds. */
    public static final long ENTRY_VALID = 16;

    /** {@code uint64_t attr_valid} at 24: attribute cache timeout, seconds. */
    public static final long ATTR_VALID = 24;

    /** {@code uint32_t entry_valid_nsec} at 32: name cache timeout, nanoseconds. */
    public static final long ENTRY_VALID_NSEC = 32;

    /** {@code uint32_t attr_valid_nsec} at 36: attribute cache timeout, nanoseconds. */
    public static final long ATTR_VALID_NSEC = 36;

    /** {@code struct fuse_attr attr} at 40: the attributes ({@link FuseAttr}). */
    public static final long ATTR = 40;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nodeid"),
            JAVA_LONG.withName("generation"),
            JAVA_LONG.withName("entry_valid"),
            JAVA_LONG.withName("attr_valid"),
            JAVA_INT.withName("entry_valid_nsec"),
            JAVA_INT.withName("attr_valid_nsec"),
            FuseAttr.LAYOUT.withName("attr"));

    private FuseEntryOut() {
    }
}
