package dev.fusering.lifecycle;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.ForwardingFilesystem;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards to a filesystem and counts the lifecycle calls {@link #init} and {@link #destroy}, so that tests
 * can check that the engine calls each exactly once.
 */
class CountingFilesystem extends ForwardingFilesystem {

    private final AtomicInteger inits = new AtomicInteger();
    private final AtomicInteger destroys = new AtomicInteger();

    /**
     * Creates a counting filesystem.
     *
     * @param delegate the filesystem that does the work
     */
    CountingFilesystem(Filesystem delegate) {
        super(delegate);
    }

    @Override
    public void init(ConnectionInfo connection) {
        inits.incrementAndGet();
        super.init(connection);
    }

    @Override
    public void destroy() {
        destroys.incrementAndGet();
        super.destroy();
    }

    /** @return how many times {@link #init} was called */
    int inits() {
        return inits.get();
    }

    /** @return how many times {@link #destroy} was called */
    int destroys() {
        return destroys.get();
    }
}
