package dev.fusering.internal.transport;

/**
 * How transport threads tell the session that the connection is gone or that they failed. Both may be
 * called more than once and from any transport thread; implementations must be quick and must not throw.
 */
public interface TransportEvents {

    /**
     * The kernel ended the connection (unmount, abort): the reporting thread has stopped serving.
     *
     * @param who the reporting thread, for logs
     */
    void disconnected(String who);

    /**
     * A transport thread failed in a way that leaves part of the mount unserved.
     *
     * @param failure what happened
     */
    void fatal(Throwable failure);
}
