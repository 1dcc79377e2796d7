package dev.fusering.boot.metrics;

import dev.fusering.api.Errno;

import java.util.Arrays;
import java.util.Locale;

/**
 * The bounded set of values of the {@code errno} tag: the errors filesystems commonly answer, each by its
 * lower-case name ({@code enoent}), and {@code other} for the rest. Mapping an errno to its slot is one array
 * read.
 */
final class ErrnoTags {

    /** The errors that get a tag value of their own. */
    private static final Errno[] TRACKED = {
            Errno.ENOENT, Errno.EEXIST, Errno.ENOTEMPTY, Errno.ENOTDIR, Errno.EISDIR, Errno.EACCES, Errno.EPERM,
            Errno.EINVAL, Errno.EIO, Errno.ENOSPC, Errno.ENOSYS, Errno.EOPNOTSUPP, Errno.EINTR, Errno.ENODATA,
            Errno.ERANGE, Errno.EXDEV, Errno.EROFS, Errno.ENAMETOOLONG, Errno.EAGAIN, Errno.EBADF
    };

    /** The slot of every error that is not tracked. */
    static final int OTHER = TRACKED.length;

    /** The number of slots, {@code other} included. */
    static final int COUNT = TRACKED.length + 1;

    private static final int[] SLOT_BY_ERRNO = slots();

    private ErrnoTags() {
    }

    private static int[] slots() {
        int[] slots = new int[512];
        Arrays.fill(slots, OTHER);
        for (int i = 0; i < TRACKED.length; i++) {
            slots[TRACKED[i].code()] = i;
        }
        return slots;
    }

    /**
     * Returns the slot of an errno.
     *
     * @param errno a positive errno
     * @return its slot, or {@link #OTHER}
     */
    static int slot(int errno) {
        return errno > 0 && errno < SLOT_BY_ERRNO.length ? SLOT_BY_ERRNO[errno] : OTHER;
    }

    /**
     * Returns the tag value of a slot.
     *
     * @param slot a slot, {@code 0 .. COUNT - 1}
     * @return e.g. {@code enoent}, or {@code other}
     */
    static String tag(int slot) {
        return slot == OTHER ? "other" : TRACKED[slot].name().toLowerCase(Locale.ROOT);
    }
}
