package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extended attributes of one node of a {@link MemoryFilesystem}: names in any namespace, stored as
 * given, with values of up to {@value #MAX_VALUE_SIZE} bytes. Listed in the order they were first set.
 *
 * <p>Not thread-safe: guarded by the filesystem's tree lock (read lock to get and list, write lock to set
 * and remove).
 */
final class MemoryXattrs {

    /** {@code XATTR_CREATE}: fail with {@code EEXIST} when the attribute exists. */
    static final int XATTR_CREATE = 1;

    /** {@code XATTR_REPLACE}: fail with {@code ENODATA} when the attribute does not exist. */
    static final int XATTR_REPLACE = 2;

    /** The largest value in bytes (Linux {@code XATTR_SIZE_MAX}). */
    static final int MAX_VALUE_SIZE = 65536;

    /** The longest name in UTF-8 bytes (Linux {@code XATTR_NAME_MAX}). */
    static final int MAX_NAME_LENGTH = 255;

    private Map<String, byte[]> values;

    /** Creates an empty set of attributes. */
    MemoryXattrs() {
    }

    /**
     * Sets an attribute.
     *
     * @param name  the attribute name
     * @param value the value, copied
     * @param flags 0, {@link #XATTR_CREATE} or {@link #XATTR_REPLACE}
     * @throws FuseException {@code EINVAL} for unknown flags, {@code ERANGE} for an empty or too long name,
     *     {@code E2BIG} for a too large value, {@code EEXIST} / {@code ENODATA} as the flags demand
     */
    void set(String name, MemorySegment value, int flags) {
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        checkName(name);
        if (value.byteSize() > MAX_VALUE_SIZE) {
            throw FuseException.of(Errno.E2BIG);
        }
        boolean present = values != null && values.containsKey(name);
        if ((flags & XATTR_CREATE) != 0 && present) {
            throw FuseException.of(Errno.EEXIST);
        }
        if ((flags & XATTR_REPLACE) != 0 && !present) {
            throw FuseException.of(Errno.ENODATA);
        }
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        values.put(name, value.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * Reads an attribute: copies the value into {@code buffer} when it fits.
     *
     * @param name   the attribute name
     * @param buffer where to put the value
     * @return the value's length, whether or not it was copied
     * @throws FuseException {@code ENODATA} when absent, {@code ERANGE} for an empty or too long name
     */
    int get(String name, MemorySegment buffer) {
        checkName(name);
        byte[] value = values == null ? null : values.get(name);
        if (value == null) {
            throw FuseException.of(Errno.ENODATA);
        }
        if (value.length <= buffer.byteSize()) {
            MemorySegment.copy(value, 0, buffer, ValueLayout.JAVA_BYTE, 0, value.length);
        }
        return value.length;
    }

    /**
     * Lists the attribute names, each UTF-8 encoded and followed by a NUL byte; copies the list into
     * {@code buffer} when it fits.
     *
     * @param buffer where to put the list
     * @return the list's length, whether or not it was copied
     */
    int list(MemorySegment buffer) {
        if (values == null) {
            return 0;
        }
        int length = 0;
        for (String name : values.keySet()) {
            length += name.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        if (length <= buffer.byteSize()) {
            long position = 0;
            for (String name : values.keySet()) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, position, bytes.length);
                buffer.set(ValueLayout.JAVA_BYTE, position + bytes.length, (byte) 0);
                position += bytes.length + 1;
            }
        }
        return length;
    }

    /**
     * Removes an attribute.
     *
     * @param name the attribute name
     * @throws FuseException {@code ENODATA} when absent, {@code ERANGE} for an empty or too long name
     */
    void remove(String name) {
        checkName(name);
        if (values == null || values.remove(name) == null) {
            throw FuseException.of(Errno.ENODATA);
        }
    }

    /**
     * Returns a stored value without copying it.
     *
     * @param name the attribute name
     * @return the value (do not modify it), or null when absent
     */
    byte[] raw(String name) {
        return values == null ? null : values.get(name);
    }

    /**
     * Stores a value without the flag and size checks of {@link #set} (for ACLs, which the caller has
     * validated).
     *
     * @param name  the attribute name
     * @param value the value, kept as is
     */
    void put(String name, byte[] value) {
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        values.put(name, value);
    }

    /**
     * Removes an attribute if it exists.
     *
     * @param name the attribute name
     */
    void removeIfPresent(String name) {
        if (values != null) {
            values.remove(name);
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
            throw FuseException.of(Errno.ERANGE);
        }
    }
}
