package dev.fusering.api;

import java.lang.foreign.MemorySegment;

/**
 * A filesystem served by the engine: one method per kernel request, addressed by node ids (inodes).
 *
 * <p>Node id 1 ({@link #ROOT_ID}) is the root directory. Every other node id is handed to the kernel by a
 * successful {@link #lookup}, {@link #mknod}, {@link #mkdir}, {@link #symlink}, {@link #link},
 * {@link #create} or READDIRPLUS entry, each of which counts one lookup; the kernel gives them back with
 * {@link #forget(long, long)}. A node must stay valid while it has lookups.
 *
 * <p>Errors: throw {@link FuseException} (for example {@code throw FuseException.of(Errno.ENOENT)}). Any
 * other exception is answered with {@code EIO} and logged. Every method defaults to {@code ENOSYS}
 * (which the kernel remembers, and for some operations turns into a sensible fallback) except the
 * harmless ones, which succeed: {@link #init}, {@link #destroy}, {@link #forget}, {@link #open},
 * {@link #opendir}, {@link #release}, {@link #releasedir}, {@link #flush} and {@link #statfs}.
 *
 * <p>Threads: with {@link DispatchMode#OFFLOADED} (what {@link DispatchMode#AUTO}, the default, picks
 * unless {@link #nonBlocking()} says otherwise) methods run concurrently on the request slots' own
 * threads, so an implementation must be thread-safe and may block; with {@link DispatchMode#INLINE} they run on the
 * transport threads and must not block. The request, name, reply and memory-segment arguments are views
 * of engine-owned memory that are only valid until the method returns.
 */
public interface Filesystem {

    /** The node id of the root directory. */
    long ROOT_ID = 1;

    /** The value of a file-handle argument when the kernel did not name an open file. */
    long NO_FH = -1;

    /**
     * Called once, before the first request, with what was negotiated with the kernel.
     *
     * @param connection the negotiated parameters
     */
    default void init(ConnectionInfo connection) {
    }

    /**
     * Called once, before the first request, with what was negotiated with the kernel and the notifier
     * through which the filesystem can later invalidate or fill the kernel's caches and wake up pollers.
     * The session calls this form; the default calls {@link #init(ConnectionInfo)}. Keep the notifier:
     * it only works once this method has returned and the kernel has been answered (calls from inside
     * {@code init} throw {@link IllegalStateException}).
     *
     * @param connection the negotiated parameters
     * @param notifier   sends notifications to the kernel for this session
     */
    default void init(ConnectionInfo connection, FuseNotifier notifier) {
        init(connection);
    }

    /** Called once, after the last request, when the filesystem has been unmounted. */
    default void destroy() {
    }

    /**
     * Looks a name up in a directory (LOOKUP).
     *
     * @param request the request context
     * @param parent  the directory's node id
     * @param name    the name to look up
     * @param reply   the entry to fill
     */
    default void lookup(Request request, long parent, FileName name, EntryReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Gives back lookups of a node (FORGET and BATCH_FORGET). No reply; must not throw.
     *
     * @param nodeId  the node
     * @param nlookup how many lookups the kernel releases
     */
    default void forget(long nodeId, long nlookup) {
    }

    /**
     * Returns a node's attributes (GETATTR).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param fh      the open file's handle, or {@link #NO_FH}
     * @param reply   the attributes to fill
     */
    default void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Returns a node's attributes with its birth time and {@code STATX_ATTR_*} flags (STATX, protocol 7.39).
     *
     * <p>The kernel sends STATX instead of GETATTR only when statx(2) asks for the birth time (for example
     * {@code stat -c %W}) and the cached attributes are stale. The default answers {@code ENOSYS}, which
     * the kernel remembers for the connection: from then on it asks {@link #getattr} and reports no birth
     * time.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param fh      the open file's handle, or {@link #NO_FH}
     * @param flags   the caller's {@code AT_STATX_*} sync flags
     * @param mask    the {@code STATX_*} fields the kernel asks for
     * @param reply   the attributes to fill
     */
    default void statx(Request request, long nodeId, long fh, int flags, int mask, StatxReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Changes a node's attributes (SETATTR: chmod, chown, truncate, utimens) and returns the new ones.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param changes what to change
     * @param reply   the resulting attributes to fill
     */
    default void setattr(Request request, long nodeId, SetattrRequest changes, AttrReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Reads a symbolic link's target (READLINK).
     *
     * @param request the request context
     * @param nodeId  the link
     * @return the target
     */
    default String readlink(Request request, long nodeId) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates a file node: regular file, device, FIFO or socket (MKNOD).
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the new name
     * @param mode    type and permission bits
     * @param rdev    device number for device nodes
     * @param umask   the caller's umask (already applied to {@code mode} unless the mount asks otherwise)
     * @param reply   the new entry to fill
     */
    default void mknod(Request request, long parent, FileName name, int mode, int rdev, int umask,
                       EntryReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates a directory (MKDIR).
     *
     * @param request the request context
     * @param parent  the parent directory
     * @param name    the new name
     * @param mode    permission bits
     * @param umask   the caller's umask
     * @param reply   the new entry to fill
     */
    default void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Removes a name that is not a directory (UNLINK).
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the name to remove
     */
    default void unlink(Request request, long parent, FileName name) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Removes an empty directory (RMDIR).
     *
     * @param request the request context
     * @param parent  the parent directory
     * @param name    the directory's name
     */
    default void rmdir(Request request, long parent, FileName name) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates a symbolic link (SYMLINK).
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the link's name
     * @param target  what the link points to
     * @param reply   the new entry to fill
     */
    default void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Renames an entry (RENAME and RENAME2).
     *
     * @param request   the request context
     * @param parent    the source directory
     * @param name      the source name
     * @param newParent the target directory
     * @param newName   the target name
     * @param flags     0, or {@code RENAME_NOREPLACE} (1) / {@code RENAME_EXCHANGE} (2) / {@code RENAME_WHITEOUT} (4)
     */
    default void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                        int flags) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates a hard link (LINK).
     *
     * @param request   the request context
     * @param nodeId    the existing node
     * @param newParent the directory of the new name
     * @param newName   the new name
     * @param reply     the entry to fill (the existing node, one more lookup)
     */
    default void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Opens a file (OPEN). The default succeeds with handle 0.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param flags   the open(2) flags
     * @param reply   the handle and hints to fill
     */
    default void open(Request request, long nodeId, int flags, OpenReply reply) {
    }

    /**
     * Reads from an open file (READ) into {@code buffer}, a slice of the reply buffer of exactly the
     * requested size.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle from {@link #open}
     * @param offset  the file offset
     * @param buffer  where to put the data; its size is the requested length
     * @return the number of bytes written to {@code buffer} (fewer means end of file, except with direct I/O)
     */
    default int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Writes to an open file (WRITE) from {@code data}, a read-only view of the request buffer.
     *
     * @param request    the request context
     * @param nodeId     the file
     * @param fh         the handle from {@link #open}
     * @param offset     the file offset
     * @param data       the bytes to write
     * @param writeFlags FUSE_WRITE_* flags (1 = from the page cache, 4 = kill suid/sgid)
     * @return the number of bytes written
     */
    default int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Reports filesystem statistics (STATFS). The default reports zeros with a 255-byte name limit.
     *
     * @param request the request context
     * @param nodeId  the node the caller asked about
     * @param reply   the statistics to fill
     */
    default void statfs(Request request, long nodeId, StatfsReply reply) {
        reply.maxNameLength(255).blockSize(4096).fragmentSize(4096);
    }

    /**
     * Closes an open file for the last time (RELEASE). The default does nothing.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle from {@link #open}
     * @param flags   the flags it was opened with
     */
    default void release(Request request, long nodeId, long fh, int flags) {
    }

    /**
     * Synchronises a file's data to storage (FSYNC).
     *
     * @param request  the request context
     * @param nodeId   the file
     * @param fh       the handle
     * @param datasync true for fdatasync(2)
     */
    default void fsync(Request request, long nodeId, long fh, boolean datasync) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Sets an extended attribute (SETXATTR).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name, e.g. {@code user.comment}
     * @param value   the value
     * @param flags   0, {@code XATTR_CREATE} (1) or {@code XATTR_REPLACE} (2)
     */
    default void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Reads an extended attribute (GETXATTR). Write the value into {@code buffer} when it fits and
     * return its length; when {@code buffer} is too small (a size probe passes an empty one) return the
     * length without writing: the engine answers the size or {@code ERANGE} as the protocol requires.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name
     * @param buffer  where to put the value
     * @return the value's length
     */
    default int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Lists extended attribute names (LISTXATTR), each followed by a NUL byte, with the same size rules
     * as {@link #getxattr}.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param buffer  where to put the names
     * @return the total length of the list
     */
    default int listxattr(Request request, long nodeId, MemorySegment buffer) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Removes an extended attribute (REMOVEXATTR).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name
     */
    default void removexattr(Request request, long nodeId, String name) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Called on each close(2) of a file descriptor (FLUSH). The default does nothing.
     *
     * @param request   the request context
     * @param nodeId    the file
     * @param fh        the handle
     * @param lockOwner the owner of POSIX locks held through this descriptor
     */
    default void flush(Request request, long nodeId, long fh, long lockOwner) {
    }

    /**
     * Tests for a POSIX record lock (GETLK, {@code fcntl(F_GETLK)}); only sent when
     * {@link MountOptions#posixLocks()} is on. Return a lock of another owner that conflicts with
     * {@code lock} (the kernel reports its type, range and {@link FileLock#pid() pid} to the application), or
     * null when {@code lock} could be placed.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle from {@link #open}
     * @param lock    the lock the application would like to place ({@link FileLock#owner()} is the asker)
     * @return a conflicting lock, or null (or a lock of type {@link FileLock.Type#UNLOCK}) for none
     */
    default FileLock getlk(Request request, long nodeId, long fh, FileLock lock) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Places, changes or removes a POSIX record lock (SETLK and SETLKW, {@code fcntl(F_SETLK/F_SETLKW)});
     * only sent when {@link MountOptions#posixLocks()} is on. POSIX rules apply per
     * {@link FileLock#owner() owner}: a new lock replaces the owner's locks in its range (splitting them),
     * {@link FileLock.Type#UNLOCK} removes the owner's locks in its range, and a lock conflicting with another
     * owner's fails with {@code EAGAIN} or, when {@code sleep} is true, waits until it can be placed. A
     * waiting call must end with {@code EINTR} when the request is interrupted
     * ({@link Request#isInterrupted()}, or the thread's interrupt). The kernel does not unlock on close: the
     * filesystem must drop all locks of {@code lockOwner} in {@link #flush}. SETLKW is always run on its slot's
     * own thread, also with {@link DispatchMode#INLINE}, so that waiting holds no transport thread.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle from {@link #open}
     * @param lock    the lock to place, or the range to unlock
     * @param sleep   true for SETLKW: wait for conflicting locks to go away instead of failing
     */
    default void setlk(Request request, long nodeId, long fh, FileLock lock, boolean sleep) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Places, converts or removes a BSD {@code flock(2)} lock on a whole file; only sent when
     * {@link MountOptions#flockLocks()} is on (the kernel sends these as SETLK/SETLKW with FUSE_LK_FLOCK).
     * The owner is the open file description, so locks through {@code dup()}ed descriptors are the same lock;
     * flock locks never conflict with POSIX record locks. A conflict fails with {@code EAGAIN}
     * ({@code EWOULDBLOCK}) or, when {@code sleep} is true, waits (ending with {@code EINTR} when interrupted,
     * as for {@link #setlk}). When the last descriptor of a file holding flock locks is closed, the engine
     * calls this method with {@link FileLock.Type#UNLOCK} just before {@link #release}.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle from {@link #open}
     * @param owner   the lock owner (one per open file description)
     * @param type    {@link FileLock.Type#READ} for {@code LOCK_SH}, {@link FileLock.Type#WRITE} for
     *                {@code LOCK_EX}, {@link FileLock.Type#UNLOCK} for {@code LOCK_UN}
     * @param sleep   true when the application did not pass {@code LOCK_NB}
     */
    default void flock(Request request, long nodeId, long fh, long owner, FileLock.Type type, boolean sleep) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Opens a directory (OPENDIR). The default succeeds with handle 0.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param flags   the open(2) flags
     * @param reply   the handle and hints to fill
     */
    default void opendir(Request request, long nodeId, int flags, OpenReply reply) {
    }

    /**
     * Lists a directory (READDIR) from {@code offset} (0 = the start, otherwise a {@code nextOffset}
     * given earlier).
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      the handle from {@link #opendir}
     * @param offset  where to continue
     * @param filler  where to add entries
     */
    default void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Lists a directory with the attributes of each entry (READDIRPLUS). The engine only asks the kernel
     * for READDIRPLUS when the filesystem overrides this method.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      the handle from {@link #opendir}
     * @param offset  where to continue
     * @param filler  where to add entries
     */
    default void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Closes an open directory (RELEASEDIR). The default does nothing.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      the handle from {@link #opendir}
     * @param flags   the open flags
     */
    default void releasedir(Request request, long nodeId, long fh, int flags) {
    }

    /**
     * Synchronises a directory (FSYNCDIR).
     *
     * @param request  the request context
     * @param nodeId   the directory
     * @param fh       the handle
     * @param datasync true for data only
     */
    default void fsyncdir(Request request, long nodeId, long fh, boolean datasync) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Checks access permissions (ACCESS, only sent without {@code default_permissions}).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param mask    R_OK (4), W_OK (2), X_OK (1) or F_OK (0)
     */
    default void access(Request request, long nodeId, int mask) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates and opens a regular file (CREATE). Without it the kernel uses {@link #mknod} then
     * {@link #open}.
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the new name
     * @param mode    type and permission bits
     * @param umask   the caller's umask
     * @param flags   the open(2) flags
     * @param entry   the new entry to fill
     * @param open    the handle and hints to fill
     */
    default void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                        EntryReply entry, OpenReply open) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Maps a file block to a device block (BMAP; only meaningful for block-device backed filesystems).
     *
     * @param request   the request context
     * @param nodeId    the file
     * @param blockSize the block size
     * @param block     the file block
     * @return the device block
     */
    default long bmap(Request request, long nodeId, int blockSize, long block) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Serves an ioctl(2) made on an open file or directory (IOCTL).
     *
     * <p>Only well-formed ("restricted") commands reach a FUSE filesystem: the kernel takes the argument
     * size and direction from the command number ({@link IoctlCommand}) and copies the data itself, so
     * {@code in} holds the caller's {@link IoctlCommand#size} bytes when the command has direction
     * {@link IoctlCommand#WRITE} (else it is empty), and {@code out} is a zero-filled buffer of that size
     * when the command has direction {@link IoctlCommand#READ} (else empty), all of which is copied back
     * to the caller. For a command without data, {@code arg} is the caller's integer argument; otherwise
     * it is the caller's address, which is of no use here. The unrestricted form with retries is CUSE
     * only and never reaches this method. The kernel also sends {@code FS_IOC_GETFLAGS},
     * {@code FS_IOC_SETFLAGS}, {@code FS_IOC_FSGETXATTR} and {@code FS_IOC_FSSETXATTR} itself (lsattr,
     * chattr) on a handle it opens for the purpose; there the data is an {@code int} (4 bytes, although
     * the command number says 8) for the flag commands and a 28-byte {@code struct fsxattr} for the
     * others. So always size {@code in} and {@code out} by {@code byteSize()}, not by the command.
     *
     * <p>The default answers {@code ENOSYS}, which the kernel turns into {@code ENOTTY} for the caller
     * (it does not remember it: every ioctl is sent). Return a non-negative result, which becomes
     * ioctl(2)'s return value; throw a {@link FuseException} to fail with an errno ({@code ENOTTY} for an
     * unknown command).
     *
     * @param request the request context
     * @param nodeId  the file or directory
     * @param fh      the handle from {@link #open} or {@link #opendir}
     * @param flags   {@link IoctlCommand#FLAG_DIR}, {@link IoctlCommand#FLAG_32BIT},
     *                {@link IoctlCommand#FLAG_COMPAT} and {@link IoctlCommand#FLAG_COMPAT_X32} bits
     * @param cmd     the command number
     * @param arg     the caller's argument
     * @param in      the input data, read-only
     * @param out     where to put the output data
     * @return the result for the caller, at least 0
     */
    default int ioctl(Request request, long nodeId, long fh, int flags, int cmd, long arg, MemorySegment in,
                      MemorySegment out) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Allocates or deallocates space (FALLOCATE).
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle
     * @param mode    fallocate(2) mode bits (KEEP_SIZE 1, PUNCH_HOLE 2, ZERO_RANGE 16, ...)
     * @param offset  start of the range
     * @param length  length of the range
     */
    default void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Finds data or holes (LSEEK with SEEK_DATA 3 or SEEK_HOLE 4; other whence values are handled by the
     * kernel).
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the handle
     * @param offset  where to start
     * @param whence  SEEK_DATA or SEEK_HOLE
     * @return the resulting offset
     */
    default long lseek(Request request, long nodeId, long fh, long offset, int whence) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Tells which poll events an open file has ready (POLL: poll(2), select(2), epoll on a file of the
     * mount). Needs no INIT flag; the default answers ENOSYS, after which the kernel stops asking and
     * reports every file as always readable and writable.
     *
     * <p>When {@code flags} contains {@link FuseNotifier#POLL_SCHEDULE_NOTIFY}, someone waits for the file:
     * if nothing requested is ready, keep {@code kh} and call {@link FuseNotifier#pollWakeup(long)} with it
     * once something becomes ready; the kernel then asks again. A filesystem may also wake up without being
     * asked to.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      the open file's handle
     * @param kh      the kernel's poll handle, for {@link FuseNotifier#pollWakeup(long)}
     * @param flags   {@link FuseNotifier#POLL_SCHEDULE_NOTIFY} or 0
     * @param events  the requested events ({@code POLLIN} 0x1, {@code POLLOUT} 0x4, ...)
     * @return the ready events ({@code revents}), 0 when none is ready
     */
    default int poll(Request request, long nodeId, long fh, long kh, int flags, int events) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Copies a range between two open files inside the filesystem (COPY_FILE_RANGE and
     * COPY_FILE_RANGE_64). Without it the kernel copies through read and write.
     *
     * @param request   the request context
     * @param nodeIn    the source file
     * @param fhIn      the source handle
     * @param offsetIn  the source offset
     * @param nodeOut   the target file
     * @param fhOut     the target handle
     * @param offsetOut the target offset
     * @param length    how many bytes to copy
     * @param flags     copy_file_range(2) flags
     * @return the number of bytes copied
     */
    default long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut, long fhOut,
                               long offsetOut, long length, int flags) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Synchronises the whole filesystem (SYNCFS).
     *
     * @param request the request context
     * @param nodeId  the node syncfs(2) was called on
     */
    default void syncfs(Request request, long nodeId) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Creates an unnamed temporary file in a directory (TMPFILE, for O_TMPFILE).
     *
     * @param request the request context
     * @param parent  the directory
     * @param mode    type and permission bits
     * @param umask   the caller's umask
     * @param flags   the open(2) flags
     * @param entry   the new node to fill
     * @param open    the handle and hints to fill
     */
    default void tmpfile(Request request, long parent, int mode, int umask, int flags, EntryReply entry,
                         OpenReply open) {
        throw FuseException.of(Errno.ENOSYS);
    }

    /**
     * Tells whether every method of this filesystem returns quickly without waiting: no disk or network
     * I/O, no locks held by other requests, no sleeping. Under {@link DispatchMode#AUTO} (the default) a
     * non-blocking filesystem is served {@link DispatchMode#INLINE} on the ring threads, the fastest path;
     * otherwise it is served {@link DispatchMode#OFFLOADED} on the request slots' own threads. Asked once, when
     * the session starts. The default is {@code false}.
     *
     * @return true only if no method ever blocks
     */
    default boolean nonBlocking() {
        return false;
    }
}
