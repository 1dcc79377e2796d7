package dev.fusering.api;

/**
 * What a SETATTR request asks to change ({@code struct fuse_setattr_in}). Each {@code hasX()} tells
 * whether the field is to be changed; the value getters are only meaningful when it is. Only valid during
 * the call that received it.
 */
public interface SetattrRequest {

    /**
     * Returns the raw FATTR_* validity mask.
     *
     * @return the mask
     */
    int valid();

    /** @return true when the mode is to be changed */
    boolean hasMode();

    /** @return the new mode (permission bits, with the file type bits as the kernel sent them) */
    int mode();

    /** @return true when the owner is to be changed */
    boolean hasUid();

    /** @return the new owner */
    int uid();

    /** @return true when the group is to be changed */
    boolean hasGid();

    /** @return the new group */
    int gid();

    /** @return true when the size is to be changed (truncate) */
    boolean hasSize();

    /** @return the new size */
    long size();

    /** @return true when the access time is to be changed */
    boolean hasAtime();

    /** @return true when the access time is to be set to the current time ({@link #atimeSeconds()} is then unset) */
    boolean atimeNow();

    /** @return the new access time, seconds */
    long atimeSeconds();

    /** @return the new access time, nanoseconds */
    int atimeNanos();

    /** @return true when the modification time is to be changed */
    boolean hasMtime();

    /** @return true when the modification time is to be set to the current time */
    boolean mtimeNow();

    /** @return the new modification time, seconds */
    long mtimeSeconds();

    /** @return the new modification time, nanoseconds */
    int mtimeNanos();

    /** @return true when the change time is to be set explicitly */
    boolean hasCtime();

    /** @return the new change time, seconds */
    long ctimeSeconds();

    /** @return the new change time, nanoseconds */
    int ctimeNanos();

    /** @return true when the request names an open file handle ({@link #fh()}) */
    boolean hasFh();

    /** @return the file handle, when {@link #hasFh()} */
    long fh();

    /** @return true when setuid/setgid bits are to be dropped (FATTR_KILL_SUIDGID) */
    boolean killSuidgid();
}
