package dev.fusering.internal.dispatch;

/**
 * Where the {@link Dispatcher} reports a FUSE_INTERRUPT, and where the transports report which requests are
 * in flight. The session uses {@link InFlightRequests}; tests may pass a lambda, whose {@link #register}
 * and {@link #unregister} do nothing.
 */
public interface Interrupts {

    /**
     * Asks for a request to be interrupted. Called on the thread that received the INTERRUPT; must not
     * block. The target may already be answered, or not yet be dispatched.
     *
     * @param targetUnique the unique id of the request to interrupt ({@code fuse_interrupt_in.unique})
     */
    void interrupt(long targetUnique);

    /**
     * Records that {@code ex} now holds the request in its header fields ({@link Exchange#begin} has run).
     * Called by the slot's transport thread before the request is dispatched; must not allocate.
     *
     * @param ex the exchange
     */
    default void register(Exchange ex) {
    }

    /**
     * Records that the request of {@code ex} has been answered (or dropped). Called by the slot's transport
     * thread; must not allocate.
     *
     * @param ex the exchange
     */
    default void unregister(Exchange ex) {
    }
}
