package dev.fusering.internal.mount;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a mount point before mounting, and repairs a stale FUSE mount left on it.
 *
 * <p>{@link #prepare(Path)} works in this order:
 * <ol>
 *   <li>make the path absolute and normalized, resolving symbolic links in its parent
 *       ({@link Path#toRealPath} is not used on the path itself: it fails with ENOTCONN on a stale
 *       mount and may block on a hung one);</li>
 *   <li>look it up in {@code /proc/self/mountinfo} (which never blocks):
 *     <ul>
 *       <li>a FUSE mount whose {@code statx} fails with ENOTCONN ("Transport endpoint is not
 *           connected") is stale: its server is gone. It is detached ({@code umount2(MNT_DETACH)}, or
 *           {@code fusermount3 -u -z} without privileges) with a one-line WARN, and the checks go on;</li>
 *       <li>a live FUSE mount, or any other mount → {@link Reason#ALREADY_MOUNTED};</li>
 *     </ul></li>
 *   <li>not reachable (a parent directory is not searchable) → {@link Reason#PERMISSION_DENIED};
 *       missing → {@link Reason#MOUNT_POINT_MISSING}; not a directory →
 *       {@link Reason#NOT_A_DIRECTORY}; not empty → {@link Reason#NOT_EMPTY}.</li>
 * </ol>
 *
 * <p>Caveat: checking whether a FUSE mount is live asks its server for the root's attributes; a
 * server that is alive but hung makes that check block.
 */
public final class MountPointGuard {

    private static final Logger LOG = LoggerFactory.getLogger(MountPointGuard.class);

    private MountPointGuard() {
    }

    /**
     * Checks that a mount point can be mounted on, detaching a stale FUSE mount first if there is
     * one.
     *
     * @param mountPoint the requested mount point, relative or absolute
     * @return the absolute, normalized mount point to pass to mount(2)
     * @throws FuseMountException with a one-line message naming the cause and the fix:
     *     {@link Reason#ALREADY_MOUNTED}, {@link Reason#STALE_MOUNT} (stale but could not be detached),
     *     {@link Reason#MOUNT_POINT_MISSING}, {@link Reason#NOT_A_DIRECTORY}, {@link Reason#NOT_EMPTY},
     *     or {@link Reason#PERMISSION_DENIED} when the directory cannot be inspected
     */
    public static Path prepare(Path mountPoint) throws FuseMountException {
        Path path = absolute(mountPoint);
        checkNotMounted(path);
        if (Files.isSymbolicLink(path)) {
            Path target = resolveLink(path);
            checkNotMounted(target);
            path = target;
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
                // Neither exists nor not-exists: the lookup failed, e.g. a parent directory is not searchable.
                throw FusermountMount.notAccessible(path, null);
            }
            throw new FuseMountException(Reason.MOUNT_POINT_MISSING,
                    "mount point " + path + " does not exist: create it first (mkdir -p " + path + ")");
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FuseMountException(Reason.NOT_A_DIRECTORY,
                    "mount point " + path + " is not a directory: choose an empty directory");
        }
        checkEmpty(path);
        return path;
    }

    /**
     * Makes the path absolute and normalized, with the parent's symbolic links resolved when the
     * parent exists.
     */
    private static Path absolute(Path mountPoint) {
        Path path = mountPoint.toAbsolutePath().normalize();
        Path parent = path.getParent();
        Path name = path.getFileName();
        if (parent == null || name == null) {
            return path;
        }
        try {
            return parent.toRealPath().resolve(name);
        } catch (IOException e) {
            return path;
        }
    }

    private static Path resolveLink(Path path) throws FuseMountException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new FuseMountException(Reason.MOUNT_POINT_MISSING, "mount point " + path
                    + " is a symbolic link that cannot be resolved (" + e.getMessage()
                    + "): give the real directory");
        }
    }

    /**
     * Fails when something is mounted on {@code path}; detaches a stale FUSE mount instead.
     */
    private static void checkNotMounted(Path path) throws FuseMountException {
        Optional<MountTable.Entry> mounted = readMountTable().find(path);
        if (mounted.isEmpty()) {
            return;
        }
        MountTable.Entry entry = mounted.get();
        if (!entry.isFuse()) {
            throw new FuseMountException(Reason.ALREADY_MOUNTED, entry.describe() + " is already mounted on "
                    + path + ": choose another mount point or unmount it first (umount " + path + ")");
        }
        if (!isStale(path)) {
            throw new FuseMountException(Reason.ALREADY_MOUNTED, "a FUSE filesystem " + entry.describe()
                    + " is already mounted on " + path + ": unmount it first (umount " + path + ")");
        }
        LOG.warn("stale FUSE mount {} on {} (transport endpoint is not connected): detaching it",
                entry.describe(), path);
        boolean viaFusermount = FusermountMount.required();
        try {
            if (viaFusermount) {
                FusermountMount.detach(path);
            } else {
                LibC.umount2(path.toString(), LinuxConstants.MNT_DETACH);
            }
        } catch (NativeCallException e) {
            throw new FuseMountException(Reason.STALE_MOUNT, "stale FUSE mount on " + path
                    + " could not be detached (" + e.getMessage() + "): run '"
                    + (viaFusermount ? FusermountMount.PROGRAM + " -u -z " : "umount -l ") + path + "'"
                    + (viaFusermount ? " as its owner, or 'umount -l " + path + "' as root" : " as root"), e);
        }
        if (readMountTable().find(path).isPresent()) {
            // Another mount was stacked below the stale one: report it on the next round.
            checkNotMounted(path);
        }
    }

    /**
     * Tells whether a FUSE mount has lost its server: {@code statx} then fails with ENOTCONN.
     */
    private static boolean isStale(Path path) {
        try {
            LibC.statx(path.toString(), true);
            return false;
        } catch (NativeCallException e) {
            // ECANCELED: for a moment after a FUSE-over-io_uring server dies, the kernel cancels its rings and
            // fails requests with ECANCELED before the connection reports ENOTCONN.
            int errno = e.errno();
            return errno == Errno.ENOTCONN.code() || errno == Errno.ECONNABORTED.code()
                    || errno == Errno.ECANCELED.code();
        }
    }

    private static void checkEmpty(Path path) throws FuseMountException {
        boolean empty;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
            empty = !children.iterator().hasNext();
        } catch (IOException e) {
            throw new FuseMountException(Reason.PERMISSION_DENIED,
                    "cannot list mount point " + path + " (" + e.getMessage() + "): check its permissions", e);
        }
        if (!empty) {
            throw new FuseMountException(Reason.NOT_EMPTY,
                    "mount point " + path + " is not empty: choose an empty directory");
        }
    }

    private static MountTable readMountTable() throws FuseMountException {
        try {
            return MountTable.read();
        } catch (IOException e) {
            throw new FuseMountException(Reason.MOUNT_FAILED, "cannot read " + MountTable.PROC_SELF_MOUNTINFO
                    + " (" + e.getMessage() + "): is /proc mounted?", e);
        }
    }
}
