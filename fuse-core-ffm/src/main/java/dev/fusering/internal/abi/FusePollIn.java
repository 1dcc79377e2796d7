package dev.fusering.internal.abi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layout of {@code struct fuse_poll_in} (24 bytes on x86_64, protocol 7.45): the argument of POLL.
 *
 * <p>The constants named after the C fields (UPPER_SNAKE case; a field called {@code size} becomes
 * {@code SIZE_FIELD}) are byte offsets from the start of the struct. Hot paths read and write them with
 * the {@code JAVA_*_UNALIGNED} value layouts; {@link #LAYOUT} describes the same struct for tests and
 * tools.
 */
public final class FusePollIn {

    /** Size of {@code struct fuse_poll_in} in bytes. */
    public static final long SIZE = 24;

    /** {@code uint64_t fh} at 0: file handle. */
    public static final long FH = 0;

    /** {@code uint64_t kh} at 8: kernel handle to pass back in {@link FuseNotifyPollWakeupOut}. */
    public static final long KH = 8;

    /** {@code uint32_t flags} at 16: {@link PollFlags} bits. */
    public static final long FLAGS = 16;

    /** {@code uint32_t events} at 20: requested poll events. */
    public static final long EVENTS = 20;

    /** The struct as a memory layout with named, naturally aligned members. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("kh"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("events"));

    private FusePollIn() {
    }
}
