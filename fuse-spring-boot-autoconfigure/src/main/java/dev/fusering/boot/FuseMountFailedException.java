package dev.fusering.boot;

import java.util.Objects;

/**
 * A filesystem bean could not be mounted when the application started. The cause is usually a
 * {@link dev.fusering.api.FuseMountException} whose reason
 * {@link dev.fusering.boot.diagnostics.FuseFailureAnalyzer} turns into advice.
 */
public class FuseMountFailedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient FuseMountSettings mount;

    /**
     * Creates an exception.
     *
     * @param mount the mount that failed
     * @param cause why it failed
     */
    public FuseMountFailedException(FuseMountSettings mount, Throwable cause) {
        super("Could not mount '" + mount.name() + "' (bean '" + mount.beanName() + "') on " + mount.mountPoint()
                + ": " + cause.getMessage(), cause);
        this.mount = Objects.requireNonNull(mount, "mount");
    }

    /**
     * Returns the mount that failed.
     *
     * @return its settings
     */
    public FuseMountSettings mount() {
        return mount;
    }
}
