package dev.fusering.faults;

import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;
import dev.fusering.testing.ForwardingFilesystem;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards to a filesystem and injects {@link Fault}s: into LOOKUP of chosen names, and into READ, WRITE,
 * GETXATTR, LISTXATTR and READLINK of chosen nodes (armed by node id, which for
 * {@link dev.fusering.fs.MemoryFilesystem} is the inode number {@code stat} shows). Hanging methods are
 * freed by {@link #releaseAll()}, which tests call in a finally block so that no thread stays blocked.
 */
final class FaultyFilesystem extends ForwardingFilesystem {

    private final Map<String, Fault> lookups = new ConcurrentHashMap<>();
    private final Map<Long, Fault> nodes = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    /**
     * Creates the wrapper.
     *
     * @param delegate the filesystem that does the work
     */
    FaultyFilesystem(Filesystem delegate) {
        super(delegate);
    }

    /**
     * Makes every LOOKUP of a name misbehave.
     *
     * @param name  the name (in any directory)
     * @param fault the misbehaviour
     */
    void armLookup(String name, Fault fault) {
        lookups.put(name, fault);
    }

    /**
     * Makes the data and attribute operations of a node misbehave.
     *
     * @param nodeId the node id (inode number)
     * @param fault  the misbehaviour
     */
    void armNode(long nodeId, Fault fault) {
        nodes.put(nodeId, fault);
    }

    /** @return how many methods are blocked in a hanging fault right now */
    int hanging() {
        return hanging.get();
    }

    /** @return how many faults were injected so far */
    int injected() {
        return injected.get();
    }

    /** Frees every hanging method, now and in the future. */
    void releaseAll() {
        released.countDown();
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        Fault fault = lookups.get(name.toString());
        if (fault != null) {
            inject(request, fault);
        }
        super.lookup(request, parent, name, reply);
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        Fault fault = nodes.get(nodeId);
        if (fault == Fault.OVERSIZED) {
            injected.incrementAndGet();
            super.read(request, nodeId, fh, offset, buffer);
            return (int) buffer.byteSize() + 1;
        }
        if (fault != null) {
            inject(request, fault);
        }
        return super.read(request, nodeId, fh, offset, buffer);
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        Fault fault = nodes.get(nodeId);
        if (fault == Fault.OVERSIZED) {
            injected.incrementAndGet();
            return (int) data.byteSize() + 1;
        }
        if (fault != null) {
            inject(request, fault);
        }
        return super.write(request, nodeId, fh, offset, data, writeFlags);
    }

    @Override
    public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        if (nodes.get(nodeId) == Fault.NEGATIVE_LENGTH) {
            injected.incrementAndGet();
            return -7;
        }
        return super.getxattr(request, nodeId, name, buffer);
    }

    @Override
    public int listxattr(Request request, long nodeId, MemorySegment buffer) {
        if (nodes.get(nodeId) == Fault.NEGATIVE_LENGTH) {
            injected.incrementAndGet();
            return -7;
        }
        return super.listxattr(request, nodeId, buffer);
    }

    @Override
    public String readlink(Request request, long nodeId) {
        if (nodes.get(nodeId) == Fault.HUGE_TARGET) {
            injected.incrementAndGet();
            return "t".repeat(5000);
        }
        return super.readlink(request, nodeId);
    }

    private void inject(Request request, Fault fault) {
        injected.incrementAndGet();
        switch (fault) {
            case THROW -> throw new IllegalStateException("injected failure");
            case ERRNO_600 -> throw new FuseException(600, "injected out-of-range errno");
            case ERRNO_ZERO -> throw new BadErrnoException(0);
            case ERRNO_NEGATIVE -> throw new BadErrnoException(-5);
            case HANG -> hangIgnoringInterrupts();
            case SLOW -> pause();
            case HANG_UNTIL_INTERRUPTED -> hangUntilInterrupted(request);
            default -> {
                // the remaining faults change results, not control flow
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hangIgnoringInterrupts() {
        hanging.incrementAndGet();
        boolean interrupted = false;
        try {
            while (released.getCount() > 0) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            hanging.decrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void hangUntilInterrupted(Request request) {
        hanging.incrementAndGet();
        try {
            while (released.getCount() > 0 && !request.isInterrupted()) {
                try {
                    released.await(10, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
            }
        } finally {
            hanging.decrementAndGet();
        }
        throw FuseException.of(Errno.EINTR);
    }
}
