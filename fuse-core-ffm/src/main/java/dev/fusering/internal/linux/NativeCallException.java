package dev.fusering.internal.linux;

import dev.fusering.api.Errno;
import java.io.IOException;

/**
 * A C library or system call failed with an {@code errno}.
 *
 * <p>Carries the name of the call (with its main argument, e.g. {@code mount(/mnt/x)}) and the raw
 * errno so that callers can map specific errors to their own messages. The message reads like
 * {@code mount(/mnt/x) failed: EPERM (Operation not permitted)}.
 */
public final class NativeCallException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The failed call with its main argument, e.g. {@code "open(/dev/fuse)"}. */
    private final String call;
    /** The positive errno value. */
    private final int errno;

    private NativeCallException(String call, int errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    /**
     * Creates the exception for a failed call.
     *
     * @param call the call and its main argument, e.g. {@code "open(/dev/fuse)"}
     * @param errno the positive errno value the call reported
     * @return the exception, with a message naming the call, the errno name and its description
     */
    public static NativeCallException of(String call, int errno) {
        return new NativeCallException(call, errno, message(call, errno));
    }

    /**
     * Returns the call that failed, with its main argument, e.g. {@code "umount2(/mnt/x)"}.
     *
     * @return the call description given to {@link #of(String, int)}
     */
    public String call() {
        return call;
    }

    /**
     * Returns the positive errno value the call failed with.
     *
     * @return the errno, e.g. 2 for ENOENT
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns the errno as a constant, or {@code null} when the number is not a known Linux errno.
     *
     * @return the matching {@link Errno}, or {@code null}
     */
    public Errno errnoConstant() {
        return Errno.of(errno);
    }

    private static String message(String call, int errno) {
        Errno known = Errno.of(errno);
        String what = known != null ? known.name() + " (" + known.description() + ")" : "errno " + errno;
        return call + " failed: " + what;
    }
}
