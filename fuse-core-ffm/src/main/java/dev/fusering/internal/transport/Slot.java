package dev.fusering.internal.transport;

import dev.fusering.api.Errno;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A request slot of either transport: an {@link Exchange} plus the long-lived runner thread that runs
 * filesystem code for it in offloaded mode (a virtual thread unless the transport chooses otherwise with
 * {@link #newRunner(String, Runnable)}).
 *
 * <p>The runner is started on the first offloaded request and then parks between requests, so
 * offloading allocates no thread per request. Hand-off: the transport thread fills the exchange, then
 * {@link #offload()} publishes it with a volatile write and unparks the runner; the runner dispatches and
 * calls {@link #completed()}, which subclasses implement to give the slot back to its transport.
 */
public abstract class Slot {

    private static final Logger log = LoggerFactory.getLogger(Slot.class);

    /** The request/reply state of this slot. */
    public final Exchange exchange;

    private final Dispatcher dispatcher;
    private final String runnerName;
    private volatile boolean pending;
    private volatile boolean closed;
    private volatile boolean busy;
    private Thread runner;

    /**
     * Creates a slot.
     *
     * @param exchange   the slot's exchange
     * @param dispatcher the dispatcher that runs requests
     * @param runnerName the name of the runner thread, for thread dumps
     */
    protected Slot(Exchange exchange, Dispatcher dispatcher, String runnerName) {
        this.exchange = exchange;
        this.dispatcher = dispatcher;
        this.runnerName = runnerName;
    }

    /**
     * Creates the thread that runs this slot's offloaded requests: a virtual thread here. Called once, on the
     * first offloaded request.
     *
     * @param name the thread's name, for thread dumps
     * @param loop what the thread runs
     * @return the unstarted thread
     */
    protected Thread newRunner(String name, Runnable loop) {
        return Thread.ofVirtual().name(name).unstarted(loop);
    }

    /**
     * Marks the slot as holding a request (counted as in flight until {@link #markIdle()}) and registers the
     * request for FUSE_INTERRUPT. Call after the request was loaded into the exchange.
     */
    public final void markBusy() {
        busy = true;
        dispatcher.requestArrived(exchange);
    }

    /** Marks the slot as free again (its request answered or dropped). */
    public final void markIdle() {
        dispatcher.requestEnded(exchange);
        busy = false;
    }

    /**
     * Tells whether the slot holds a request that has not been answered yet.
     *
     * @return true while in flight
     */
    public final boolean isBusy() {
        return busy;
    }

    /** Runs the request in the exchange on the calling thread. */
    public final void dispatchInline() {
        dispatcher.dispatch(exchange);
    }

    /**
     * Runs the request in the exchange on this slot's virtual thread; {@link #completed()} follows there.
     * Must be called by the transport thread that owns the slot.
     */
    public final void offload() {
        Thread t = runner;
        if (t == null) {
            t = newRunner(runnerName, this::runLoop);
            runner = t;
            pending = true;
            t.start();
            return;
        }
        pending = true;
        LockSupport.unpark(t);
    }

    private void runLoop() {
        while (true) {
            while (!pending) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
                // An INTERRUPT aimed at the previous request may land after it finished; a set interrupt
                // status would make park() return at once forever, so clear it while idle.
                Thread.interrupted();
            }
            pending = false;
            if (closed) {
                return;
            }
            runOnce();
        }
    }

    /**
     * Dispatches and hands the slot back. Neither step may end this thread: a slot whose thread died would stay
     * busy forever and its queue would lose an entry, so anything thrown (even an Error such as a class that
     * cannot be loaded) is answered with EIO and logged.
     */
    private void runOnce() {
        try {
            dispatcher.dispatch(exchange);
        } catch (Throwable t) {
            exchange.error = Errno.EIO.code();
            exchange.replyLength = 0;
            log.error("request slot {}: dispatch failed; answering EIO", exchange.index, t);
        }
        try {
            completed();
        } catch (Throwable t) {
            log.error("request slot {}: handing the reply back failed", exchange.index, t);
        }
    }

    /** Called on the runner thread after an offloaded request was dispatched. */
    protected abstract void completed();

    /** Ends the runner thread once it is idle. */
    public final void close() {
        closed = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Tells whether this slot's runner thread exists and has not ended. Call from the transport thread that owns
     * the slot.
     *
     * @return true while a runner thread is alive
     */
    public final boolean runnerAlive() {
        Thread t = runner;
        return t != null && t.isAlive();
    }

    /**
     * Waits until the runner thread, told to end by {@link #close()}, has ended, or the deadline passes (a
     * runner still inside filesystem code ends when that code returns).
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     */
    public final void awaitRunnerEnd(long deadlineNanos) {
        Thread t = runner;
        if (t == null) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            t.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
