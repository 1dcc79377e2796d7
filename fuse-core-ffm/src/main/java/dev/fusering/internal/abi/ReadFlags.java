package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_read_in.read_flags} ({@code FUSE_READ_*}).
 */
public final class ReadFlags {

    /** {@code FUSE_READ_LOCKOWNER}: {@code lock_owner} is valid. */
    public static final int LOCKOWNER = 1 << 1;

    private ReadFlags() {
    }
}
