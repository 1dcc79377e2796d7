package dev.fusering.api;

/**
 * Thrown by a {@link Filesystem} method to answer the kernel with an error number.
 *
 * <p>This is the normal way to fail an operation: {@code throw FuseException.of(Errno.ENOENT)}. The
 * instances returned by {@link #of(Errno)} are shared, immutable and carry no stack trace, so throwing
 * them allocates nothing; use {@link #FuseException(Errno, String)} when a message helps debugging (the
 * engine logs it at debug level). Any other exception escaping a filesystem method is answered with
 * {@code EIO} and logged as an error.
 */
public class FuseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final FuseException[] SHARED = sharedInstances();

    private final int errno;

    /**
     * Creates an exception for an errno, with a message and a stack trace.
     *
     * @param errno   the error to answer, not null
     * @param message what went wrong, for logs
     */
    public FuseException(Errno errno, String message) {
        this(errno.code(), message, true);
    }

    /**
     * Creates an exception for a raw errno value, with a message and a stack trace.
     *
     * @param errno   a positive Linux errno value (1..4095)
     * @param message what went wrong, for logs
     * @throws IllegalArgumentException if {@code errno} is out of range
     */
    public FuseException(int errno, String message) {
        this(checked(errno), message, true);
    }

    private FuseException(int errno, String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
        this.errno = errno;
    }

    private static FuseException[] sharedInstances() {
        int max = 0;
        for (Errno e : Errno.values()) {
            max = Math.max(max, e.code());
        }
        FuseException[] shared = new FuseException[max + 1];
        for (Errno e : Errno.values()) {
            shared[e.code()] = new FuseException(e.code(), null, false);
        }
        return shared;
    }

    private static int checked(int errno) {
        if (errno <= 0 || errno >= 4096) {
            throw new IllegalArgumentException("errno must be in 1..4095, got " + errno);
        }
        return errno;
    }

    /**
     * Returns the shared, stackless exception for an errno. Throwing it allocates nothing.
     *
     * @param errno the error to answer, not null
     * @return the shared instance
     */
    public static FuseException of(Errno errno) {
        return SHARED[errno.code()];
    }

    /**
     * Returns the positive errno value this exception answers with.
     *
     * @return the errno, 1..4095
     */
    public int errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        String m = super.getMessage();
        String name = Errno.nameOf(errno);
        return m == null ? name : name + ": " + m;
    }
}
