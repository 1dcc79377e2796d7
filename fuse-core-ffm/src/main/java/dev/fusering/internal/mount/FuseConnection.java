package dev.fusering.internal.mount;

import dev.fusering.internal.linux.KernelFiles;
import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The kernel's control files for one FUSE connection, under {@code /sys/fs/fuse/connections/<id>}
 * (the {@code fusectl} filesystem, mounted on demand).
 *
 * <p>The connection id is the kernel's device number of the mount ({@code sb->s_dev}), which for
 * FUSE is an anonymous device (major 0): the id is then simply the minor number. It is taken from
 * the {@code MAJOR:MINOR} column of {@code /proc/self/mountinfo} rather than from {@code stat} on
 * the mount point, because stat on a FUSE mount whose server has not answered FUSE_INIT yet blocks.
 *
 * <p>Writing to {@code abort} ends the connection at once: pending and future requests fail with
 * ENOTCONN (or ECONNABORTED), the mount becomes stale, and {@code read(/dev/fuse)} returns ENODEV.
 * {@code waiting} counts the requests that are waiting for the server.
 */
public final class FuseConnection {

    /** Where the fusectl filesystem is (to be) mounted. */
    public static final Path CONNECTIONS = Path.of("/sys/fs/fuse/connections");

    private FuseConnection() {
    }

    /**
     * Returns the connection id of the FUSE filesystem mounted on a path, without touching the
     * mount itself (never blocks, works on stale mounts).
     *
     * @param mountPoint the mount point
     * @return the connection id: the name of its directory under {@link #CONNECTIONS}
     * @throws IOException when nothing, or something other than FUSE, is mounted there
     */
    public static long id(Path mountPoint) throws IOException {
        Path path = mountPoint.toAbsolutePath().normalize();
        Optional<MountTable.Entry> entry = MountTable.read().find(path);
        if (entry.isEmpty()) {
            throw new IOException("nothing is mounted on " + path);
        }
        if (!entry.get().isFuse()) {
            throw new IOException(path + " is not a FUSE mount but " + entry.get().describe());
        }
        return kernelDev(entry.get().major(), entry.get().minor());
    }

    /**
     * Returns the connection id for a user-space {@code st_dev} value, as returned by
     * {@code stat(2)} or {@code Files.getAttribute(path, "unix:dev")} (glibc's dev_t encoding:
     * {@code minor = (dev & 0xff) | ((dev >> 12) & ~0xff)}, {@code major = ((dev >> 8) & 0xfff) |
     * ((dev >> 32) & ~0xfff)}).
     *
     * @param stDev the device number of a file on the FUSE mount
     * @return the connection id
     */
    public static long idFromDev(long stDev) {
        long major = ((stDev >>> 8) & 0xfffL) | ((stDev >>> 32) & ~0xfffL);
        long minor = (stDev & 0xffL) | ((stDev >>> 12) & ~0xffL);
        return kernelDev(major, minor);
    }

    /**
     * Aborts a connection by writing "1" to its {@code abort} file; mounts fusectl first if needed.
     *
     * @param id the connection id
     * @throws IOException when the control file cannot be written (no such connection, no privilege)
     */
    public static void abort(long id) throws IOException {
        ensureControlFilesystem();
        Path abort = CONNECTIONS.resolve(Long.toString(id)).resolve("abort");
        try (FileChannel channel = FileChannel.open(abort, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("1".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /**
     * Returns the number of requests waiting for the server, from the {@code waiting} file; mounts
     * fusectl first if needed.
     *
     * @param id the connection id
     * @return the count
     * @throws IOException when the control file cannot be read
     */
    public static int waiting(long id) throws IOException {
        ensureControlFilesystem();
        Path waiting = CONNECTIONS.resolve(Long.toString(id)).resolve("waiting");
        String text = KernelFiles.read(waiting);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("unexpected content '" + text + "' in " + waiting, e);
        }
    }

    /**
     * Tells whether the control directory of a connection exists (mounting fusectl first if needed).
     *
     * @param id the connection id
     * @return {@code true} when {@code /sys/fs/fuse/connections/<id>} exists
     * @throws IOException when fusectl is not mounted and cannot be mounted
     */
    public static boolean exists(long id) throws IOException {
        ensureControlFilesystem();
        return Files.isDirectory(CONNECTIONS.resolve(Long.toString(id)));
    }

    /**
     * Mounts the fusectl filesystem on {@link #CONNECTIONS} unless it is already mounted there.
     *
     * @throws IOException when it is not mounted and mounting it fails (e.g. not root)
     */
    static void ensureControlFilesystem() throws IOException {
        Optional<MountTable.Entry> entry = MountTable.read().find(CONNECTIONS);
        if (entry.isPresent() && entry.get().fsType().equals("fusectl")) {
            return;
        }
        try {
            LibC.mount("fusectl", CONNECTIONS.toString(), "fusectl", 0, null);
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EBUSY.code()) {
                return; // mounted concurrently by someone else
            }
            throw new IOException("cannot mount fusectl on " + CONNECTIONS + " (" + e.getMessage()
                    + "): run as root or 'mount -t fusectl none " + CONNECTIONS + "'", e);
        }
    }

    /** The kernel's internal dev_t: {@code MKDEV(major, minor) = major << 20 | minor}. */
    private static long kernelDev(long major, long minor) {
        return (major << 20) | minor;
    }
}
