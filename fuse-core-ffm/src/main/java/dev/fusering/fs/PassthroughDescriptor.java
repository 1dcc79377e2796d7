package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A raw file descriptor on a file of the source, opened with {@code open(2)} for one system call that
 * {@code java.nio} cannot make on a {@link java.nio.channels.FileChannel}: {@code fallocate(2)} and
 * {@code lseek(2)} with {@code SEEK_DATA}/{@code SEEK_HOLE}.
 *
 * <p>The path is opened with {@code O_NOFOLLOW} (a final symbolic link fails with {@code ELOOP}),
 * {@code O_NONBLOCK} (a FIFO put in the file's place never blocks the open; it has no effect on a regular
 * file) and {@code O_CLOEXEC}. After the open, the descriptor's device and inode numbers, read through
 * {@code /proc/self/fd}, must be those of the expected file: a file replaced directly in the source is never
 * touched, and the call answers {@code EIO} as a reopen after an interrupt does.
 *
 * <p>A failing call throws {@link NativeCallException}, which {@link PassthroughErrors} maps to its errno.
 * The native calls keep a virtual thread pinned to its carrier while they run. Not thread-safe: one
 * instance serves one request and is then closed.
 */
final class PassthroughDescriptor implements AutoCloseable {

    private final int fd;

    private PassthroughDescriptor(int fd) {
        this.fd = fd;
    }

    /**
     * Opens a file of the source and checks that it is the expected one.
     *
     * @param p          the file's path in the source
     * @param accessMode {@link LinuxConstants#O_RDONLY} or {@link LinuxConstants#O_WRONLY}
     * @param key        the device and inode numbers the file must have
     * @return the open descriptor; close it
     * @throws IOException   {@link NativeCallException} when {@code open(2)} fails, or what reading the
     *                       descriptor's attributes threw
     * @throws FuseException {@code EIO} when the path now names another file
     */
    static PassthroughDescriptor open(Path p, int accessMode, PassthroughInodeKey key) throws IOException {
        int flags = accessMode | LinuxConstants.O_NOFOLLOW | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC;
        PassthroughDescriptor descriptor = new PassthroughDescriptor(LibC.open(p.toString(), flags));
        try {
            Map<String, Object> opened = Files.readAttributes(Path.of("/proc/self/fd/" + descriptor.fd),
                "unix:dev,ino");
            if (!new PassthroughInodeKey((Long) opened.get("dev"), (Long) opened.get("ino")).equals(key)) {
                throw FuseException.of(Errno.EIO);
            }
            return descriptor;
        } catch (IOException | RuntimeException e) {
            descriptor.close();
            throw e;
        }
    }

    /**
     * Calls {@code fallocate(2)} on the file; the descriptor must be open for writing.
     *
     * @param mode   0 or {@code FALLOC_FL_*} flags, passed on unchanged
     * @param offset the first byte of the range
     * @param length the length of the range
     * @throws NativeCallException with the errno the source's file system answered
     */
    void fallocate(int mode, long offset, long length) throws NativeCallException {
        LibC.fallocate(fd, mode, offset, length);
    }

    /**
     * Calls {@code lseek(2)} on the file.
     *
     * @param offset the offset to start from
     * @param whence {@code SEEK_DATA} (3) or {@code SEEK_HOLE} (4)
     * @return the offset found
     * @throws NativeCallException with the errno the source's file system answered ({@code ENXIO} at or past
     *                             the end of the file)
     */
    long lseek(long offset, int whence) throws NativeCallException {
        return LibC.lseek(fd, offset, whence);
    }

    /**
     * Closes the descriptor. A failing {@code close(2)} is ignored: the call being served already succeeded
     * or failed, and Linux releases the descriptor anyway.
     */
    @Override
    public void close() {
        try {
            LibC.close(fd);
        } catch (NativeCallException ignored) {
            // Linux releases the descriptor even when close(2) reports an error; fallocate and lseek buffer nothing.
        }
    }
}
