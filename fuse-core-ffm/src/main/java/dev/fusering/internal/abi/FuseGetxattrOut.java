package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_getxattr_out} (8 bytes on x86_64, protocol 7.45): the reply of GETXATTR and
 * LISTXATTR when the request's size was 0.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseGetxattrOut {

    /** Size of {@code struct fuse_getxattr_out} in bytes. */
    public static final long SIZE = 8;

    /** {@code uint32_t size} at 0: size the value (or the name list) needs. */
    public static final long SIZE_FIELD = 0;

    /** {@code uint32_t padding} at 4: padding. */
    public static final long PADDING = 4;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("size"),
            JAVA_INT.withName("padding"));

    private FuseGetxattrOut() {
    }
}
