package dev.fusering.boot;

import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;

/**
 * Hears about every mount the auto-configuration makes. Declare beans of this type to customise the
 * engine {@link Session} before it starts (for example to install a
 * {@link dev.fusering.api.RequestObserver}) or to act once a filesystem is mounted or unmounted. Listeners
 * are called in {@link org.springframework.core.annotation.Order order}; the metrics support is one.
 */
public interface FuseMountListener {

    /**
     * Called before the session of a mount starts; may change its settings.
     *
     * @param mount   the mount's settings
     * @param session the session, not started yet
     */
    default void beforeMount(FuseMountSettings mount, Session session) {
    }

    /**
     * Called once the filesystem is mounted and serves requests.
     *
     * @param mount   the mount's settings
     * @param session the running session
     */
    default void mounted(FuseMountSettings mount, RunningSession session) {
    }

    /**
     * Called once the filesystem is unmounted by the application (not when it is unmounted from outside
     * while the application keeps running).
     *
     * @param mount the mount's settings
     */
    default void unmounted(FuseMountSettings mount) {
    }
}
