package dev.fusering.internal.abi;

/**
 * Request-side open flags ({@code FUSE_OPEN_*}) in {@code fuse_open_in.open_flags} and
 * {@code fuse_create_in.open_flags}.
 */
public final class OpenInFlags {

    /** {@code FUSE_OPEN_KILL_SUIDGID}: kill suid and sgid if executable (O_TRUNC with HANDLE_KILLPRIV_V2). */
    public static final int KILL_SUIDGID = 1 << 0;

    private OpenInFlags() {
    }
}
