package dev.fusering.api;

import java.io.IOException;
import java.util.Objects;

/**
 * A mount could not be made, or a running mount could not be set up, for a reason the user can act on.
 *
 * <p>The message is always one line that names the cause and the fix, for example
 * {@code mount point /mnt/x does not exist: create it first (mkdir -p /mnt/x)}. The {@link #reason()}
 * classifies the failure so that callers (the Spring Boot failure analyzer, the launcher) can react to it
 * without parsing the message.
 */
public final class FuseMountException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Reason {
        /** The mount point does not exist. */
        MOUNT_POINT_MISSING,
        /** The mount point exists but is not a directory. */
        NOT_A_DIRECTORY,
        /** The mount point is a directory that is not empty. */
        NOT_EMPTY,
        /** Something is already mounted on the mount point. */
        ALREADY_MOUNTED,
        /** A stale FUSE mount was found and could not be repaired. */
        STALE_MOUNT,
        /** {@code /dev/fuse} or the {@code fuse} filesystem type is not available. */
        NO_DEV_FUSE,
        /** The process lacks the privilege to open {@code /dev/fuse} or to call mount(2). */
        PERMISSION_DENIED,
        /** The io_uring transport was required but the kernel does not offer it. */
        IO_URING_UNAVAILABLE,
        /** The JVM does not grant native access to the engine. */
        NATIVE_ACCESS_DISABLED,
        /** mount(2) failed for another reason. */
        MOUNT_FAILED,
        /** The FUSE_INIT handshake, the filesystem's {@code init} or the transport set-up failed. */
        INIT_FAILED,
        /** The session or mount options are inconsistent. */
        CONFIGURATION
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason  the classification, not null
     * @param message one line naming the cause and the fix
     */
    public FuseMountException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param reason  the classification, not null
     * @param message one line naming the cause and the fix
     * @param cause   the underlying failure
     */
    public FuseMountException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the classification of this failure.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }
}
