package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.ReadOnlyFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where {@link NioFilesystem} turns the exceptions of a {@code java.nio.file} provider into
 * the errno it answers.
 *
 * <p>What only a non-default provider throws is handled here: {@link ReadOnlyFileSystemException} is
 * {@code EROFS} (it is an {@link UnsupportedOperationException}, so it is checked first), any other
 * {@link UnsupportedOperationException} is {@code EOPNOTSUPP} (not {@code ENOSYS}, which the kernel would
 * remember for the whole operation type), {@link AtomicMoveNotSupportedException} is {@code EXDEV}. The
 * rest ({@code NoSuchFileException} to {@code ENOENT}, {@code FileAlreadyExistsException} to {@code EEXIST},
 * {@code DirectoryNotEmptyException} to {@code ENOTEMPTY}, {@code AccessDeniedException} to {@code EACCES},
 * {@code NotDirectoryException} to {@code ENOTDIR}, a plain {@code FileSystemException} by its
 * {@code strerror(3)} text) is {@link PassthroughErrors}' mapping. Whatever maps to nothing better is
 * {@code EIO} and logged at WARN with the exception, as the exception itself is not passed on.
 *
 * <p>Stateless and thread-safe.
 */
final class NioErrors {

    private static final Logger LOG = LoggerFactory.getLogger(NioErrors.class);

    private NioErrors() {
    }

    /**
     * Returns the shared, stackless {@link FuseException} to throw for a failure of the provider.
     *
     * @param failure what the provider (or the channel) threw
     * @return the exception to throw to the engine
     */
    static FuseException toFuse(Throwable failure) {
        if (failure instanceof FuseException fuse) {
            return fuse;
        }
        Errno errno = errnoOf(failure);
        if (errno == Errno.EIO) {
            LOG.warn("nio: answering EIO for {}", failure.toString());
        }
        return FuseException.of(errno);
    }

    /**
     * Returns the errno for a failure of the provider.
     *
     * @param failure what the provider (or the channel) threw
     * @return the errno, {@link Errno#EIO} when nothing better is known
     */
    static Errno errnoOf(Throwable failure) {
        return switch (failure) {
            case ReadOnlyFileSystemException _ -> Errno.EROFS;
            case UnsupportedOperationException _ -> Errno.EOPNOTSUPP;
            case AtomicMoveNotSupportedException _ -> Errno.EXDEV;
            case ClosedFileSystemException _ -> Errno.EIO;
            default -> PassthroughErrors.errnoOf(failure);
        };
    }
}
