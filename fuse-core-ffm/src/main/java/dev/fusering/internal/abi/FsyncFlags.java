package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_fsync_in.fsync_flags} ({@code FUSE_FSYNC_*}).
 */
public final class FsyncFlags {

    /** {@code FUSE_FSYNC_FDATASYNC}: sync data only, not metadata. */
    public static final int FDATASYNC = 1 << 0;

    private FsyncFlags() {
    }
}
