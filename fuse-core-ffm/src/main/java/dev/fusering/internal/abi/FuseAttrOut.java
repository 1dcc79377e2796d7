package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_attr_out} (104 bytes on x86_64, protocol 7.45): the reply of GETATTR and
 * SETATTR.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseAttrOut {

    /** Size of {@code struct fuse_attr_out} in bytes. */
    public static final long SIZE = 104;

    /** {@code uint64_t attr_valid} at 0: attribute cache timeout, seconds. */
    public static final long ATTR_VALID = 0;

    /** {@code uint32_t attr_valid_nsec} at 8: attribute cache timeout, nanoseconds. */
    public static final long ATTR_VALID_NSEC = 8;

    /** {@code uint32_t dummy} at 12: padding. */
    public static final long DUMMY = 12;

    /** {@code struct fuse_attr attr} at 16: the attributes ({@link FuseAttr}). */
    public static final long ATTR = 16;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("attr_valid"),
            JAVA_INT.withName("attr_valid_nsec"),
            JAVA_INT.withName("dummy"),
            FuseAttr.LAYOUT.withName("attr"));

    private FuseAttrOut() {
    }
}
