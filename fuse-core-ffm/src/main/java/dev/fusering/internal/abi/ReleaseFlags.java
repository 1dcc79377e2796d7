package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_release_in.release_flags} ({@code FUSE_RELEASE_*}).
 */
public final class ReleaseFlags {

    /** {@code FUSE_RELEASE_FLUSH}: flush before release. */
    public static final int FLUSH = 1 << 0;

    /** {@code FUSE_RELEASE_FLOCK_UNLOCK}: release flock locks of {@code lock_owner}. */
    public static final int FLOCK_UNLOCK = 1 << 1;

    private ReleaseFlags() {
    }
}
