package dev.fusering.internal.passthrough;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.internal.abi.DevIoctl;
import dev.fusering.internal.abi.FuseBackingMap;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backing files of one passthrough session (FUSE_PASSTHROUGH): registers them with the kernel through
 * {@code FUSE_DEV_IOC_BACKING_OPEN} on the session's {@code /dev/fuse} descriptor and unregisters them with
 * {@code FUSE_DEV_IOC_BACKING_CLOSE}.
 *
 * <p>Kernel rules this table follows (fs/fuse/backing.c, passthrough.c, iomode.c of 6.18):
 * <ul>
 *   <li>The kernel looks the backing id up when the opener processes the OPEN/CREATE reply, after the daemon
 *       has written it, so an id must stay registered until that open's RELEASE: closing it right after the
 *       reply races with the opener (the open then fails with EIO).</li>
 *   <li>All passthrough opens of one inode that overlap in time must name the same backing file (else the
 *       open fails with EBUSY/EIO), so one id is kept per node while the node has passthrough opens and
 *       closed at the RELEASE of its last one.</li>
 *   <li>The kernel keeps its own reference to the registered file and reopens it with the FUSE file's open
 *       flags and the daemon's credentials for every open, so the descriptor passed to BACKING_OPEN may be
 *       read-only (writes still work) and is closed right after the ioctl when this table opened it.</li>
 *   <li>BACKING_OPEN needs CAP_SYS_ADMIN and a negotiated FUSE_PASSTHROUGH (EPERM otherwise), a regular
 *       file (EISDIR/EINVAL otherwise), and a backing filesystem whose stacking depth is below the
 *       negotiated {@code max_stack_depth} (ELOOP otherwise).</li>
 * </ul>
 *
 * <p>Opens are tracked per node by file handle (with a count, in case a filesystem reuses a handle value);
 * a RELEASE of a handle that was not a passthrough open does not touch the node's id. An OPEN reply that
 * the kernel never receives (the opener was killed before it) leaves its id registered until the session
 * ends, when {@link #closeAll()} closes every id; the kernel also frees all backing files of a connection
 * when the connection goes away. The methods are synchronized: OPEN, CREATE and RELEASE are not on the
 * I/O hot path, and passthrough READ and WRITE never reach the daemon.
 */
public final class BackingFiles {

    private static final Logger LOG = LoggerFactory.getLogger(BackingFiles.class);

    /**
     * The {@code max_stack_depth} this engine announces at FUSE_INIT: backing files may live on any
     * non-stacked filesystem (not on overlayfs or another passthrough FUSE mount), and the FUSE mount itself
     * may still be a lower layer of an overlayfs. The kernel accepts 1..2 (FILESYSTEM_MAX_STACK_DEPTH).
     */
    public static final int MAX_STACK_DEPTH = 1;

    private final int devFd;
    private final String mountName;
    private final Map<Long, NodeBacking> nodes = new HashMap<>();
    private long failures;

    /** The backing id of one node and the passthrough opens that use it. */
    private static final class NodeBacking {
        final int backingId;
        final Map<Long, Integer> handles = new HashMap<>();
        int opens;

        NodeBacking(int backingId) {
            this.backingId = backingId;
        }
    }

    /**
     * Creates the table of a session.
     *
     * @param devFd     the session's {@code /dev/fuse} descriptor
     * @param mountName the mount point, for log lines
     */
    public BackingFiles(int devFd, String mountName) {
        this.devFd = devFd;
        this.mountName = Objects.requireNonNull(mountName, "mountName");
    }

    /**
     * Returns the backing id for a new passthrough open of {@code nodeId}: the node's current id when it
     * has passthrough opens (the given file is then not used), else a new id for the given file. Exactly one
     * of {@code path} and {@code fd} names the file.
     *
     * @param nodeId the node being opened (for CREATE: the new node)
     * @param fh     the file handle the filesystem chose for this open
     * @param path   the backing file to open read-only, or null
     * @param fd     a descriptor of the backing file owned by the filesystem (left open), or -1
     * @return the backing id (&gt; 0) to put into {@code fuse_open_out}
     * @throws FuseException with the errno to answer the open with when the file cannot be registered
     */
    public synchronized int attach(long nodeId, long fh, Path path, int fd) {
        NodeBacking node = nodes.get(nodeId);
        if (node == null) {
            node = new NodeBacking(register(path, fd));
            nodes.put(nodeId, node);
        }
        node.handles.merge(fh, 1, Integer::sum);
        node.opens++;
        return node.backingId;
    }

    /**
     * Notes the RELEASE of an open file. When it was the last passthrough open of its node, the node's
     * backing id is closed.
     *
     * @param nodeId the node of the released file
     * @param fh     its file handle
     */
    public synchronized void released(long nodeId, long fh) {
        NodeBacking node = nodes.get(nodeId);
        if (node == null) {
            return;
        }
        Integer count = node.handles.get(fh);
        if (count == null) {
            return;
        }
        if (count == 1) {
            node.handles.remove(fh);
        } else {
            node.handles.put(fh, count - 1);
        }
        node.opens--;
        if (node.opens == 0) {
            nodes.remove(nodeId);
            close(node.backingId);
        }
    }

    /** Closes every backing id still registered (at the end of the session). */
    public synchronized void closeAll() {
        for (NodeBacking node : nodes.values()) {
            close(node.backingId);
        }
        nodes.clear();
    }

    /**
     * Returns how many backing ids are registered (one per node with passthrough opens).
     *
     * @return the number of registered ids
     */
    public synchronized int registeredIds() {
        return nodes.size();
    }

    /**
     * Returns how many passthrough opens have not been released yet.
     *
     * @return the number of open passthrough files
     */
    public synchronized int openFiles() {
        int n = 0;
        for (NodeBacking node : nodes.values()) {
            n += node.opens;
        }
        return n;
    }

    private int register(Path path, int fd) {
        if (path == null) {
            return backingOpen(fd, "descriptor " + fd);
        }
        int own;
        try {
            own = LibC.open(path.toString(), LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        } catch (NativeCallException e) {
            throw failure(e.errno(), "cannot open the passthrough backing file " + path + ": " + e.getMessage());
        }
        try {
            return backingOpen(own, path.toString());
        } finally {
            try {
                LibC.close(own);
            } catch (NativeCallException e) {
                LOG.debug("closing backing file descriptor {}: {}", own, e.getMessage());
            }
        }
    }

    private int backingOpen(int fd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment map = arena.allocate(FuseBackingMap.LAYOUT);
            map.set(ValueLayout.JAVA_INT, FuseBackingMap.FD, fd);
            int id = LibC.ioctl(devFd, DevIoctl.BACKING_OPEN, map);
            if (id <= 0) {
                throw failure(Errno.EIO.code(), "FUSE_DEV_IOC_BACKING_OPEN of " + what + " returned id " + id);
            }
            return id;
        } catch (NativeCallException e) {
            throw failure(e.errno(), "FUSE_DEV_IOC_BACKING_OPEN of " + what + " failed: " + e.getMessage()
                    + explain(e.errno()));
        }
    }

    private static String explain(int errno) {
        if (errno == Errno.EPERM.code()) {
            return "; passthrough needs CAP_SYS_ADMIN (run the daemon as root) and a negotiated FUSE_PASSTHROUGH";
        }
        if (errno == Errno.ELOOP.code()) {
            return "; the backing file is on a stacked filesystem (overlayfs or a passthrough FUSE mount), "
                    + "deeper than max_stack_depth " + MAX_STACK_DEPTH;
        }
        if (errno == Errno.EISDIR.code() || errno == Errno.EINVAL.code()) {
            return "; backing files must be regular files";
        }
        return "";
    }

    private void close(int backingId) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(ValueLayout.JAVA_INT);
            id.set(ValueLayout.JAVA_INT, 0, backingId);
            LibC.ioctl(devFd, DevIoctl.BACKING_CLOSE, id);
        } catch (NativeCallException e) {
            // after the unmount the connection may be gone; the kernel then frees its backing files itself
            LOG.debug("FUSE_DEV_IOC_BACKING_CLOSE of id {} in mount {}: {}", backingId, mountName, e.getMessage());
        }
    }

    private FuseException failure(int errno, String message) {
        failures++;
        if (failures == 1 || (failures & 1023) == 0) {
            LOG.warn("passthrough open in mount {} failed ({} times so far): {}", mountName, failures, message);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("passthrough open in mount {} failed: {}", mountName, message);
        }
        int code = errno > 0 && errno < 512 ? errno : Errno.EIO.code();
        return new FuseException(code, message);
    }
}
