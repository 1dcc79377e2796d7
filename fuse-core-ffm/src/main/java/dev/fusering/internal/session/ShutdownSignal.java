package dev.fusering.internal.session;

import dev.fusering.api.ShutdownHandle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shutdown flag of one session: set once by {@link #shutdown()}, after which the listener the engine
 * installed (if any) runs on the calling thread. A shutdown requested before the engine listens is seen
 * by the engine through {@link #isShutdown()} when it installs its listener.
 */
public final class ShutdownSignal implements ShutdownHandle {

    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Runnable listener;

    /** Creates an unset signal. */
    public ShutdownSignal() {
    }

    @Override
    public void shutdown() {
        if (requested.compareAndSet(false, true)) {
            Runnable l = listener;
            if (l != null) {
                l.run();
            }
        }
    }

    @Override
    public boolean isShutdown() {
        return requested.get();
    }

    /**
     * Installs the action to run on shutdown; runs it at once if shutdown was already requested.
     *
     * @param action what to run, must be quick and must not throw
     */
    void onShutdown(Runnable action) {
        listener = action;
        if (requested.get()) {
            action.run();
        }
    }
}
