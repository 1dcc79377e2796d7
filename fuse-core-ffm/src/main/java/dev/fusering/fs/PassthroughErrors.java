package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the exceptions of {@code java.nio} into the errno that {@link PassthroughFilesystem} answers.
 *
 * <p>The specific {@link FileSystemException} subclasses map directly ({@link NoSuchFileException} to
 * {@code ENOENT}, ...). A plain {@link FileSystemException} (and a plain {@link java.io.IOException} thrown by
 * the JDK with the C library's text as message) carries the {@code strerror(3)} text of the failed system
 * call, sometimes decorated: {@code "Is a directory"}, {@code "Unable to get size of extended attribute 'x':
 * No data available"}, {@code "Too many levels of symbolic links (NOFOLLOW_LINKS specified)"}. That text is
 * matched against {@link Errno#description()}. A {@link NativeCallException} (from a system call on a raw
 * descriptor, see {@link PassthroughDescriptor}) carries its errno, which is answered as is. Anything
 * unrecognised becomes {@code EIO} and is logged at WARN by {@link #toFuse(Throwable)}, because the exception
 * itself is not passed on.
 *
 * <p>Stateless and thread-safe.
 */
final class PassthroughErrors {

    private static final Logger LOG = LoggerFactory.getLogger(PassthroughErrors.class);

    /**
     * The JDK's own text for {@code ERANGE} when reading an extended attribute into a too small buffer.
     */
    private static final String XATTR_BUFFER_TOO_SMALL = "Insufficient space in buffer";

    /** Every errno by its C library description. */
    private static final Map<String, Errno> BY_DESCRIPTION = byDescription();

    private PassthroughErrors() {
    }

    /**
     * Returns the shared, stackless {@link FuseException} for an exception raised by {@code java.nio}.
     *
     * @param failure what {@code java.nio} threw
     * @return the exception to throw to the engine
     */
    static FuseException toFuse(Throwable failure) {
        if (failure instanceof FuseException fuse) {
            return fuse;
        }
        Errno errno = errnoOf(failure);
        if (errno == Errno.EIO && !Errno.EIO.description().equals(reasonOf(failure))) {
            LOG.warn("passthrough: answering EIO for {}", failure.toString());
        }
        return FuseException.of(errno);
    }

    private static String reasonOf(Throwable failure) {
        return failure instanceof FileSystemException fse ? fse.getReason() : failure.getMessage();
    }

    /**
     * Returns the errno that corresponds to an exception raised by {@code java.nio}.
     *
     * @param failure what {@code java.nio} threw
     * @return the errno, {@link Errno#EIO} when nothing better is known
     */
    static Errno errnoOf(Throwable failure) {
        return switch (failure) {
            case FuseException fuse -> orEio(Errno.of(fuse.errno()));
            case NativeCallException call -> orEio(call.errnoConstant());
            case NoSuchFileException _ -> Errno.ENOENT;
            case FileAlreadyExistsException _ -> Errno.EEXIST;
            case DirectoryNotEmptyException _ -> Errno.ENOTEMPTY;
            case NotDirectoryException _ -> Errno.ENOTDIR;
            case AccessDeniedException _ -> Errno.EACCES;
            case NotLinkException _ -> Errno.EINVAL;
            case FileSystemLoopException _ -> Errno.ELOOP;
            case FileSystemException generic -> orEio(fromText(generic.getReason()));
            case ClosedChannelException _ -> Errno.EBADF;
            case NonReadableChannelException _ -> Errno.EBADF;
            case NonWritableChannelException _ -> Errno.EBADF;
            case InvalidPathException _ -> Errno.EINVAL;
            case UncheckedIOException unchecked -> errnoOf(unchecked.getCause());
            case DirectoryIteratorException iteration -> errnoOf(iteration.getCause());
            case UnsupportedOperationException _ -> Errno.EOPNOTSUPP;
            case IOException io -> orEio(fromText(io.getMessage()));
            default -> Errno.EIO;
        };
    }

    /**
     * Finds the errno whose description is the given text, or its meaningful part: the text after the last
     * {@code ": "}, or the text before a {@code " ("} or {@code " or "} decoration.
     *
     * @param text an exception reason or message, may be null
     * @return the errno, or null when the text names none
     */
    static Errno fromText(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.endsWith(XATTR_BUFFER_TOO_SMALL)) {
            return Errno.ERANGE;
        }
        Errno exact = BY_DESCRIPTION.get(text);
        if (exact != null) {
            return exact;
        }
        int colon = text.lastIndexOf(": ");
        if (colon >= 0) {
            Errno suffix = BY_DESCRIPTION.get(text.substring(colon + 2));
            if (suffix != null) {
                return suffix;
            }
        }
        for (String decoration : new String[] {" (", " or "}) {
            int at = text.indexOf(decoration);
            if (at > 0) {
                Errno prefix = BY_DESCRIPTION.get(text.substring(0, at));
                if (prefix != null) {
                    return prefix;
                }
            }
        }
        return null;
    }

    private static Errno orEio(Errno errno) {
        return errno != null ? errno : Errno.EIO;
    }

    private static Map<String, Errno> byDescription() {
        Map<String, Errno> map = new HashMap<>();
        for (Errno errno : Errno.values()) {
            map.putIfAbsent(errno.description(), errno);
        }
        return Map.copyOf(map);
    }
}
