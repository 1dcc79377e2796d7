package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * Extended attributes of a {@link NioFilesystem} through the provider's {@link UserDefinedFileAttributeView}
 * ({@code "user"} view): {@code user.x} is stored as the attribute {@code x}.
 *
 * <p>Other namespaces are not stored: reading one answers {@code ENODATA}, writing or removing one
 * {@code EOPNOTSUPP}. When the provider has no {@code "user"} view, every file has no attributes (an empty
 * list, {@code ENODATA}) and setting one answers {@code EOPNOTSUPP}. {@code XATTR_CREATE} and
 * {@code XATTR_REPLACE} are checked before writing, not atomically.
 *
 * <p>Stateless and thread-safe.
 */
final class NioXattrs {

    private static final String USER = UserXattrs.USER_PREFIX;

    private final boolean supported;

    /**
     * Creates the helper.
     *
     * @param supported whether the provider has the {@code "user"} view
     */
    NioXattrs(boolean supported) {
        this.supported = supported;
    }

    /**
     * Sets an attribute.
     *
     * @param path  the file
     * @param name  the full name, e.g. {@code user.comment}
     * @param value the value
     * @param flags 0, {@code XATTR_CREATE} or {@code XATTR_REPLACE}
     * @throws IOException as the provider reports it
     */
    void set(Path path, String name, MemorySegment value, int flags) throws IOException {
        UserDefinedFileAttributeView view = view(path, name, Errno.EOPNOTSUPP);
        String key = name.substring(USER.length());
        if (UserXattrs.checksExistence(flags)) {
            UserXattrs.checkExistence(flags, view.list().contains(key));
        }
        view.write(key, ByteBuffer.wrap(value.toArray(ValueLayout.JAVA_BYTE)));
    }

    /**
     * Reads an attribute into {@code buffer} when it fits.
     *
     * @param path   the file
     * @param name   the full name
     * @param buffer where to put the value
     * @return the value's length
     * @throws IOException as the provider reports it
     */
    int get(Path path, String name, MemorySegment buffer) throws IOException {
        UserDefinedFileAttributeView view = view(path, name, Errno.ENODATA);
        String key = name.substring(USER.length());
        if (!view.list().contains(key)) {
            throw FuseException.of(Errno.ENODATA);
        }
        int size = view.size(key);
        if (size > buffer.byteSize()) {
            return size;
        }
        ByteBuffer value = ByteBuffer.allocate(size);
        view.read(key, value);
        MemorySegment.copy(MemorySegment.ofArray(value.array()), 0, buffer, 0, value.position());
        return value.position();
    }

    /**
     * Lists the attribute names, each followed by a NUL byte, into {@code buffer} when it fits.
     *
     * @param path   the file
     * @param buffer where to put the names
     * @return the list's length
     * @throws IOException as the provider reports it
     */
    int list(Path path, MemorySegment buffer) throws IOException {
        if (!supported) {
            return 0;
        }
        return UserXattrs.copyNames(Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS).list(), buffer);
    }

    /**
     * Removes an attribute.
     *
     * @param path the file
     * @param name the full name
     * @throws IOException as the provider reports it
     */
    void remove(Path path, String name) throws IOException {
        UserDefinedFileAttributeView view = view(path, name, Errno.EOPNOTSUPP);
        String key = name.substring(USER.length());
        if (!view.list().contains(key)) {
            throw FuseException.of(Errno.ENODATA);
        }
        view.delete(key);
    }

    private UserDefinedFileAttributeView view(Path path, String name, Errno refusal) {
        if (!supported || !name.startsWith(USER) || name.length() == USER.length()) {
            throw FuseException.of(refusal);
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw FuseException.of(refusal);
        }
        return view;
    }
}
