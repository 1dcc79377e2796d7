package dev.fusering.internal.dispatch;

/**
 * Where the {@link Dispatcher} reports a FUSE_INTERRUPT. The session implements it: it finds the
 * {@link Exchange} whose {@link Exchange#unique} is the target, sets {@link Exchange#interrupted} and
 * interrupts {@link Exchange#runner} when one is set.
 */
public interface Interrupts {

    /**
     * Asks for a request to be interrupted. Called on the thread that received the INTERRUPT; must not
     * block. The target may already be answered, or not yet be dispatched.
     *
     * @param targetUnique the unique id of the request to interrupt ({@code fuse_interrupt_in.unique})
     */
    void interrupt(long targetUnique);
}
