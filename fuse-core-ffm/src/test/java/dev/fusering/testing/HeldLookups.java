package dev.fusering.testing;

import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.Request;
import dev.fusering.fs.MemoryFilesystem;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link MemoryFilesystem} whose lookups of names starting with a prefix wait until {@link #release} is
 * counted down (30 s at most), for tests about requests that filesystem code holds. Every lookup records the
 * thread that runs it.
 */
public final class HeldLookups extends ForwardingFilesystem {

    /** Counted down to let every held lookup go on. */
    public final CountDownLatch release = new CountDownLatch(1);
    /** Counted down by the first held lookup when it starts waiting. */
    public final CountDownLatch entered = new CountDownLatch(1);
    /** How many lookups are waiting right now. */
    public final AtomicInteger held = new AtomicInteger();
    /** The thread that ran the latest lookup, held or not. */
    public final AtomicReference<Thread> lastLookupThread = new AtomicReference<>();

    private final String prefix;

    /**
     * Creates the filesystem.
     *
     * @param prefix lookups of names starting with this are held
     */
    public HeldLookups(String prefix) {
        super(new MemoryFilesystem());
        this.prefix = prefix;
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        lastLookupThread.set(Thread.currentThread());
        if (name.toString().startsWith(prefix)) {
            held.incrementAndGet();
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.decrementAndGet();
            }
        }
        super.lookup(request, parent, name, reply);
    }
}
