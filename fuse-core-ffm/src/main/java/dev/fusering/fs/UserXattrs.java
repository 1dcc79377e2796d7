package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link NioXattrs} and {@link PassthroughXattrs} share about extended attributes kept in a
 * {@link java.nio.file.attribute.UserDefinedFileAttributeView}: the FUSE name {@code user.x} is the view's
 * name {@code x}, SETXATTR's {@code XATTR_CREATE} and {@code XATTR_REPLACE} are checked before writing (not
 * atomically), and LISTXATTR's reply is every name with its {@code user.} prefix and a NUL byte.
 *
 * <p>Stateless and thread-safe.
 */
final class UserXattrs {

    /** The namespace prefix of the attributes a user-defined view holds. */
    static final String USER_PREFIX = "user.";
    /** {@code XATTR_CREATE}: fail with {@code EEXIST} when the attribute exists. */
    static final int XATTR_CREATE = 1;
    /** {@code XATTR_REPLACE}: fail with {@code ENODATA} when the attribute does not exist. */
    static final int XATTR_REPLACE = 2;

    private UserXattrs() {
    }

    /**
     * Tells whether SETXATTR's flags depend on whether the attribute exists.
     *
     * @param flags the SETXATTR flags
     * @return true when {@code XATTR_CREATE} or {@code XATTR_REPLACE} is set
     */
    static boolean checksExistence(int flags) {
        return (flags & (XATTR_CREATE | XATTR_REPLACE)) != 0;
    }

    /**
     * Refuses a SETXATTR whose flags contradict whether the attribute exists.
     *
     * @param flags  the SETXATTR flags
     * @param exists whether the attribute exists now
     * @throws FuseException {@code EEXIST} for {@code XATTR_CREATE} of an existing attribute, {@code ENODATA}
     *                       for {@code XATTR_REPLACE} of a missing one
     */
    static void checkExistence(int flags, boolean exists) {
        if ((flags & XATTR_CREATE) != 0 && exists) {
            throw FuseException.of(Errno.EEXIST);
        }
        if ((flags & XATTR_REPLACE) != 0 && !exists) {
            throw FuseException.of(Errno.ENODATA);
        }
    }

    /**
     * Writes a LISTXATTR reply: each name of the view with the {@code user.} prefix and a NUL byte, UTF-8, when
     * it fits into {@code buffer}.
     *
     * @param names  the view's names, without prefix
     * @param buffer where to put the list; empty for a size probe
     * @return the list's length, which exceeds the buffer's size when nothing was written
     */
    static int copyNames(List<String> names, MemorySegment buffer) {
        byte[][] encoded = new byte[names.size()][];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = (USER_PREFIX + names.get(i)).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        if (total > buffer.byteSize()) {
            return total;
        }
        long offset = 0;
        for (byte[] bytes : encoded) {
            MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, offset, bytes.length);
            offset += bytes.length;
            buffer.set(ValueLayout.JAVA_BYTE, offset, (byte) 0);
            offset++;
        }
        return total;
    }
}
