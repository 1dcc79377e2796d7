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

    /**
     * Returns true when the mode is to be changed.
     *
     * @return true when the mode is to be changed
     */
    boolean hasMode();

    /**
     * Returns the new mode (permission bits, with the file type bits as the kernel sent them).
     *
     * @return the new mode (permission bits, with the file type bits as the kernel sent them)
     */
    int mode();

    /**
     * Returns true when the owner is to be changed.
     *
     * @return true when the owner is to be changed
     */
    boolean hasUid();

    /**
     * Returns the new owner.
     *
     * @return the new owner
     */
    int uid();

    /**
     * Returns true when the group is to be changed.
     *
     * @return true when the group is to be changed
     */
    boolean hasGid();

    /**
     * Returns the new group.
     *
     * @return the new group
     */
    int gid();

    /**
     * Returns true when the size is to be changed (truncate).
     *
     * @return true when the size is to be changed (truncate)
     */
    boolean hasSize();

    /**
     * Returns the new size.
     *
     * @return the new size
     */
    long size();

    /**
     * Returns true when the access time is to be changed.
     *
     * @return true when the access time is to be changed
     */
    boolean hasAtime();

    /**
     * Returns true when the access time is to be set to the current time ({@link #atimeSeconds()} is then unset).
     *
     * @return true when the access time is to be set to the current time ({@link #atimeSeconds()} is then unset)
     */
    boolean atimeNow();

    /**
     * Returns the new access time, seconds.
     *
     * @return the new access time, seconds
     */
    long atimeSeconds();

    /**
     * Returns the new access time, nanoseconds.
     *
     * @return the new access time, nanoseconds
     */
    int atimeNanos();

    /**
     * Returns true when the modification time is to be changed.
     *
     * @return true when the modification time is to be changed
     */
    boolean hasMtime();

    /**
     * Returns true when the modification time is to be set to the current time.
     *
     * @return true when the modification time is to be set to the current time
     */
    boolean mtimeNow();

    /**
     * Returns the new modification time, seconds.
     *
     * @return the new modification time, seconds
     */
    long mtimeSeconds();

    /**
     * Returns the new modification time, nanoseconds.
     *
     * @return the new modification time, nanoseconds
     */
    int mtimeNanos();

    /**
     * Returns true when the change time is to be set explicitly.
     *
     * @return true when the change time is to be set explicitly
     */
    boolean hasCtime();

    /**
     * Returns the new change time, seconds.
     *
     * @return the new change time, seconds
     */
    long ctimeSeconds();

    /**
     * Returns the new change time, nanoseconds.
     *
     * @return the new change time, nanoseconds
     */
    int ctimeNanos();

    /**
     * Returns true when the request names an open file handle ({@link #fh()}).
     *
     * @return true when the request names an open file handle ({@link #fh()})
     */
    boolean hasFh();

    /**
     * Returns the file handle, when {@link #hasFh()}.
     *
     * @return the file handle, when {@link #hasFh()}
     */
    long fh();

    /**
     * Returns true when setuid/setgid bits are to be dropped (FATTR_KILL_SUIDGID).
     *
     * @return true when setuid/setgid bits are to be dropped (FATTR_KILL_SUIDGID)
     */
    boolean killSuidgid();
}
