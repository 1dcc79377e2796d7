package dev.fusering.api;

/**
 * Asks a {@link Session} to stop: in-flight requests are drained (within the session's shutdown
 * timeout), the filesystem is unmounted and {@link Session#run(Filesystem)} returns. Thread-safe; may be
 * called any number of times, from any thread, including signal handlers and shutdown hooks.
 */
public interface ShutdownHandle {

    /** Requests a graceful shutdown; returns at once. */
    void shutdown();

    /**
     * Tells whether a shutdown has been requested.
     *
     * @return true after {@link #shutdown()}
     */
    boolean isShutdown();
}
