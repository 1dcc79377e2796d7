package dev.fusering.testing;

import dev.fusering.api.SetattrRequest;

import java.time.Instant;

/**
 * A {@link SetattrRequest} built field by field; nothing is changed unless set. Times are kept in seconds and
 * nanoseconds, with {@link Instant} overloads. The values of fields that are not set read as 0.
 */
public final class TestSetattr implements SetattrRequest {

    private Integer mode;
    private Integer uid;
    private Integer gid;
    private Long size;
    private boolean hasAtime;
    private boolean atimeNow;
    private long atimeSeconds;
    private int atimeNanos;
    private boolean hasMtime;
    private boolean mtimeNow;
    private long mtimeSeconds;
    private int mtimeNanos;
    private boolean hasCtime;
    private long ctimeSeconds;
    private int ctimeNanos;
    private Long fh;
    private boolean killSuidgid;

    /** Creates a request that changes nothing. */
    public TestSetattr() {
    }

    /**
     * Sets the mode.
     *
     * @param mode the new mode
     * @return this request
     */
    public TestSetattr mode(int mode) {
        this.mode = mode;
        return this;
    }

    /**
     * Sets the owner.
     *
     * @param uid the new owner
     * @return this request
     */
    public TestSetattr uid(int uid) {
        this.uid = uid;
        return this;
    }

    /**
     * Sets the group.
     *
     * @param gid the new group
     * @return this request
     */
    public TestSetattr gid(int gid) {
        this.gid = gid;
        return this;
    }

    /**
     * Sets the size.
     *
     * @param size the new size
     * @return this request
     */
    public TestSetattr size(long size) {
        this.size = size;
        return this;
    }

    /**
     * Sets the access time.
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds the nanoseconds
     * @return this request
     */
    public TestSetattr atime(long seconds, int nanoseconds) {
        this.hasAtime = true;
        this.atimeSeconds = seconds;
        this.atimeNanos = nanoseconds;
        return this;
    }

    /**
     * Sets the access time.
     *
     * @param atime the new access time
     * @return this request
     */
    public TestSetattr atime(Instant atime) {
        return atime(atime.getEpochSecond(), atime.getNano());
    }

    /**
     * Sets the access time to the filesystem's current time.
     *
     * @return this request
     */
    public TestSetattr withAtimeNow() {
        this.hasAtime = true;
        this.atimeNow = true;
        return this;
    }

    /**
     * Sets the modification time.
     *
     * @param seconds     seconds since the epoch
     * @param nanoseconds the nanoseconds
     * @return this request
     */
    public TestSetattr mtime(long seconds, int nanoseconds) {
        this.hasMtime = true;
        this.mtimeSeconds = seconds;
        this.mtimeNanos = nanoseconds;
        return this;
    }

    /**
     * Sets the modification time.
     *
     * @param mtime the new modification time
     * @return this request
     */
    public TestSetattr mtime(Instant mtime) {
        return mtime(mtime.getEpochSecond(), mtime.getNano());
    }

    /**
     * Sets the modification time to the filesystem's current time.
     *
     * @return this request
     */
    public TestSetattr withMtimeNow() {
        this.hasMtime = true;
        this.mtimeNow = true;
        return this;
    }

    /**
     * Sets the change time.
     *
     * @param ctime the new change time
     * @return this request
     */
    public TestSetattr ctime(Instant ctime) {
        this.hasCtime = true;
        this.ctimeSeconds = ctime.getEpochSecond();
        this.ctimeNanos = ctime.getNano();
        return this;
    }

    /**
     * Names the open file the request comes through.
     *
     * @param fh the file handle
     * @return this request
     */
    public TestSetattr fh(long fh) {
        this.fh = fh;
        return this;
    }

    /**
     * Asks to clear the set-user-id and set-group-id bits.
     *
     * @return this request
     */
    public TestSetattr withKillSuidgid() {
        this.killSuidgid = true;
        return this;
    }

    @Override
    public int valid() {
        return 0;
    }

    @Override
    public boolean hasMode() {
        return mode != null;
    }

    @Override
    public int mode() {
        return mode == null ? 0 : mode;
    }

    @Override
    public boolean hasUid() {
        return uid != null;
    }

    @Override
    public int uid() {
        return uid == null ? 0 : uid;
    }

    @Override
    public boolean hasGid() {
        return gid != null;
    }

    @Override
    public int gid() {
        return gid == null ? 0 : gid;
    }

    @Override
    public boolean hasSize() {
        return size != null;
    }

    @Override
    public long size() {
        return size == null ? 0 : size;
    }

    @Override
    public boolean hasAtime() {
        return hasAtime;
    }

    @Override
    public boolean atimeNow() {
        return atimeNow;
    }

    @Override
    public long atimeSeconds() {
        return atimeSeconds;
    }

    @Override
    public int atimeNanos() {
        return atimeNanos;
    }

    @Override
    public boolean hasMtime() {
        return hasMtime;
    }

    @Override
    public boolean mtimeNow() {
        return mtimeNow;
    }

    @Override
    public long mtimeSeconds() {
        return mtimeSeconds;
    }

    @Override
    public int mtimeNanos() {
        return mtimeNanos;
    }

    @Override
    public boolean hasCtime() {
        return hasCtime;
    }

    @Override
    public long ctimeSeconds() {
        return ctimeSeconds;
    }

    @Override
    public int ctimeNanos() {
        return ctimeNanos;
    }

    @Override
    public boolean hasFh() {
        return fh != null;
    }

    @Override
    public long fh() {
        return fh == null ? 0 : fh;
    }

    @Override
    public boolean killSuidgid() {
        return killSuidgid;
    }
}
