package dev.fusering.api;

/** Which thread runs the filesystem's code. */
public enum DispatchMode {
    /**
     * Each request runs on a virtual thread, so a slow operation never holds up other requests; the reply
     * is handed back to the transport thread that owns the ring. The default.
     */
    OFFLOADED,
    /**
     * Each request runs on the transport thread that received it: the lowest latency, for filesystems
     * whose methods never block (in-memory data, computed content). A blocking method stalls every request
     * of that thread's queues.
     */
    INLINE
}
