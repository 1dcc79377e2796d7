package dev.fusering.faults;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

/**
 * A {@link FuseException} that reports an arbitrary errno value, including 0 and negative ones, which the
 * public constructors refuse: it models a buggy subclass in a filesystem.
 */
final class BadErrnoException extends FuseException {

    private static final long serialVersionUID = 1L;

    private final int value;

    /**
     * Creates the exception.
     *
     * @param value what {@link #errno()} returns
     */
    BadErrnoException(int value) {
        super(Errno.EIO, "injected errno " + value);
        this.value = value;
    }

    @Override
    public int errno() {
        return value;
    }
}
