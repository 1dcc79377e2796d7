package dev.fusering.faults;

/** A misbehaviour that {@link FaultyFilesystem} injects into one operation. */
enum Fault {
    /** READ and WRITE sleep 5 ms before they do their work, so that requests stay in flight. */
    SLOW,
    /** The method throws an unexpected {@link IllegalStateException}. */
    THROW,
    /** The method blocks until released, ignoring interrupts (a filesystem stuck forever). */
    HANG,
    /** The method blocks until the kernel interrupts the request, then answers {@code EINTR}. */
    HANG_UNTIL_INTERRUPTED,
    /** The method throws a {@code FuseException} with errno 600, outside the kernel's range. */
    ERRNO_600,
    /** The method throws a {@code FuseException} whose {@code errno()} is 0. */
    ERRNO_ZERO,
    /** The method throws a {@code FuseException} whose {@code errno()} is negative. */
    ERRNO_NEGATIVE,
    /** READ returns one byte more than the buffer holds; WRITE claims one byte more than it got. */
    OVERSIZED,
    /** GETXATTR and LISTXATTR return a negative length. */
    NEGATIVE_LENGTH,
    /** READLINK returns a target of 5000 bytes, longer than the kernel accepts. */
    HUGE_TARGET
}
