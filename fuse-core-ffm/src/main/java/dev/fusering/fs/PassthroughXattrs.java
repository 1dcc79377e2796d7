package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * Extended attributes of a source file for {@link PassthroughFilesystem}, through
 * {@link UserDefinedFileAttributeView}, which only reaches the {@code user.} namespace: the FUSE name
 * {@code user.x} is the view's name {@code x}. Other namespaces ({@code security.}, {@code trusted.},
 * {@code system.}) answer {@code EOPNOTSUPP} and are not listed.
 *
 * <p>As on Linux, only regular files and directories carry {@code user.} attributes: on other file types
 * reads answer {@code ENODATA}, listings are empty and writes answer {@code EPERM}. {@code XATTR_CREATE}
 * and {@code XATTR_REPLACE} are emulated by checking for the attribute before writing it, which is not atomic
 * against a concurrent writer of the same attribute.
 *
 * <p>Stateless and thread-safe.
 */
final class PassthroughXattrs {

    /** {@code XATTR_CREATE}: fail with {@code EEXIST} when the attribute exists. */
    static final int XATTR_CREATE = UserXattrs.XATTR_CREATE;
    /** {@code XATTR_REPLACE}: fail with {@code ENODATA} when the attribute does not exist. */
    static final int XATTR_REPLACE = UserXattrs.XATTR_REPLACE;

    private static final String USER_PREFIX = UserXattrs.USER_PREFIX;

    private PassthroughXattrs() {
    }

    /**
     * Reads an attribute into {@code buffer} when it fits (GETXATTR).
     *
     * @param path   the source file
     * @param name   the full attribute name, e.g. {@code user.comment}
     * @param buffer where to put the value; empty for a size probe
     * @return the value's length, which exceeds the buffer's size when nothing was written
     * @throws IOException   as {@code java.nio} reports it
     * @throws FuseException {@code EOPNOTSUPP} outside {@code user.}, {@code ENODATA} when there is no value
     */
    static int get(Path path, String name, MemorySegment buffer) throws IOException {
        String key = viewName(name);
        if (!canHaveXattrs(path)) {
            throw FuseException.of(Errno.ENODATA);
        }
        UserDefinedFileAttributeView view = view(path);
        while (true) {
            if (buffer.byteSize() == 0) {
                return view.size(key);
            }
            try {
                return view.read(key, buffer.asByteBuffer());
            } catch (FileSystemException e) {
                if (PassthroughErrors.errnoOf(e) != Errno.ERANGE) {
                    throw e;
                }
                int size = view.size(key);
                if (size > buffer.byteSize()) {
                    return size;
                }
                // The value shrank between the two calls: read it again.
            }
        }
    }

    /**
     * Lists the attribute names, each followed by a NUL byte, into {@code buffer} when they fit (LISTXATTR).
     *
     * @param path   the source file
     * @param buffer where to put the names; empty for a size probe
     * @return the list's length, which exceeds the buffer's size when nothing was written
     * @throws IOException as {@code java.nio} reports it
     */
    static int list(Path path, MemorySegment buffer) throws IOException {
        if (!canHaveXattrs(path)) {
            return 0;
        }
        return UserXattrs.copyNames(view(path).list(), buffer);
    }

    /**
     * Writes an attribute (SETXATTR).
     *
     * @param path  the source file
     * @param name  the full attribute name
     * @param value the value
     * @param flags 0, {@link #XATTR_CREATE} or {@link #XATTR_REPLACE}
     * @throws IOException   as {@code java.nio} reports it
     * @throws FuseException {@code EOPNOTSUPP} outside {@code user.}, {@code EINVAL} for unknown flags,
     *                       {@code EEXIST}/{@code ENODATA} as the flags demand, {@code EPERM} for a file type
     *                       without user attributes
     */
    static void set(Path path, String name, MemorySegment value, int flags) throws IOException {
        String key = viewName(name);
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (!canHaveXattrs(path)) {
            throw FuseException.of(Errno.EPERM);
        }
        UserDefinedFileAttributeView view = view(path);
        if (UserXattrs.checksExistence(flags)) {
            UserXattrs.checkExistence(flags, exists(view, key));
        }
        view.write(key, value.asByteBuffer());
    }

    /**
     * Removes an attribute (REMOVEXATTR).
     *
     * @param path the source file
     * @param name the full attribute name
     * @throws IOException   as {@code java.nio} reports it ({@code ENODATA} when missing)
     * @throws FuseException {@code EOPNOTSUPP} outside {@code user.}
     */
    static void remove(Path path, String name) throws IOException {
        String key = viewName(name);
        if (!canHaveXattrs(path)) {
            throw FuseException.of(Errno.ENODATA);
        }
        view(path).delete(key);
    }

    /**
     * Returns the view's name for a FUSE attribute name.
     *
     * @param name the full name, e.g. {@code user.comment}
     * @return the name without {@code user.}
     * @throws FuseException {@code EOPNOTSUPP} outside {@code user.}, {@code EINVAL} for {@code user.} alone
     */
    static String viewName(String name) {
        if (!name.startsWith(USER_PREFIX)) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (name.length() == USER_PREFIX.length()) {
            throw FuseException.of(Errno.EINVAL);
        }
        return name.substring(USER_PREFIX.length());
    }

    /**
     * Tells whether the file may carry user attributes (a regular file or a directory). This also keeps the
     * view, which opens the file, away from FIFOs (the open would block) and symbolic links.
     */
    private static boolean canHaveXattrs(Path path) throws IOException {
        PassthroughStat stat = PassthroughStat.read(path);
        return stat.isRegular() || stat.isDirectory();
    }

    private static boolean exists(UserDefinedFileAttributeView view, String key) throws IOException {
        try {
            view.size(key);
            return true;
        } catch (FileSystemException e) {
            if (PassthroughErrors.errnoOf(e) == Errno.ENODATA) {
                return false;
            }
            throw e;
        }
    }

    private static UserDefinedFileAttributeView view(Path path) {
        UserDefinedFileAttributeView view =
            Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        return view;
    }
}
