package dev.fusering.api;

import java.util.Objects;

/**
 * A POSIX byte-range lock as the kernel describes it in GETLK, SETLK and SETLKW ({@code struct
 * fuse_file_lock} plus the lock owner): a type, an inclusive byte range and who holds or asks for it.
 *
 * <p>Ranges are inclusive on both ends; {@link #OFFSET_MAX} as {@link #end()} means "to the end of the file,
 * however long it grows" (the kernel's translation of {@code l_len == 0}).
 *
 * @param type  read, write or unlock
 * @param start the first byte, &ge; 0
 * @param end   the last byte, &ge; {@code start}; {@link #OFFSET_MAX} for "to the end of the file"
 * @param owner the lock owner: an opaque id of the kernel's, one per process file table for POSIX locks
 *              (the same id FLUSH carries) and one per open file description for {@code flock(2)} locks
 * @param pid   the process id of the owner (thread group id in the mount's pid namespace); 0 when the
 *              kernel does not name one (unlock requests, GETLK probes)
 */
public record FileLock(Type type, long start, long end, long owner, int pid) {

    /** The largest file offset: an {@link #end()} of this value means "to the end of the file". */
    public static final long OFFSET_MAX = Long.MAX_VALUE;

    /** The lock types of {@code fcntl(2)}, with their Linux values. */
    public enum Type {
        /** {@code F_RDLCK}: a shared (read) lock. */
        READ(0),
        /** {@code F_WRLCK}: an exclusive (write) lock. */
        WRITE(1),
        /** {@code F_UNLCK}: no lock (unlock request, or "no conflict" in a GETLK answer). */
        UNLOCK(2);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        /**
         * Returns the Linux value ({@code F_RDLCK} 0, {@code F_WRLCK} 1, {@code F_UNLCK} 2).
         *
         * @return the value
         */
        public int code() {
            return code;
        }

        /**
         * Returns the type of a Linux value.
         *
         * @param code {@code F_RDLCK}, {@code F_WRLCK} or {@code F_UNLCK}
         * @return the type, or null for any other value
         */
        public static Type of(int code) {
            return switch (code) {
                case 0 -> READ;
                case 1 -> WRITE;
                case 2 -> UNLOCK;
                default -> null;
            };
        }
    }

    /**
     * Validates the lock.
     *
     * @throws NullPointerException     if {@code type} is null
     * @throws IllegalArgumentException if the range is empty or negative
     */
    public FileLock {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid lock range " + start + ".." + end);
        }
    }

    /**
     * Tells whether this lock's range shares at least one byte with {@code other}'s.
     *
     * @param other another lock
     * @return true if the ranges overlap
     */
    public boolean overlaps(FileLock other) {
        return start <= other.end && other.start <= end;
    }

    /**
     * Tells whether this lock and {@code other} cannot both be held by different owners: they overlap and
     * at least one is a write lock. Unlock entries conflict with nothing.
     *
     * @param other another lock
     * @return true if they conflict
     */
    public boolean conflictsWith(FileLock other) {
        if (type == Type.UNLOCK || other.type == Type.UNLOCK) {
            return false;
        }
        return (type == Type.WRITE || other.type == Type.WRITE) && overlaps(other);
    }

    /**
     * Returns a copy with another range.
     *
     * @param newStart the first byte
     * @param newEnd   the last byte
     * @return the lock over {@code newStart..newEnd}
     */
    public FileLock withRange(long newStart, long newEnd) {
        return new FileLock(type, newStart, newEnd, owner, pid);
    }
}
