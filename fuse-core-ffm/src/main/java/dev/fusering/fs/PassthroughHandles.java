package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A table of open handles ({@code fh} values) of {@link PassthroughFilesystem}: open files or directory
 * snapshots, keyed by a counter that starts at 1 and is never reused.
 *
 * <p>Thread-safe.
 *
 * @param <T> what a handle refers to
 */
final class PassthroughHandles<T> {

    private final Map<Long, T> open = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    /** Creates an empty table. */
    PassthroughHandles() {
    }

    /**
     * Registers an open object and returns its new handle.
     *
     * @param value the open object
     * @return the handle to give to the kernel
     */
    long add(T value) {
        long fh = counter.incrementAndGet();
        open.put(fh, value);
        return fh;
    }

    /**
     * Returns the object of a handle.
     *
     * @param fh a handle returned by {@link #add}
     * @return the object
     * @throws FuseException {@code EBADF} when the handle is not open
     */
    T get(long fh) {
        T value = open.get(fh);
        if (value == null) {
            throw FuseException.of(Errno.EBADF);
        }
        return value;
    }

    /**
     * Returns the object of a handle, or null when it is not open.
     *
     * @param fh a handle, possibly {@code Filesystem.NO_FH}
     * @return the object or null
     */
    T find(long fh) {
        return open.get(fh);
    }

    /**
     * Returns an open object that matches a condition (a linear search, for rare cases).
     *
     * @param condition what to look for
     * @return a matching object, or null when none matches
     */
    T findFirst(Predicate<T> condition) {
        for (T value : open.values()) {
            if (condition.test(value)) {
                return value;
            }
        }
        return null;
    }

    /**
     * Unregisters a handle.
     *
     * @param fh a handle returned by {@link #add}
     * @return the object it referred to, or null when it was not open
     */
    T remove(long fh) {
        return open.remove(fh);
    }

    /**
     * Unregisters every handle.
     *
     * @return the objects that were open
     */
    List<T> removeAll() {
        List<T> removed = new ArrayList<>();
        for (Long fh : open.keySet()) {
            T value = open.remove(fh);
            if (value != null) {
                removed.add(value);
            }
        }
        return removed;
    }

    /**
     * Returns the number of open handles.
     *
     * @return the count
     */
    int size() {
        return open.size();
    }
}
