package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_write_in.write_flags} ({@code FUSE_WRITE_*}).
 */
public final class WriteFlags {

    /** {@code FUSE_WRITE_CACHE}: delayed write from the page cache; the file handle is guessed. */
    public static final int CACHE = 1 << 0;

    /** {@code FUSE_WRITE_LOCKOWNER}: {@code lock_owner} is valid. */
    public static final int LOCKOWNER = 1 << 1;

    /** {@code FUSE_WRITE_KILL_SUIDGID}: kill suid and sgid bits (obsolete alias FUSE_WRITE_KILL_PRIV). */
    public static final int KILL_SUIDGID = 1 << 2;

    private WriteFlags() {
    }
}
