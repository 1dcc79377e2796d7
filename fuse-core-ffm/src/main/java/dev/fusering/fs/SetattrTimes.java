package dev.fusering.fs;

import dev.fusering.api.SetattrRequest;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The access and modification times a SETATTR asks for, as {@link FileTime}s for
 * {@link java.nio.file.attribute.BasicFileAttributeView#setTimes}, for the filesystems that mirror a
 * {@code java.nio.file} tree ({@link NioFilesystem}, {@link PassthroughFilesystem}).
 *
 * <p>Stateless and thread-safe.
 */
final class SetattrTimes {

    private SetattrTimes() {
    }

    /**
     * Returns the access time to set.
     *
     * @param changes the SETATTR request
     * @param now     the time to use for {@code UTIME_NOW}
     * @return the time, or null to leave the access time alone
     */
    static FileTime atime(SetattrRequest changes, FileTime now) {
        if (!changes.hasAtime()) {
            return null;
        }
        return changes.atimeNow() ? now : fileTime(changes.atimeSeconds(), changes.atimeNanos());
    }

    /**
     * Returns the modification time to set.
     *
     * @param changes the SETATTR request
     * @param now     the time to use for {@code UTIME_NOW}
     * @return the time, or null to leave the modification time alone
     */
    static FileTime mtime(SetattrRequest changes, FileTime now) {
        if (!changes.hasMtime()) {
            return null;
        }
        return changes.mtimeNow() ? now : fileTime(changes.mtimeSeconds(), changes.mtimeNanos());
    }

    /**
     * Converts a kernel timestamp. A time before 1970 with a fraction of a second is floored to the whole
     * second: the JDK passes such a time to utimensat(2) with negative nanoseconds, which the kernel refuses,
     * and then silently stores the epoch instead.
     *
     * @param seconds seconds since the epoch
     * @param nanos   nanoseconds within the second
     * @return the time
     */
    static FileTime fileTime(long seconds, int nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        if (t.getEpochSecond() < 0 && t.getNano() != 0) {
            t = Instant.ofEpochSecond(t.getEpochSecond());
        }
        return FileTime.from(t);
    }
}
