package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_uring_ent_in_out} (32 bytes on x86_64, protocol 7.45): the per-entry control
 * block at {@link FuseUringReqHeader#RING_ENT_IN_OUT} of every ring entry header.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FuseUringEntInOut {

    /** Size of {@code struct fuse_uring_ent_in_out} in bytes. */
    public static final long SIZE = 32;

    /** {@code uint64_t flags} at 0: flags; the kernel writes 0. */
    public static final long FLAGS = 0;

    /** {@code uint64_t commit_id} at 8: kernel to server: id to commit with (equals the in-header unique). */
    public static final long COMMIT_ID = 8;

    /**
     * {@code uint32_t payload_sz} at 16: kernel to server: bytes of in_args[1..] in the payload; server to kernel:
     * reply bytes.
     */
    public static final long PAYLOAD_SZ = 16;

    /** {@code uint32_t padding} at 20: padding. */
    public static final long PADDING = 20;

    /** {@code uint64_t reserved} at 24: reserved. */
    public static final long RESERVED = 24;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),
            JAVA_LONG.withName("commit_id"),
            JAVA_INT.withName("payload_sz"),
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("reserved"));

    private FuseUringEntInOut() {
    }
}
