package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileName;
import dev.fusering.api.FuseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Paths relative to the served directory, as the filesystems that mirror a {@code java.nio.file} tree by path
 * ({@link NioFilesystem}, {@link PassthroughFilesystem}) keep them for their nodes: {@code ""} is the served
 * directory itself, and a child is its parent's path, {@code '/'}, and its name. Every name from the kernel
 * is checked first, so that no request reaches outside the served directory.
 *
 * <p>Stateless and thread-safe.
 */
final class RelativePaths {

    private RelativePaths() {
    }

    /**
     * Returns the path of an entry named by the kernel, after checking its name with {@link #validName}.
     *
     * @param parentPath the parent directory's path ({@code ""} for the served directory)
     * @param name       the entry's name from the kernel
     * @return the entry's path
     * @throws FuseException {@code EINVAL} for a name {@link #validName} refuses
     */
    static String child(String parentPath, FileName name) {
        return childPath(parentPath, validName(name));
    }

    /**
     * Returns the path of an entry whose name is already known to be valid.
     *
     * @param parentPath the parent directory's path ({@code ""} for the served directory)
     * @param name       the entry's name
     * @return the entry's path
     */
    static String childPath(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + "/" + name;
    }

    /**
     * Decodes an entry name, refusing every name that could leave its directory or that the source cannot
     * represent.
     *
     * @param name the name from the kernel
     * @return the name as a string
     * @throws FuseException {@code EINVAL} for an empty name, {@code "."}, {@code ".."}, a name containing
     *                       {@code '/'} or NUL, or bytes that are not UTF-8
     */
    static String validName(FileName name) {
        int length = name.byteLength();
        if (length == 0 || name.contentEquals(".") || name.contentEquals("..")) {
            throw FuseException.of(Errno.EINVAL);
        }
        for (int i = 0; i < length; i++) {
            byte b = name.byteAt(i);
            if (b == '/' || b == 0) {
                throw FuseException.of(Errno.EINVAL);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(name.toByteArray()))
                .toString();
        } catch (CharacterCodingException e) {
            throw FuseException.of(Errno.EINVAL);
        }
    }

}
