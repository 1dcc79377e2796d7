package dev.fusering.boot;

import java.util.Objects;

/**
 * The FuseRing configuration is inconsistent: a filesystem bean without a mount point, a configured mount
 * without a bean, two mounts on one directory... Thrown while the application context starts, so that
 * nothing is mounted; {@link dev.fusering.boot.diagnostics.FuseFailureAnalyzer} reports the description
 * and the action.
 */
public class FuseConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates an exception.
     *
     * @param description what is wrong, naming the beans and properties involved
     * @param action      what to change
     */
    public FuseConfigurationException(String description, String action) {
        super(description);
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Returns what is wrong.
     *
     * @return the description (the message)
     */
    public String description() {
        return getMessage();
    }

    /**
     * Returns what to change.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
