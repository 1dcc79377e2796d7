package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_poll_in.flags} ({@code FUSE_POLL_*}).
 */
public final class PollFlags {

    /** {@code FUSE_POLL_SCHEDULE_NOTIFY}: the kernel wants a POLL notification when the file becomes ready. */
    public static final int SCHEDULE_NOTIFY = 1 << 0;

    private PollFlags() {
    }
}
