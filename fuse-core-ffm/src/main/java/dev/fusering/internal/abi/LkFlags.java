package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_lk_in.lk_flags} ({@code FUSE_LK_*}).
 */
public final class LkFlags {

    /** {@code FUSE_LK_FLOCK}: the lock is a BSD flock emulated with POSIX locks. */
    public static final int FLOCK = 1 << 0;

    private LkFlags() {
    }
}
