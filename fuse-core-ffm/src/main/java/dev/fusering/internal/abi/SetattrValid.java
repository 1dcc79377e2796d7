package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_setattr_in.valid} ({@code FATTR_*}) saying which SETATTR fields are set.
 */
public final class SetattrValid {

    /** {@code FATTR_MODE}: {@code mode} is set. */
    public static final int MODE = 1 << 0;

    /** {@code FATTR_UID}: {@code uid} is set. */
    public static final int UID = 1 << 1;

    /** {@code FATTR_GID}: {@code gid} is set. */
    public static final int GID = 1 << 2;

    /** {@code FATTR_SIZE}: {@code size} is set (truncate). */
    public static final int SIZE = 1 << 3;

    /** {@code FATTR_ATIME}: {@code atime} is set. */
    public static final int ATIME = 1 << 4;

    /** {@code FATTR_MTIME}: {@code mtime} is set. */
    public static final int MTIME = 1 << 5;

    /** {@code FATTR_FH}: {@code fh} is set. */
    public static final int FH = 1 << 6;

    /** {@code FATTR_ATIME_NOW}: set atime to the current time. */
    public static final int ATIME_NOW = 1 << 7;

    /** {@code FATTR_MTIME_NOW}: set mtime to the current time. */
    public static final int MTIME_NOW = 1 << 8;

    /** {@code FATTR_LOCKOWNER}: {@code lock_owner} is set. */
    public static final int LOCKOWNER = 1 << 9;

    /** {@code FATTR_CTIME}: {@code ctime} is set. */
    public static final int CTIME = 1 << 10;

    /** {@code FATTR_KILL_SUIDGID}: kill suid and sgid (HANDLE_KILLPRIV_V2). */
    public static final int KILL_SUIDGID = 1 << 11;

    private SetattrValid() {
    }
}
