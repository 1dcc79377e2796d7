package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_getattr_in.getattr_flags} and {@code fuse_statx_in.getattr_flags}
 * ({@code FUSE_GETATTR_*}).
 */
public final class GetattrFlags {

    /** {@code FUSE_GETATTR_FH}: {@code fh} is valid. */
    public static final int FH = 1 << 0;

    private GetattrFlags() {
    }
}
