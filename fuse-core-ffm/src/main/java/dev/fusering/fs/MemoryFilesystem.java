package dev.fusering.fs;

import dev.fusering.api.AttrReply;
import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileLock;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import dev.fusering.api.StatxReply;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A complete POSIX filesystem kept in the Java heap, behaving like a Linux tmpfs or ext4 in error numbers
 * and {@code stat} fields.
 *
 * <p>Supported: regular files (sparse, see below), directories, symbolic links, hard links, character and
 * block devices, FIFOs, sockets, O_TMPFILE files; rename with {@code RENAME_NOREPLACE} and
 * {@code RENAME_EXCHANGE}; truncate, fallocate (allocate, {@code KEEP_SIZE}, {@code PUNCH_HOLE},
 * {@code ZERO_RANGE}), {@code SEEK_DATA}/{@code SEEK_HOLE}, copy_file_range; extended attributes in any
 * namespace, with POSIX access ACLs mapped onto the mode as Linux filesystems do (see {@link #setxattr});
 * access(2); statfs; READDIR and READDIRPLUS.
 *
 * <p>Storage: file contents live in {@value MemoryFileData#CHUNK_SIZE}-byte chunks allocated on first
 * write, so holes cost nothing and a write at offset 1 TiB allocates one chunk; {@code st_blocks},
 * SEEK_DATA and SEEK_HOLE follow the chunks, which have the block size of ext4 and the page size of tmpfs.
 * Space preallocated by fallocate is counted but holds no memory until written.
 *
 * <p>Limits: the data capacity (default {@value #DEFAULT_CAPACITY_BYTES} bytes = 1 GiB; writes beyond it
 * fail with {@code ENOSPC}, or are short) and the number of nodes (default {@value #DEFAULT_MAX_NODES};
 * creating more fails with {@code ENOSPC}); names of at most {@value #MAX_NAME_LENGTH} bytes
 * ({@code ENAMETOOLONG}); files of at most 2^53 bytes ({@code EFBIG}); extended attribute values of at most
 * 64 KiB ({@code E2BIG}) and names of at most 255 bytes ({@code ERANGE}). The capacity only counts file
 * data: metadata, directories and extended attributes use heap too, so give the JVM a heap comfortably
 * larger than the capacity.
 *
 * <p>Node ids: the root is {@link Filesystem#ROOT_ID}; other ids come from a counter and are never reused.
 * Every reply that hands a node id to the kernel (lookup, mknod, mkdir, symlink, link, create, tmpfile, and
 * each READDIRPLUS entry) counts one lookup; {@link #forget} gives lookups back. A node is freed once it has
 * no links, no lookups and no open handles, so an unlinked file stays readable and writable through its
 * open handles until they are released.
 *
 * <p>Permissions: {@link #access} checks the mode, owner and group (only the caller's primary group is
 * known; root may read and write everything, and execute directories and anything with an execute bit).
 * No other method checks permissions: mount with {@code default_permissions} to have the kernel enforce
 * them on every operation; without it, only access(2) is checked and everybody may do everything.
 *
 * <p>Timestamps come from the {@link Clock} given to the constructor (nanosecond resolution with the system
 * clock) and follow Linux: writes and truncation set mtime and ctime; chmod, chown, link, unlink and
 * extended attribute changes set ctime; creating, removing and renaming entries set the directory's mtime
 * and ctime; reads, directory listings and readlink refresh atime with the {@code relatime} rule; SETATTR
 * sets ctime to now (or to the time the kernel sends with {@code FATTR_CTIME}).
 *
 * <p>Names are bytes: any byte string of 1 to 255 bytes without '/' and NUL is a distinct name. READDIR
 * and READDIRPLUS report them as stored.
 *
 * <p>New nodes belong to the caller's uid and gid, except that inside a set-group-id directory they get
 * the directory's group, and new subdirectories inherit the set-group-id bit. The root directory belongs
 * to 0:0 with mode 0755. The mode given by the kernel is used as is (the kernel has applied the umask),
 * unless the connection negotiated {@code FUSE_DONT_MASK}; then the umask is applied here.
 *
 * <p>Thread-safety: every method may be called concurrently. A read-write lock over the whole tree
 * serialises changes to the namespace and metadata (create, remove, rename, link, forget, release,
 * SETATTR, extended attributes); everything else, including data reads, writes, fallocate and lookups,
 * runs under its shared side, with a per-node lock guarding each node's attributes and contents.
 */
public class MemoryFilesystem implements Filesystem {

    /** The default data capacity: 1 GiB. */
    public static final long DEFAULT_CAPACITY_BYTES = 1L << 30;

    /** The default limit of nodes, the root included. */
    public static final long DEFAULT_MAX_NODES = 1_000_000;

    /** The longest entry name in bytes. */
    public static final int MAX_NAME_LENGTH = 255;

    /** The longest symbolic link target in bytes (Linux PATH_MAX minus the NUL). */
    private static final int MAX_SYMLINK_LENGTH = 4095;

    /** The block size reported by statfs, the unit of its block counts. */
    private static final int STATFS_BLOCK_SIZE = 4096;

    /** open(2) {@code O_TRUNC}. */
    private static final int O_TRUNC = 01000;

    /** WRITE flag {@code FUSE_WRITE_KILL_SUIDGID}. */
    private static final int FUSE_WRITE_KILL_SUIDGID = 4;

    /** INIT flag {@code FUSE_DONT_MASK}: the kernel leaves the umask to the filesystem. */
    private static final long FUSE_DONT_MASK = 1L << 6;

    /** renameat2(2) flags. */
    private static final int RENAME_NOREPLACE = 1;
    private static final int RENAME_EXCHANGE = 2;
    private static final int RENAME_WHITEOUT = 4;

    /** The most bytes one copy_file_range call copies (Linux MAX_RW_COUNT). */
    private static final long MAX_COPY_LENGTH = 0x7FFF_F000L;

    private static final int S_IXGRP = 0010;

    private final ReentrantReadWriteLock tree = new ReentrantReadWriteLock();
    private final HashMap<Long, MemoryNode> nodes = new HashMap<>();
    private final AtomicLong nextNodeId = new AtomicLong(ROOT_ID + 1);
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final MemoryQuota quota;
    private final Clock clock;
    private final MemoryNode root;
    private final MemoryLocks locks = new MemoryLocks();
    private volatile boolean applyUmask;

    /** Creates an empty filesystem with the default capacity (1 GiB) and node limit. */
    public MemoryFilesystem() {
        this(DEFAULT_CAPACITY_BYTES);
    }

    /**
     * Creates an empty filesystem with the default node limit.
     *
     * @param capacityBytes how many bytes of file data it may hold, positive
     */
    public MemoryFilesystem(long capacityBytes) {
        this(capacityBytes, DEFAULT_MAX_NODES, Clock.systemUTC());
    }

    /**
     * Creates an empty filesystem.
     *
     * @param capacityBytes how many bytes of file data it may hold, positive
     * @param maxNodes      how many nodes may exist at once, the root included, positive
     * @param clock         where timestamps come from
     */
    public MemoryFilesystem(long capacityBytes, long maxNodes, Clock clock) {
        this.quota = new MemoryQuota(capacityBytes, maxNodes);
        this.clock = clock;
        quota.reserveNode();
        this.root = MemoryNode.newDirectory(ROOT_ID, 0755, 0, 0, null, now());
        nodes.put(ROOT_ID, root);
    }

    /**
     * Remembers whether the kernel left the umask to the filesystem ({@code FUSE_DONT_MASK}).
     *
     * @param connection the negotiated parameters
     */
    @Override
    public void init(ConnectionInfo connection) {
        applyUmask = (connection.flags() & FUSE_DONT_MASK) != 0;
    }

    /**
     * Looks a name up; "." and ".." are answered too (the kernel sends them for exported filesystems).
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the name
     * @param reply   filled with the node, which gets one more lookup
     * @throws FuseException {@code ENOENT} when absent or the directory was removed, {@code ENOTDIR},
     *     {@code ENAMETOOLONG}
     */
    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode dir = liveDirectory(parent);
            String key = lookupKey(name);
            MemoryNode found;
            if (key.equals(".")) {
                found = dir;
            } else if (key.equals("..")) {
                found = dir.parent();
            } else {
                found = child(dir, key);
            }
            replyEntry(found, reply);
        } finally {
            l.unlock();
        }
    }

    /**
     * Gives lookups back and frees the node when nothing refers to it any more.
     *
     * @param nodeId  the node
     * @param nlookup how many lookups
     */
    @Override
    public void forget(long nodeId, long nlookup) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = nodes.get(nodeId);
            if (node == null || node == root) {
                return;
            }
            node.forgetLookups(nlookup);
            freeIfUnused(node);
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns a node's attributes.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param fh      ignored
     * @param reply   filled with the attributes
     * @throws FuseException {@code ESTALE} for an unknown node id
     */
    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        Lock l = tree.readLock();
        l.lock();
        try {
            node(nodeId).fillAttributes(reply.attributes());
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns a node's attributes with its birth time (the time it was created).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param fh      ignored
     * @param flags   ignored (the attributes are always current)
     * @param mask    ignored (every basic field and the birth time are reported)
     * @param reply   filled with the attributes and the birth time
     * @throws FuseException {@code ESTALE} for an unknown node id
     */
    @Override
    public void statx(Request request, long nodeId, long fh, int flags, int mask, StatxReply reply) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            node.fillAttributes(reply.attributes());
            Instant birth = node.birthTime();
            reply.birthTime(birth.getEpochSecond(), birth.getNano());
        } finally {
            l.unlock();
        }
    }

    /**
     * Changes mode, owner, size or times. A change of owner or group clears setuid (and setgid when group
     * execute is set) on non-directories, as Linux chown(2) does; a size change on a regular file truncates
     * or extends it (with a hole).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param changes what to change
     * @param reply   filled with the new attributes
     * @throws FuseException {@code EISDIR} / {@code EINVAL} for a size on a directory / other non-regular
     *     node, {@code EINVAL} for a negative size, {@code EFBIG} beyond 2^53
     */
    @Override
    public void setattr(Request request, long nodeId, SetattrRequest changes, AttrReply reply) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            node.setattr(changes, now());
            node.fillAttributes(reply.attributes());
        } finally {
            l.unlock();
        }
    }

    /**
     * Returns a symbolic link's target as it was given, refreshing the link's atime ({@code relatime}).
     *
     * @param request the request context
     * @param nodeId  the link
     * @return the target
     * @throws FuseException {@code EINVAL} when the node is not a symbolic link
     */
    @Override
    public String readlink(Request request, long nodeId) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            if (!node.isSymlink()) {
                throw FuseException.of(Errno.EINVAL);
            }
            node.accessed(now());
            return node.symlinkTarget();
        } finally {
            l.unlock();
        }
    }

    /**
     * Creates a regular file (type bits 0 or {@code S_IFREG}), FIFO, socket, or character or block device.
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the new name
     * @param mode    type and permission bits
     * @param rdev    the device number, kept for devices only
     * @param umask   applied only with {@code FUSE_DONT_MASK}
     * @param reply   filled with the new node
     * @throws FuseException {@code EEXIST}, {@code ENOENT} (removed directory), {@code ENOTDIR},
     *     {@code ENAMETOOLONG}, {@code EINVAL} ("." or "..", unknown type), {@code EPERM} (a directory:
     *     use mkdir), {@code ENOSPC} (node limit)
     */
    @Override
    public void mknod(Request request, long parent, FileName name, int mode, int rdev, int umask,
                      EntryReply reply) {
        int type = FileMode.type(mode);
        if (type == 0) {
            type = FileMode.S_IFREG;
        }
        switch (type) {
            case FileMode.S_IFREG, FileMode.S_IFIFO, FileMode.S_IFSOCK, FileMode.S_IFCHR, FileMode.S_IFBLK -> {
            }
            case FileMode.S_IFDIR -> throw FuseException.of(Errno.EPERM);
            default -> throw FuseException.of(Errno.EINVAL);
        }
        int device = type == FileMode.S_IFCHR || type == FileMode.S_IFBLK ? rdev : 0;
        createEntry(request, parent, name, type, masked(mode, umask), device, null, reply, null);
    }

    /**
     * Creates a directory.
     *
     * @param request the request context
     * @param parent  the parent directory
     * @param name    the new name
     * @param mode    permission bits (sticky and setgid kept)
     * @param umask   applied only with {@code FUSE_DONT_MASK}
     * @param reply   filled with the new directory
     * @throws FuseException {@code EEXIST}, {@code ENOENT}, {@code ENOTDIR}, {@code ENAMETOOLONG},
     *     {@code EINVAL}, {@code ENOSPC}
     */
    @Override
    public void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
        createEntry(request, parent, name, FileMode.S_IFDIR, masked(mode, umask), 0, null, reply, null);
    }

    /**
     * Removes a name that is not a directory; the node lives on while it has links, lookups or open
     * handles.
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the name
     * @throws FuseException {@code ENOENT}, {@code ENOTDIR}, {@code EISDIR}, {@code ENAMETOOLONG},
     *     {@code EINVAL} ("." or "..")
     */
    @Override
    public void unlink(Request request, long parent, FileName name) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode dir = directory(parent);
            String key = entryKey(name);
            MemoryNode node = child(dir, key);
            if (node.isDirectory()) {
                throw FuseException.of(Errno.EISDIR);
            }
            removeEntry(dir, key, node);
        } finally {
            l.unlock();
        }
    }

    /**
     * Removes an empty directory.
     *
     * @param request the request context
     * @param parent  the parent directory
     * @param name    the directory's name
     * @throws FuseException {@code ENOENT}, {@code ENOTDIR}, {@code ENOTEMPTY}, {@code ENAMETOOLONG},
     *     {@code EINVAL} ("." or "..")
     */
    @Override
    public void rmdir(Request request, long parent, FileName name) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode dir = directory(parent);
            String key = entryKey(name);
            MemoryNode node = child(dir, key);
            if (!node.isDirectory()) {
                throw FuseException.of(Errno.ENOTDIR);
            }
            if (!node.directory().isEmpty()) {
                throw FuseException.of(Errno.ENOTEMPTY);
            }
            removeEntry(dir, key, node);
        } finally {
            l.unlock();
        }
    }

    /**
     * Creates a symbolic link with mode 0777; its size is the target's length in UTF-8 bytes.
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the link's name
     * @param target  the target, stored as given
     * @param reply   filled with the new link
     * @throws FuseException {@code ENOENT} for an empty target, {@code ENAMETOOLONG} for a target of more
     *     than 4095 bytes, and as {@link #mkdir}
     */
    @Override
    public void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
        if (target.isEmpty()) {
            throw FuseException.of(Errno.ENOENT);
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_SYMLINK_LENGTH) {
            throw FuseException.of(Errno.ENAMETOOLONG);
        }
        createEntry(request, parent, name, FileMode.S_IFLNK, 0777, 0, target, reply, null);
    }

    /**
     * Renames an entry. Flags: 0 replaces an existing target (a file by a non-directory, an empty directory
     * by a directory); {@code RENAME_NOREPLACE} fails with {@code EEXIST} instead; {@code RENAME_EXCHANGE}
     * swaps two existing entries. Renaming onto another name of the same node does nothing. The moved
     * node(s) get a new ctime, both directories a new mtime and ctime.
     *
     * @param request   the request context
     * @param parent    the source directory
     * @param name      the source name
     * @param newParent the target directory
     * @param newName   the target name
     * @param flags     0, {@code RENAME_NOREPLACE} (1) or {@code RENAME_EXCHANGE} (2)
     * @throws FuseException {@code EINVAL} for {@code RENAME_WHITEOUT}, unknown or conflicting flags, "."
     *     or "..", or moving a directory into its own subtree; {@code ENOENT} for a missing source (or
     *     target with EXCHANGE); {@code EEXIST}; {@code ENOTDIR}; {@code EISDIR}; {@code ENOTEMPTY};
     *     {@code ENAMETOOLONG}
     */
    @Override
    public void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                       int flags) {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0
                || (flags & RENAME_WHITEOUT) != 0
                || flags == (RENAME_NOREPLACE | RENAME_EXCHANGE)) {
            throw FuseException.of(Errno.EINVAL);
        }
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode from = directory(parent);
            MemoryNode to = liveDirectory(newParent);
            String sourceKey = entryKey(name);
            String targetKey = entryKey(newName);
            MemoryNode moved = child(from, sourceKey);
            MemoryDirectory.Entry target = to.directory().get(targetKey);
            if ((flags & RENAME_NOREPLACE) != 0 && target != null) {
                throw FuseException.of(Errno.EEXIST);
            }
            if ((flags & RENAME_EXCHANGE) != 0 && target == null) {
                throw FuseException.of(Errno.ENOENT);
            }
            if (target != null && target.node() == moved) {
                return;
            }
            if (moved.isDirectory() && isSameOrAncestor(moved, to)) {
                throw FuseException.of(Errno.EINVAL);
            }
            if ((flags & RENAME_EXCHANGE) != 0) {
                exchange(from, sourceKey, to, targetKey, moved, target.node());
            } else {
                move(from, sourceKey, to, targetKey, moved, target == null ? null : target.node());
            }
        } finally {
            l.unlock();
        }
    }

    /** RENAME_EXCHANGE, after the common checks; caller holds the tree write lock. */
    private void exchange(MemoryNode from, String sourceKey, MemoryNode to, String targetKey, MemoryNode moved,
                          MemoryNode other) {
        if (other.isDirectory() && isSameOrAncestor(other, from)) {
            throw FuseException.of(Errno.EINVAL);
        }
        from.directory().replace(sourceKey, other);
        to.directory().replace(targetKey, moved);
        if (from != to) {
            reparent(moved, from, to);
            reparent(other, to, from);
        }
        Instant now = now();
        moved.touchCtime(now);
        other.touchCtime(now);
        from.touchMtimeCtime(now);
        to.touchMtimeCtime(now);
    }

    /** A plain rename, replacing {@code victim} when not null; caller holds the tree write lock. */
    private void move(MemoryNode from, String sourceKey, MemoryNode to, String targetKey, MemoryNode moved,
                      MemoryNode victim) {
        if (victim != null) {
            if (moved.isDirectory()) {
                if (!victim.isDirectory()) {
                    throw FuseException.of(Errno.ENOTDIR);
                }
                if (!victim.directory().isEmpty()) {
                    throw FuseException.of(Errno.ENOTEMPTY);
                }
            } else if (victim.isDirectory()) {
                throw FuseException.of(Errno.EISDIR);
            }
        }
        Instant now = now();
        from.directory().remove(sourceKey);
        if (victim != null) {
            detach(to, targetKey, victim, now);
        }
        to.directory().insert(targetKey, moved);
        reparent(moved, from, to);
        moved.touchCtime(now);
        from.touchMtimeCtime(now);
        to.touchMtimeCtime(now);
        if (victim != null) {
            freeIfUnused(victim);
        }
    }

    /**
     * Creates a hard link. A file created with O_TMPFILE may be linked once although it has no links.
     *
     * @param request   the request context
     * @param nodeId    the existing node
     * @param newParent the directory of the new name
     * @param newName   the new name
     * @param reply     filled with the node, which gets one more lookup
     * @throws FuseException {@code EPERM} for a directory, {@code ENOENT} for a removed node (or
     *     directory), {@code EEXIST}, {@code ENOTDIR}, {@code ENAMETOOLONG}, {@code EINVAL}
     */
    @Override
    public void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            if (node.isDirectory()) {
                throw FuseException.of(Errno.EPERM);
            }
            MemoryNode dir = liveDirectory(newParent);
            String key = absentKey(dir, newName);
            if (node.nlink() == 0 && !node.linkable()) {
                throw FuseException.of(Errno.ENOENT);
            }
            Instant now = now();
            dir.directory().insert(key, node);
            node.adjustNlink(1);
            node.linkable(false);
            node.touchCtime(now);
            dir.touchMtimeCtime(now);
            replyEntry(node, reply);
        } finally {
            l.unlock();
        }
    }

    /**
     * Opens a node and counts the handle; {@code O_TRUNC} truncates a regular file to 0 (for kernels with
     * {@code atomic_o_trunc}; otherwise the kernel sends a SETATTR too, which is harmless).
     *
     * @param request the request context
     * @param nodeId  the node
     * @param flags   the open(2) flags
     * @param reply   filled with a new handle
     * @throws FuseException {@code ESTALE} for an unknown node id
     */
    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            if ((flags & O_TRUNC) != 0 && node.isRegular()) {
                node.truncateForOpen(now());
            }
            newHandle(node, reply);
        } finally {
            l.unlock();
        }
    }

    /**
     * Reads from a regular file; holes read as zeros; fewer bytes than asked mean end of file.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param offset  the file offset
     * @param buffer  where to put the bytes
     * @return the number of bytes read
     * @throws FuseException {@code EISDIR} for a directory, {@code EINVAL} for other non-regular nodes
     */
    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        Lock l = tree.readLock();
        l.lock();
        try {
            return regularFile(nodeId).read(offset, buffer, now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Writes to a regular file. Clears setuid (and setgid when group execute is set) when the kernel asks
     * ({@code FUSE_WRITE_KILL_SUIDGID}) or the writer is not root.
     *
     * @param request    the request context
     * @param nodeId     the file
     * @param fh         ignored
     * @param offset     the file offset
     * @param data       the bytes to write
     * @param writeFlags FUSE_WRITE_* flags
     * @return the number of bytes written (short when the space ran out or 2^53 was reached)
     * @throws FuseException {@code ENOSPC} when nothing could be written, {@code EFBIG} at or past 2^53,
     *     {@code EISDIR} / {@code EINVAL} for a non-regular node
     */
    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        boolean killPrivileges = (writeFlags & FUSE_WRITE_KILL_SUIDGID) != 0 || request.uid() != 0;
        Lock l = tree.readLock();
        l.lock();
        try {
            return regularFile(nodeId).write(offset, data, killPrivileges, now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Reports capacity and usage: blocks of 4096 bytes from the data capacity and the allocated chunks,
     * inodes from the node limit and the existing nodes, names of up to 255 bytes.
     *
     * @param request the request context
     * @param nodeId  ignored
     * @param reply   filled with the statistics
     */
    @Override
    public void statfs(Request request, long nodeId, StatfsReply reply) {
        long blocks = quota.capacityBytes() / STATFS_BLOCK_SIZE;
        long usedBlocks = Math.ceilDiv(quota.usedBytes(), STATFS_BLOCK_SIZE);
        long freeBlocks = Math.max(0, blocks - usedBlocks);
        long freeNodes = Math.max(0, quota.maxNodes() - quota.usedNodes());
        reply.blocks(blocks)
                .blocksFree(freeBlocks)
                .blocksAvailable(freeBlocks)
                .files(quota.maxNodes())
                .filesFree(freeNodes)
                .blockSize(STATFS_BLOCK_SIZE)
                .fragmentSize(STATFS_BLOCK_SIZE)
                .maxNameLength(MAX_NAME_LENGTH);
    }

    /**
     * Drops an open handle and frees the node if it was the last reference to an unlinked node.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param flags   ignored
     */
    @Override
    public void release(Request request, long nodeId, long fh, int flags) {
        releaseHandle(nodeId);
    }

    /**
     * Drops the POSIX locks that {@code lockOwner} holds on the file (a descriptor of it was closed).
     *
     * @param request   the request context
     * @param nodeId    the file
     * @param fh        ignored
     * @param lockOwner the owner whose locks go
     */
    @Override
    public void flush(Request request, long nodeId, long fh, long lockOwner) {
        locks.releaseOwner(nodeId, lockOwner);
    }

    /**
     * Reports a conflicting POSIX lock of another owner (see {@link MemoryLocks}).
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param lock    the lock the asker would place
     * @return the conflicting lock with the lowest start, or null
     */
    @Override
    public FileLock getlk(Request request, long nodeId, long fh, FileLock lock) {
        return locks.test(nodeId, lock);
    }

    /**
     * Places or removes a POSIX lock; waits when {@code sleep} is true (see {@link MemoryLocks}).
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param lock    the lock or the range to unlock
     * @param sleep   true for SETLKW
     */
    @Override
    public void setlk(Request request, long nodeId, long fh, FileLock lock, boolean sleep) {
        locks.set(request, nodeId, lock, sleep);
    }

    /**
     * Places, converts or removes a flock lock; waits when {@code sleep} is true (see {@link MemoryLocks}).
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param owner   the open file description's id
     * @param type    the lock type
     * @param sleep   true without LOCK_NB
     */
    @Override
    public void flock(Request request, long nodeId, long fh, long owner, FileLock.Type type, boolean sleep) {
        locks.flock(request, nodeId, owner, request.pid(), type, sleep);
    }

    /**
     * Succeeds: the data is in memory already.
     *
     * @param request  the request context
     * @param nodeId   the file
     * @param fh       the handle
     * @param datasync ignored
     */
    @Override
    public void fsync(Request request, long nodeId, long fh, boolean datasync) {
    }

    /**
     * Sets an extended attribute (any namespace) and the node's ctime. POSIX ACLs passed through by the
     * kernel are handled like a Linux filesystem does: writing {@code system.posix_acl_access} sets the
     * mode's permission bits from it and keeps it only when it has named entries or a mask (so that
     * {@code cp -a}, which sets permissions with a minimal ACL, works); {@code system.posix_acl_default} is
     * stored on directories only (but not applied to new nodes); the flags are ignored for both.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name
     * @param value   the value, copied
     * @param flags   0, {@code XATTR_CREATE} (1) or {@code XATTR_REPLACE} (2)
     * @throws FuseException {@code EEXIST} (CREATE, present), {@code ENODATA} (REPLACE, absent),
     *     {@code E2BIG} (value over 64 KiB), {@code ERANGE} (empty name or over 255 bytes), {@code EINVAL}
     *     (unknown flags, malformed ACL), {@code EACCES} (default ACL on a non-directory)
     */
    @Override
    public void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            switch (name) {
                case MemoryAcl.ACCESS -> setAccessAcl(request, node, value);
                case MemoryAcl.DEFAULT -> setDefaultAcl(node, value);
                default -> node.xattrs().set(name, value, flags);
            }
            node.touchCtime(now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Writes an access ACL like a Linux filesystem: the mode takes its bits, and it is stored only when it
     * says more than the mode; an empty one is removed.
     */
    private static void setAccessAcl(Request request, MemoryNode node, MemorySegment value) {
        MemoryAcl.Meaning meaning = MemoryAcl.decode(value);
        if (meaning == null) {
            node.xattrs().removeIfPresent(MemoryAcl.ACCESS);
            return;
        }
        node.applyAclPermissions(meaning.permissions(), request.uid() == 0 || request.gid() == node.gid());
        if (meaning.extended()) {
            node.xattrs().put(MemoryAcl.ACCESS, value.toArray(ValueLayout.JAVA_BYTE));
        } else {
            node.xattrs().removeIfPresent(MemoryAcl.ACCESS);
        }
    }

    /** Stores (or, when empty, removes) a default ACL; only directories have one. */
    private static void setDefaultAcl(MemoryNode node, MemorySegment value) {
        if (!node.isDirectory()) {
            throw FuseException.of(Errno.EACCES);
        }
        if (MemoryAcl.decode(value) == null) {
            node.xattrs().removeIfPresent(MemoryAcl.DEFAULT);
        } else {
            node.xattrs().put(MemoryAcl.DEFAULT, value.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /**
     * Reads an extended attribute: copies the value when {@code buffer} is large enough, and returns its
     * length in any case.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name
     * @param buffer  where to put the value
     * @return the value's length
     * @throws FuseException {@code ENODATA} when absent, {@code ERANGE} for a bad name
     */
    @Override
    public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        Lock l = tree.readLock();
        l.lock();
        try {
            return node(nodeId).xattrs().get(name, buffer);
        } finally {
            l.unlock();
        }
    }

    /**
     * Lists extended attribute names, each followed by NUL, in the order they were first set; copies the
     * list when {@code buffer} is large enough, and returns its length in any case.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param buffer  where to put the names
     * @return the list's length
     */
    @Override
    public int listxattr(Request request, long nodeId, MemorySegment buffer) {
        Lock l = tree.readLock();
        l.lock();
        try {
            return node(nodeId).xattrs().list(buffer);
        } finally {
            l.unlock();
        }
    }

    /**
     * Removes an extended attribute and sets the node's ctime. Removing an absent POSIX ACL succeeds, as on
     * ext4 and tmpfs.
     *
     * @param request the request context
     * @param nodeId  the node
     * @param name    the attribute name
     * @throws FuseException {@code ENODATA} when absent, {@code ERANGE} for a bad name
     */
    @Override
    public void removexattr(Request request, long nodeId, String name) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            if (name.equals(MemoryAcl.ACCESS) || name.equals(MemoryAcl.DEFAULT)) {
                node.xattrs().removeIfPresent(name);
            } else {
                node.xattrs().remove(name);
            }
            node.touchCtime(now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Opens a directory and counts the handle.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param flags   ignored
     * @param reply   filled with a new handle
     * @throws FuseException {@code ENOTDIR} when the node is not a directory
     */
    @Override
    public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
        Lock l = tree.readLock();
        l.lock();
        try {
            newHandle(directory(nodeId), reply);
        } finally {
            l.unlock();
        }
    }

    /**
     * Lists a directory: "." (next offset 1), ".." (2), then the entries in insertion order, each with its
     * cookie as the next offset. Resuming from an offset lists the entries with greater cookies, so
     * concurrent changes never repeat or skip an entry that exists throughout.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      ignored
     * @param offset  0, or a next offset handed out earlier
     * @param filler  where to add entries
     * @throws FuseException {@code ENOTDIR}; {@code ENOENT} for a removed directory
     */
    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode dir = liveDirectory(nodeId);
            dir.accessed(now());
            if (offset < 1 && !filler.add(dir.id(), ".", FileMode.S_IFDIR, 1)) {
                return;
            }
            if (offset < 2 && !filler.add(dir.parent().id(), "..", FileMode.S_IFDIR, 2)) {
                return;
            }
            for (MemoryDirectory.Entry entry : dir.directory().after(Math.max(offset, 2))) {
                if (!filler.add(entry.node().id(), entry.name(), entry.node().type(), entry.cookie())) {
                    return;
                }
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Lists a directory like {@link #readdir} with each entry's node and attributes; every entry except
     * "." and ".." (left with node id 0) counts one lookup of its node.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      ignored
     * @param offset  0, or a next offset handed out earlier
     * @param filler  where to add entries
     * @throws FuseException {@code ENOTDIR}; {@code ENOENT} for a removed directory
     */
    @Override
    public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode dir = liveDirectory(nodeId);
            dir.accessed(now());
            if (offset < 1 && filler.add(dir.id(), ".", FileMode.S_IFDIR, 1) == null) {
                return;
            }
            if (offset < 2 && filler.add(dir.parent().id(), "..", FileMode.S_IFDIR, 2) == null) {
                return;
            }
            for (MemoryDirectory.Entry entry : dir.directory().after(Math.max(offset, 2))) {
                MemoryNode node = entry.node();
                EntryReply reply = filler.add(node.id(), entry.name(), node.type(), entry.cookie());
                if (reply == null) {
                    return;
                }
                replyEntry(node, reply);
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Drops a directory handle.
     *
     * @param request the request context
     * @param nodeId  the directory
     * @param fh      ignored
     * @param flags   ignored
     */
    @Override
    public void releasedir(Request request, long nodeId, long fh, int flags) {
        releaseHandle(nodeId);
    }

    /**
     * Succeeds: there is nothing to synchronise.
     *
     * @param request  the request context
     * @param nodeId   the directory
     * @param fh       the handle
     * @param datasync ignored
     */
    @Override
    public void fsyncdir(Request request, long nodeId, long fh, boolean datasync) {
    }

    /**
     * Checks permissions against mode, owner and group (see the class description).
     *
     * @param request the request context, whose uid and gid are checked
     * @param nodeId  the node
     * @param mask    {@code R_OK} (4), {@code W_OK} (2), {@code X_OK} (1), or {@code F_OK} (0)
     * @throws FuseException {@code EACCES} when denied, {@code ESTALE} for an unknown node id
     */
    @Override
    public void access(Request request, long nodeId, int mask) {
        Lock l = tree.readLock();
        l.lock();
        try {
            node(nodeId).checkAccess(request.uid(), request.gid(), mask);
        } finally {
            l.unlock();
        }
    }

    /**
     * Creates and opens a regular file.
     *
     * @param request the request context
     * @param parent  the directory
     * @param name    the new name
     * @param mode    permission bits (type bits are ignored)
     * @param umask   applied only with {@code FUSE_DONT_MASK}
     * @param flags   ignored (the file is new and empty; O_EXCL is the kernel's business)
     * @param entry   filled with the new file
     * @param open    filled with a new handle
     * @throws FuseException {@code EEXIST} when the name exists, and as {@link #mkdir}
     */
    @Override
    public void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                       EntryReply entry, OpenReply open) {
        createEntry(request, parent, name, FileMode.S_IFREG, masked(mode, umask), 0, null, entry, open);
    }

    /**
     * Allocates, punches or zeroes a range of a regular file. Modes: 0, {@code FALLOC_FL_KEEP_SIZE} (1),
     * {@code PUNCH_HOLE | KEEP_SIZE} (3), {@code ZERO_RANGE} (16) with or without {@code KEEP_SIZE}.
     * Allocated space reads as zeros and counts in {@code st_blocks} and statfs.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param mode    the mode bits
     * @param offset  start of the range
     * @param length  length of the range
     * @throws FuseException {@code EOPNOTSUPP} for other modes (PUNCH_HOLE without KEEP_SIZE included, as
     *     on ext4), {@code EINVAL} for a negative offset or non-positive length, {@code EFBIG} past 2^53,
     *     {@code ENOSPC}, {@code EISDIR} for a directory, {@code ENODEV} for other non-regular nodes
     */
    @Override
    public void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode node = node(nodeId);
            if (node.isDirectory()) {
                throw FuseException.of(Errno.EISDIR);
            }
            if (!node.isRegular()) {
                throw FuseException.of(Errno.ENODEV);
            }
            node.fallocate(mode, offset, length, now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Finds data ({@code SEEK_DATA}, 3) or a hole ({@code SEEK_HOLE}, 4) at a 4096-byte granularity.
     * Preallocated, never written ranges count as holes; the end of the file counts as a hole.
     *
     * @param request the request context
     * @param nodeId  the file
     * @param fh      ignored
     * @param offset  where to start
     * @param whence  SEEK_DATA or SEEK_HOLE
     * @return the offset found
     * @throws FuseException {@code ENXIO} at or past the end of the file or when no data follows,
     *     {@code EINVAL} for another whence
     */
    @Override
    public long lseek(Request request, long nodeId, long fh, long offset, int whence) {
        Lock l = tree.readLock();
        l.lock();
        try {
            return regularFile(nodeId).seek(offset, whence);
        } finally {
            l.unlock();
        }
    }

    /**
     * Copies a range between regular files (or within one, without overlap). Holes of the source become
     * holes in the target (punched, so the target's blocks there are freed). At most 0x7ffff000 bytes per
     * call, like Linux.
     *
     * @param request   the request context
     * @param nodeIn    the source file
     * @param fhIn      ignored
     * @param offsetIn  the source offset
     * @param nodeOut   the target file
     * @param fhOut     ignored
     * @param offsetOut the target offset
     * @param length    how many bytes to copy
     * @param flags     must be 0
     * @return the number of bytes copied (0 at or past the end of the source)
     * @throws FuseException {@code EINVAL} for flags, negative offsets, overlapping ranges of one file or a
     *     non-regular node; {@code EISDIR} for a directory; {@code ENOSPC}; {@code EFBIG}
     */
    @Override
    public long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut, long fhOut,
                              long offsetOut, long length, int flags) {
        if (flags != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        long count = length < 0 ? MAX_COPY_LENGTH : Math.min(length, MAX_COPY_LENGTH);
        Lock l = tree.readLock();
        l.lock();
        try {
            MemoryNode in = regularFile(nodeIn);
            MemoryNode out = regularFile(nodeOut);
            return MemoryNode.copyRange(in, offsetIn, out, offsetOut, count, request.uid() != 0, now());
        } finally {
            l.unlock();
        }
    }

    /**
     * Succeeds: there is nothing to synchronise.
     *
     * @param request the request context
     * @param nodeId  ignored
     */
    @Override
    public void syncfs(Request request, long nodeId) {
    }

    /**
     * Creates an unnamed, open regular file with no links (O_TMPFILE); it can be given a name once with
     * {@link #link}, and is freed when released otherwise.
     *
     * @param request the request context
     * @param parent  the directory it is created in (for its group)
     * @param mode    permission bits
     * @param umask   applied only with {@code FUSE_DONT_MASK}
     * @param flags   ignored
     * @param entry   filled with the new file
     * @param open    filled with a new handle
     * @throws FuseException {@code ENOTDIR}, {@code ENOENT} (removed directory), {@code ENOSPC}
     */
    @Override
    public void tmpfile(Request request, long parent, int mode, int umask, int flags, EntryReply entry,
                        OpenReply open) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode dir = liveDirectory(parent);
            MemoryNode node = newNode(request, dir, FileMode.S_IFREG, masked(mode, umask), 0, null, 0, now());
            node.linkable(true);
            replyEntry(node, entry);
            newHandle(node, open);
        } finally {
            l.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Helpers; the caller holds the tree lock (shared for look-ups, exclusive for changes).

    private Instant now() {
        return Instant.now(clock);
    }

    private int masked(int mode, int umask) {
        int permissions = mode & FileMode.PERMISSIONS;
        return applyUmask ? permissions & ~umask : permissions;
    }

    private MemoryNode node(long nodeId) {
        MemoryNode node = nodes.get(nodeId);
        if (node == null) {
            throw FuseException.of(Errno.ESTALE);
        }
        return node;
    }

    private MemoryNode directory(long nodeId) {
        MemoryNode node = node(nodeId);
        if (!node.isDirectory()) {
            throw FuseException.of(Errno.ENOTDIR);
        }
        return node;
    }

    /** A directory that has not been removed: looking up or creating names in a removed one is ENOENT. */
    private MemoryNode liveDirectory(long nodeId) {
        MemoryNode dir = directory(nodeId);
        if (dir.nlink() == 0) {
            throw FuseException.of(Errno.ENOENT);
        }
        return dir;
    }

    private MemoryNode regularFile(long nodeId) {
        MemoryNode node = node(nodeId);
        if (node.isDirectory()) {
            throw FuseException.of(Errno.EISDIR);
        }
        if (!node.isRegular()) {
            throw FuseException.of(Errno.EINVAL);
        }
        return node;
    }

    /** The name key of a name to look up: ENAMETOOLONG beyond 255 bytes, ENOENT when empty. */
    private static String lookupKey(FileName name) {
        int length = name.byteLength();
        if (length > MAX_NAME_LENGTH) {
            throw FuseException.of(Errno.ENAMETOOLONG);
        }
        if (length == 0) {
            throw FuseException.of(Errno.ENOENT);
        }
        return MemoryDirectory.key(name);
    }

    /** The name key of a name to create, remove or rename: like {@link #lookupKey}, and EINVAL for . and .. */
    private static String entryKey(FileName name) {
        String key = lookupKey(name);
        if (key.equals(".") || key.equals("..")) {
            throw FuseException.of(Errno.EINVAL);
        }
        return key;
    }

    /** The name key of a name to create in {@code dir}: like {@link #entryKey}, and EEXIST when present. */
    private static String absentKey(MemoryNode dir, FileName name) {
        String key = entryKey(name);
        if (dir.directory().get(key) != null) {
            throw FuseException.of(Errno.EEXIST);
        }
        return key;
    }

    /** The node entered under {@code key} in {@code dir}: ENOENT when absent. */
    private static MemoryNode child(MemoryNode dir, String key) {
        MemoryDirectory.Entry entry = dir.directory().get(key);
        if (entry == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        return entry.node();
    }

    /**
     * Removes an entry (unlink, rmdir), sets the directory's mtime and ctime and frees the node when
     * unused; caller holds the tree write lock.
     */
    private void removeEntry(MemoryNode dir, String key, MemoryNode node) {
        Instant now = now();
        detach(dir, key, node, now);
        dir.touchMtimeCtime(now);
        freeIfUnused(node);
    }

    /**
     * Takes an entry out of a directory and drops the link it held: a directory loses all links and its
     * parent one, another node one link; the node gets a new ctime.
     */
    private static void detach(MemoryNode dir, String key, MemoryNode node, Instant now) {
        dir.directory().remove(key);
        if (node.isDirectory()) {
            node.clearNlink();
            dir.adjustNlink(-1);
        } else {
            node.adjustNlink(-1);
        }
        node.touchCtime(now);
    }

    /** Moves a directory's ".." link from {@code from} to {@code to}; other nodes have none. */
    private static void reparent(MemoryNode node, MemoryNode from, MemoryNode to) {
        if (node.isDirectory()) {
            from.adjustNlink(-1);
            to.adjustNlink(1);
            node.parent(to);
        }
    }

    private static boolean isSameOrAncestor(MemoryNode ancestor, MemoryNode dir) {
        MemoryNode current = dir;
        while (true) {
            if (current == ancestor) {
                return true;
            }
            MemoryNode parent = current.parent();
            if (parent == current) {
                return false;
            }
            current = parent;
        }
    }

    /** Creates a node and enters it in a directory; caller holds the tree write lock. */
    private MemoryNode addChild(Request request, long parent, FileName name, int type, int permissions, int rdev,
                                String target) {
        MemoryNode dir = liveDirectory(parent);
        String key = absentKey(dir, name);
        Instant now = now();
        MemoryNode node = newNode(request, dir, type, permissions, rdev, target, 1, now);
        dir.directory().insert(key, node);
        if (node.isDirectory()) {
            dir.adjustNlink(1);
        }
        dir.touchMtimeCtime(now);
        return node;
    }

    /**
     * Creates a node under the tree write lock (see {@link #addChild}), replies with its entry and, when
     * {@code open} is not null, opens it.
     */
    private void createEntry(Request request, long parent, FileName name, int type, int permissions, int rdev,
                             String target, EntryReply reply, OpenReply open) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = addChild(request, parent, name, type, permissions, rdev, target);
            replyEntry(node, reply);
            if (open != null) {
                newHandle(node, open);
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Creates and registers a node owned by the caller, applying the set-group-id directory rules: in such
     * a directory the node gets the directory's group, a subdirectory inherits the bit, and a group
     * executable set-group-id file made by a non-member (other than root) loses the bit.
     */
    private MemoryNode newNode(Request request, MemoryNode dir, int type, int permissions, int rdev, String target,
                               int nlink, Instant now) {
        int uid = request.uid();
        int gid = request.gid();
        int mode = permissions & FileMode.PERMISSIONS;
        if ((dir.mode() & FileMode.S_ISGID) != 0) {
            gid = dir.gid();
            if (type == FileMode.S_IFDIR) {
                mode |= FileMode.S_ISGID;
            } else if ((mode & (FileMode.S_ISGID | S_IXGRP)) == (FileMode.S_ISGID | S_IXGRP)
                    && request.gid() != gid && uid != 0) {
                mode &= ~FileMode.S_ISGID;
            }
        }
        quota.reserveNode();
        long id = nextNodeId.getAndIncrement();
        MemoryNode node = switch (type) {
            case FileMode.S_IFDIR -> MemoryNode.newDirectory(id, mode, uid, gid, dir, now);
            case FileMode.S_IFREG -> MemoryNode.newRegular(id, mode, uid, gid, nlink, quota, now);
            case FileMode.S_IFLNK -> MemoryNode.newSymlink(id, target, uid, gid, now);
            default -> MemoryNode.newSpecial(id, type, mode, rdev, uid, gid, now);
        };
        nodes.put(id, node);
        return node;
    }

    /** Fills an entry reply and counts the lookup it hands to the kernel. */
    private static void replyEntry(MemoryNode node, EntryReply reply) {
        node.addLookup();
        reply.nodeId(node.id());
        node.fillAttributes(reply.attributes());
    }

    /** Counts an open handle of the node and replies with a new handle number. */
    private void newHandle(MemoryNode node, OpenReply reply) {
        node.openHandle();
        reply.fh(nextHandle.getAndIncrement());
    }

    private void releaseHandle(long nodeId) {
        Lock l = tree.writeLock();
        l.lock();
        try {
            MemoryNode node = nodes.get(nodeId);
            if (node == null) {
                return;
            }
            node.releaseHandle();
            freeIfUnused(node);
        } finally {
            l.unlock();
        }
    }

    /** Frees a node without links, lookups and open handles; caller holds the tree write lock. */
    private void freeIfUnused(MemoryNode node) {
        if (node == root || node.nlink() != 0 || node.lookups() != 0 || node.openHandles() != 0) {
            return;
        }
        nodes.remove(node.id());
        node.freeData();
        quota.releaseNode();
    }
}
