package dev.fusering.fs;

import dev.fusering.api.Attributes;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FuseException;
import dev.fusering.api.SetattrRequest;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One inode of a {@link MemoryFilesystem}: a directory, regular file, symbolic link, device, FIFO or
 * socket, with its attributes, extended attributes, kernel lookup count and open-handle count.
 *
 * <p>Thread-safety, in three groups:
 * <ul>
 *   <li>the attributes (mode, owner, link count, times) and the file contents are guarded by this node's
 *       own read-write lock, taken inside every method that touches them, so data reads and writes can
 *       run concurrently under the filesystem's shared tree lock;</li>
 *   <li>the directory entries, the parent, the extended attributes and the "linkable" flag are guarded by
 *       the filesystem's tree lock (read lock to look, write lock to change);</li>
 *   <li>the lookup and open-handle counts are atomic: they grow under the shared tree lock and shrink
 *       under the exclusive one, where the filesystem decides whether to free the node.</li>
 * </ul>
 * A method that needs two node locks ({@link #copyRange}) takes them in node id order.
 */
final class MemoryNode {

    /** The preferred I/O size reported as {@code st_blksize}. */
    static final int BLOCK_SIZE = 4096;

    /** fallocate(2) {@code FALLOC_FL_KEEP_SIZE}. */
    static final int FALLOC_FL_KEEP_SIZE = 1;

    /** fallocate(2) {@code FALLOC_FL_PUNCH_HOLE}. */
    static final int FALLOC_FL_PUNCH_HOLE = 2;

    /** fallocate(2) {@code FALLOC_FL_ZERO_RANGE}. */
    static final int FALLOC_FL_ZERO_RANGE = 16;

    /** lseek(2) {@code SEEK_DATA}. */
    static final int SEEK_DATA = 3;

    /** lseek(2) {@code SEEK_HOLE}. */
    static final int SEEK_HOLE = 4;

    /** The size a directory reports: this much for "." and "..", like tmpfs. */
    private static final int EMPTY_DIRECTORY_SIZE = 40;

    /** The size each directory entry adds to its directory's size, like tmpfs. */
    private static final int DIRECTORY_ENTRY_SIZE = 20;

    /** relatime: the access time is also refreshed when it is older than this. */
    private static final Duration RELATIME_INTERVAL = Duration.ofDays(1);

    private static final int S_IXGRP = 0010;

    private final long id;
    private final int type;
    private final int rdev;
    private final MemoryFileData data;
    private final MemoryDirectory directory;
    private final String symlinkTarget;
    private final int symlinkLength;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Instant btime;
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicInteger openHandles = new AtomicInteger();

    // Guarded by lock.
    private int mode;
    private int uid;
    private int gid;
    private int nlink;
    private Instant atime;
    private Instant mtime;
    private Instant ctime;

    // Guarded by the filesystem's tree lock.
    private final MemoryXattrs xattrs = new MemoryXattrs();
    private MemoryNode parent;
    private boolean linkable;

    private MemoryNode(long id, int type, int permissions, int uid, int gid, int rdev, int nlink,
                       MemoryFileData data, MemoryDirectory directory, String symlinkTarget, Instant now) {
        this.id = id;
        this.type = type;
        this.mode = type | (permissions & FileMode.PERMISSIONS);
        this.uid = uid;
        this.gid = gid;
        this.rdev = rdev;
        this.nlink = nlink;
        this.data = data;
        this.directory = directory;
        this.symlinkTarget = symlinkTarget;
        this.symlinkLength = symlinkTarget == null ? 0 : symlinkTarget.getBytes(StandardCharsets.UTF_8).length;
        this.atime = now;
        this.mtime = now;
        this.ctime = now;
        this.btime = now;
    }

    /**
     * Creates a directory with link count 2.
     *
     * @param id          the node id
     * @param permissions the permission bits (07777 is kept)
     * @param uid         the owner
     * @param gid         the group
     * @param parent      the parent directory, or null for the root (which is its own parent)
     * @param now         the creation time
     * @return the directory
     */
    static MemoryNode newDirectory(long id, int permissions, int uid, int gid, MemoryNode parent, Instant now) {
        MemoryNode node = new MemoryNode(id, FileMode.S_IFDIR, permissions, uid, gid, 0, 2, null,
                new MemoryDirectory(), null, now);
        node.parent = parent == null ? node : parent;
        return node;
    }

    /**
     * Creates an empty regular file.
     *
     * @param id          the node id
     * @param permissions the permission bits
     * @param uid         the owner
     * @param gid         the group
     * @param nlink       the initial link count: 1, or 0 for an O_TMPFILE file
     * @param quota       the budget its data is charged to
     * @param now         the creation time
     * @return the file
     */
    static MemoryNode newRegular(long id, int permissions, int uid, int gid, int nlink, MemoryQuota quota,
                                 Instant now) {
        return new MemoryNode(id, FileMode.S_IFREG, permissions, uid, gid, 0, nlink, new MemoryFileData(quota),
                null, null, now);
    }

    /**
     * Creates a symbolic link with mode 0777.
     *
     * @param id     the node id
     * @param target the target, stored as given
     * @param uid    the owner
     * @param gid    the group
     * @param now    the creation time
     * @return the link
     */
    static MemoryNode newSymlink(long id, String target, int uid, int gid, Instant now) {
        return new MemoryNode(id, FileMode.S_IFLNK, 0777, uid, gid, 0, 1, null, null, target, now);
    }

    /**
     * Creates a device node, FIFO or socket.
     *
     * @param id          the node id
     * @param type        {@code S_IFCHR}, {@code S_IFBLK}, {@code S_IFIFO} or {@code S_IFSOCK}
     * @param permissions the permission bits
     * @param rdev        the device number (devices only, 0 otherwise)
     * @param uid         the owner
     * @param gid         the group
     * @param now         the creation time
     * @return the node
     */
    static MemoryNode newSpecial(long id, int type, int permissions, int rdev, int uid, int gid, Instant now) {
        return new MemoryNode(id, type, permissions, uid, gid, rdev, 1, null, null, null, now);
    }

    /**
     * Returns the node id, also its inode number.
     *
     * @return the node id, also its inode number
     */
    long id() {
        return id;
    }

    /**
     * Returns the file type bits ({@code S_IFMT} part of the mode).
     *
     * @return the file type bits ({@code S_IFMT} part of the mode)
     */
    int type() {
        return type;
    }

    /**
     * Tells whether this is a directory.
     *
     * @return true for a directory
     */
    boolean isDirectory() {
        return type == FileMode.S_IFDIR;
    }

    /**
     * Tells whether this is a regular file.
     *
     * @return true for a regular file
     */
    boolean isRegular() {
        return type == FileMode.S_IFREG;
    }

    /**
     * Tells whether this is a symbolic link.
     *
     * @return true for a symbolic link
     */
    boolean isSymlink() {
        return type == FileMode.S_IFLNK;
    }

    /**
     * Returns the entries of a directory (guarded by the tree lock), null for other types.
     *
     * @return the entries of a directory (guarded by the tree lock), null for other types
     */
    MemoryDirectory directory() {
        return directory;
    }

    /**
     * Returns the target of a symbolic link, null for other types.
     *
     * @return the target of a symbolic link, null for other types
     */
    String symlinkTarget() {
        return symlinkTarget;
    }

    /**
     * Returns the extended attributes (guarded by the tree lock).
     *
     * @return the extended attributes (guarded by the tree lock)
     */
    MemoryXattrs xattrs() {
        return xattrs;
    }

    /**
     * Returns the parent of a directory, itself for the root (guarded by the tree lock).
     *
     * @return the parent of a directory, itself for the root (guarded by the tree lock)
     */
    MemoryNode parent() {
        return parent;
    }

    /**
     * Sets the parent of a directory (guarded by the tree lock).
     *
     * @param parent the new parent
     */
    void parent(MemoryNode parent) {
        this.parent = parent;
    }

    /**
     * Tells whether a link may be made to this node although its link count is 0 (O_TMPFILE).
     *
     * @return true when a link may be made to this node although its link count is 0 (O_TMPFILE)
     */
    boolean linkable() {
        return linkable;
    }

    /**
     * Sets whether a link may be made while the link count is 0 (guarded by the tree lock).
     *
     * @param linkable true for a fresh O_TMPFILE file
     */
    void linkable(boolean linkable) {
        this.linkable = linkable;
    }

    /** Counts one more kernel lookup. */
    void addLookup() {
        lookups.incrementAndGet();
    }

    /**
     * Gives kernel lookups back; the count never goes below 0.
     *
     * @param count how many
     */
    void forgetLookups(long count) {
        lookups.updateAndGet(current -> Math.max(0, current - count));
    }

    /**
     * Returns the kernel lookup count.
     *
     * @return the kernel lookup count
     */
    long lookups() {
        return lookups.get();
    }

    /** Counts one more open handle. */
    void openHandle() {
        openHandles.incrementAndGet();
    }

    /** Counts one handle less; the count never goes below 0. */
    void releaseHandle() {
        openHandles.updateAndGet(current -> Math.max(0, current - 1));
    }

    /**
     * Returns the number of open handles.
     *
     * @return the number of open handles
     */
    int openHandles() {
        return openHandles.get();
    }

    /**
     * Returns the link count.
     *
     * @return the link count
     */
    int nlink() {
        Lock l = lock.readLock();
        l.lock();
        try {
            return nlink;
        } finally {
            l.unlock();
        }
    }

    /**
     * Changes the link count.
     *
     * @param delta how much to add (negative to remove)
     */
    void adjustNlink(int delta) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            nlink = Math.max(0, nlink + delta);
        } finally {
            l.unlock();
        }
    }

    /** Sets the link count to 0 (a removed directory). */
    void clearNlink() {
        Lock l = lock.writeLock();
        l.lock();
        try {
            nlink = 0;
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns the whole mode, type bits included.
     *
     * @return the whole mode, type bits included
     */
    int mode() {
        Lock l = lock.readLock();
        l.lock();
        try {
            return mode;
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns the owner.
     *
     * @return the owner
     */
    int uid() {
        Lock l = lock.readLock();
        l.lock();
        try {
            return uid;
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns the group.
     *
     * @return the group
     */
    int gid() {
        Lock l = lock.readLock();
        l.lock();
        try {
            return gid;
        } finally {
            l.unlock();
        }
    }

    /**
     * Sets the change time.
     *
     * @param now the time
     */
    void touchCtime(Instant now) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            ctime = now;
        } finally {
            l.unlock();
        }
    }

    /**
     * Sets the modification and change times (a directory whose entries changed, say).
     *
     * @param now the time
     */
    void touchMtimeCtime(Instant now) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            mtime = now;
            ctime = now;
        } finally {
            l.unlock();
        }
    }

    /**
     * Refreshes the access time after a read, with Linux's default {@code relatime} rule: only when it is
     * not newer than the modification or change time, or older than a day.
     *
     * @param now the time of the access
     */
    void accessed(Instant now) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (!atimeIsStale(now)) {
                return;
            }
        } finally {
            read.unlock();
        }
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (atimeIsStale(now)) {
                atime = now;
            }
        } finally {
            write.unlock();
        }
    }

    private boolean atimeIsStale(Instant now) {
        return !atime.isAfter(mtime) || !atime.isAfter(ctime) || !atime.plus(RELATIME_INTERVAL).isAfter(now);
    }

    /**
     * Checks access(2) permissions against the mode, owner and group. The caller's supplementary groups
     * are unknown, so only its primary group counts. Root may read and write anything, and execute
     * directories and files with at least one execute bit.
     *
     * @param callerUid the caller's user id
     * @param callerGid the caller's group id
     * @param mask      {@code R_OK} (4), {@code W_OK} (2), {@code X_OK} (1) or {@code F_OK} (0), or'ed
     * @throws FuseException {@code EACCES} when denied
     */
    void checkAccess(int callerUid, int callerGid, int mask) {
        int wanted = mask & 7;
        Lock l = lock.readLock();
        l.lock();
        try {
            if (wanted == 0) {
                return;
            }
            if (callerUid == 0) {
                if ((wanted & 1) != 0 && type != FileMode.S_IFDIR && (mode & 0111) == 0) {
                    throw FuseException.of(Errno.EACCES);
                }
                return;
            }
            int granted;
            if (callerUid == uid) {
                granted = (mode >> 6) & 7;
            } else if (callerGid == gid) {
                granted = (mode >> 3) & 7;
            } else {
                granted = mode & 7;
            }
            if ((granted & wanted) != wanted) {
                throw FuseException.of(Errno.EACCES);
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Writes this node's attributes.
     *
     * @param attributes where to write them
     */
    void fillAttributes(Attributes attributes) {
        Lock l = lock.readLock();
        l.lock();
        try {
            attributes.ino(id)
                    .mode(mode)
                    .nlink(nlink)
                    .uid(uid)
                    .gid(gid)
                    .rdev(rdev)
                    .size(sizeLocked())
                    .blocks(data == null ? 0 : data.allocatedBytes() / 512)
                    .blksize(BLOCK_SIZE)
                    .atime(atime.getEpochSecond(), atime.getNano())
                    .mtime(mtime.getEpochSecond(), mtime.getNano())
                    .ctime(ctime.getEpochSecond(), ctime.getNano());
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns when this node was created (its birth time; it never changes).
     *
     * @return the creation time
     */
    Instant birthTime() {
        return btime;
    }

    private long sizeLocked() {
        if (data != null) {
            return data.size();
        }
        if (directory != null) {
            return EMPTY_DIRECTORY_SIZE + (long) DIRECTORY_ENTRY_SIZE * directory.size();
        }
        return symlinkLength;
    }

    /**
     * Applies a SETATTR: mode (type bits kept; a stored access ACL follows it), owner and group (clearing
     * setuid, and setgid when group execute is set, on non-directories), size (which sets the modification
     * time even when unchanged, like ext4), access and modification times; the change time becomes
     * {@code now} unless the kernel sent one. All checks run before anything changes. The caller holds the
     * tree write lock (the ACL is an extended attribute).
     *
     * @param changes what to change
     * @param now     the current time
     * @throws FuseException {@code EISDIR} / {@code EINVAL} for a size on a directory / non-regular node,
     *     {@code EINVAL} for a negative size, {@code EFBIG} beyond the maximum file size
     */
    void setattr(SetattrRequest changes, Instant now) {
        if (changes.hasSize()) {
            if (type == FileMode.S_IFDIR) {
                throw FuseException.of(Errno.EISDIR);
            }
            if (type != FileMode.S_IFREG) {
                throw FuseException.of(Errno.EINVAL);
            }
            MemoryFileData.checkSize(changes.size());
        }
        Lock l = lock.writeLock();
        l.lock();
        try {
            if (changes.hasMode()) {
                mode = type | (changes.mode() & FileMode.PERMISSIONS);
                byte[] acl = xattrs.raw(MemoryAcl.ACCESS);
                if (acl != null) {
                    xattrs.put(MemoryAcl.ACCESS, MemoryAcl.chmod(acl, mode));
                }
            }
            if (changes.hasUid() || changes.hasGid()) {
                if (changes.hasUid()) {
                    uid = changes.uid();
                }
                if (changes.hasGid()) {
                    gid = changes.gid();
                }
                if (type != FileMode.S_IFDIR) {
                    killSuidgidLocked();
                }
            }
            if (changes.killSuidgid() && type == FileMode.S_IFREG) {
                killSuidgidLocked();
            }
            if (changes.hasSize()) {
                data.truncate(changes.size());
                mtime = now;
            }
            if (changes.hasAtime()) {
                atime = changes.atimeNow() ? now : Instant.ofEpochSecond(changes.atimeSeconds(), changes.atimeNanos());
            }
            if (changes.hasMtime()) {
                mtime = changes.mtimeNow() ? now : Instant.ofEpochSecond(changes.mtimeSeconds(), changes.mtimeNanos());
            }
            ctime = changes.hasCtime() ? Instant.ofEpochSecond(changes.ctimeSeconds(), changes.ctimeNanos()) : now;
        } finally {
            l.unlock();
        }
    }

    /**
     * Sets the rwxrwxrwx bits from an access ACL, as Linux does when one is written.
     *
     * @param permissions the bits the ACL implies
     * @param keepSetgid  false to clear set-group-id (the writer is neither root nor in the file's group)
     */
    void applyAclPermissions(int permissions, boolean keepSetgid) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            mode = (mode & ~0777) | (permissions & 0777);
            if (!keepSetgid) {
                mode &= ~FileMode.S_ISGID;
            }
        } finally {
            l.unlock();
        }
    }

    private void killSuidgidLocked() {
        mode &= ~FileMode.S_ISUID;
        if ((mode & S_IXGRP) != 0) {
            mode &= ~FileMode.S_ISGID;
        }
    }

    /**
     * Reads from a regular file and refreshes the access time ({@code relatime}).
     *
     * @param offset the file offset
     * @param buffer where to put the bytes
     * @param now    the current time
     * @return the number of bytes read
     */
    int read(long offset, MemorySegment buffer, Instant now) {
        int count;
        Lock l = lock.readLock();
        l.lock();
        try {
            count = data.read(offset, buffer);
        } finally {
            l.unlock();
        }
        accessed(now);
        return count;
    }

    /**
     * Writes to a regular file, updating the modification and change times.
     *
     * @param offset         the file offset
     * @param bytes          the bytes to write
     * @param killPrivileges true to clear setuid, and setgid when group execute is set
     * @param now            the current time
     * @return the number of bytes written
     */
    int write(long offset, MemorySegment bytes, boolean killPrivileges, Instant now) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            long written = data.write(offset, bytes);
            if (written > 0) {
                if (killPrivileges) {
                    killSuidgidLocked();
                }
                mtime = now;
                ctime = now;
            }
            return (int) written;
        } finally {
            l.unlock();
        }
    }

    /**
     * Truncates a regular file to 0 for {@code open(O_TRUNC)}, which always updates the modification and
     * change times.
     *
     * @param now the current time
     */
    void truncateForOpen(Instant now) {
        Lock l = lock.writeLock();
        l.lock();
        try {
            data.truncate(0);
            mtime = now;
            ctime = now;
        } finally {
            l.unlock();
        }
    }

    /**
     * Applies fallocate(2) to a regular file. Supported modes: 0 (allocate and grow), {@code KEEP_SIZE}
     * (allocate), {@code PUNCH_HOLE | KEEP_SIZE}, {@code ZERO_RANGE} with or without {@code KEEP_SIZE}.
     * A successful call updates the modification and change times, as ext4 does.
     *
     * @param mode   the mode bits
     * @param offset start of the range
     * @param length length of the range
     * @param now    the current time
     * @throws FuseException {@code EINVAL} for a negative offset or non-positive length,
     *     {@code EOPNOTSUPP} for other modes (including {@code PUNCH_HOLE} without {@code KEEP_SIZE}),
     *     {@code EFBIG} past the maximum file size, {@code ENOSPC} when out of space
     */
    void fallocate(int mode, long offset, long length, Instant now) {
        if (offset < 0 || length <= 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        boolean supported = mode == 0 || mode == FALLOC_FL_KEEP_SIZE
                || mode == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)
                || mode == FALLOC_FL_ZERO_RANGE || mode == (FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE);
        if (!supported) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (offset > MemoryFileData.MAX_FILE_SIZE - length) {
            throw FuseException.of(Errno.EFBIG);
        }
        boolean keepSize = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        Lock l = lock.writeLock();
        l.lock();
        try {
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                data.punchHole(offset, length);
            } else if ((mode & FALLOC_FL_ZERO_RANGE) != 0) {
                data.zeroRange(offset, length, keepSize);
            } else {
                data.allocate(offset, length, keepSize);
            }
            mtime = now;
            ctime = now;
        } finally {
            l.unlock();
        }
    }

    /**
     * Finds data or a hole in a regular file.
     *
     * @param offset where to start
     * @param whence {@link #SEEK_DATA} or {@link #SEEK_HOLE}
     * @return the offset found
     * @throws FuseException {@code ENXIO} at or past the end of the file (or no data after the offset),
     *     {@code EINVAL} for another whence
     */
    long seek(long offset, int whence) {
        Lock l = lock.readLock();
        l.lock();
        try {
            return switch (whence) {
                case SEEK_DATA -> data.seekData(offset);
                case SEEK_HOLE -> data.seekHole(offset);
                default -> throw FuseException.of(Errno.EINVAL);
            };
        } finally {
            l.unlock();
        }
    }

    /**
     * Copies a byte range between two regular files (or within one), like copy_file_range(2): the length
     * is cut at the end of the source; overlapping ranges of one file fail with {@code EINVAL}; a copy of
     * at least one byte updates the target's modification and change times.
     *
     * @param in             the source file
     * @param offsetIn       the source offset
     * @param out            the target file
     * @param offsetOut      the target offset
     * @param length         how many bytes to copy at most
     * @param killPrivileges true to clear the target's setuid/setgid bits, as a write would
     * @param now            the current time
     * @return the number of bytes copied
     */
    static long copyRange(MemoryNode in, long offsetIn, MemoryNode out, long offsetOut, long length,
                          boolean killPrivileges, Instant now) {
        if (offsetIn < 0 || offsetOut < 0 || length < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        MemoryNode first = in.id <= out.id ? in : out;
        MemoryNode second = first == in ? out : in;
        Lock firstLock = first.lock.writeLock();
        Lock secondLock = second.lock.writeLock();
        firstLock.lock();
        secondLock.lock();
        try {
            long count = Math.min(length, Math.max(0, in.data.size() - offsetIn));
            if (in == out && offsetOut < offsetIn + count && offsetIn < offsetOut + count) {
                throw FuseException.of(Errno.EINVAL);
            }
            if (count == 0) {
                return 0;
            }
            long copied = in.data.copyTo(offsetIn, out.data, offsetOut, count);
            if (copied > 0) {
                if (killPrivileges) {
                    out.killSuidgidLocked();
                }
                out.mtime = now;
                out.ctime = now;
            }
            return copied;
        } finally {
            secondLock.unlock();
            firstLock.unlock();
        }
    }

    /** Frees the file contents of a node that is going away, giving its space back. */
    void freeData() {
        if (data == null) {
            return;
        }
        Lock l = lock.writeLock();
        l.lock();
        try {
            data.free();
        } finally {
            l.unlock();
        }
    }
}
