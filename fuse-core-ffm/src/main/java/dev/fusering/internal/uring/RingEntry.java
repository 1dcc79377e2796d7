package dev.fusering.internal.uring;

import dev.fusering.api.Errno;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import dev.fusering.internal.linux.NativeCallException;
import dev.fusering.internal.transport.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One FUSE-over-io_uring entry: its queue id, the 288-byte {@code fuse_uring_req_header}, the payload
 * buffer and the two-element iovec that REGISTER hands to the kernel. The kernel writes requests into these
 * buffers and reads replies from them, so they live in native memory that never moves.
 *
 * <p>With offloaded dispatch the entry's runner thread takes the entry over after its first request (see
 * {@link #completed()}): from then on the runner alone receives, runs and commits the entry's requests.
 */
final class RingEntry extends Slot {

    private static final Logger log = LoggerFactory.getLogger(RingEntry.class);

    /** Offset of {@code op_in} in the header. */
    static final long OP_IN = 128;
    /** Offset of {@code ring_ent_in_out} in the header. */
    static final long ENT_IN_OUT = 256;
    /** Offset of {@code payload_sz} in the header. */
    static final long PAYLOAD_SZ = ENT_IN_OUT + 16;
    /** Offset of {@code commit_id} in the header. */
    static final long COMMIT_ID = ENT_IN_OUT + 8;
    /** Bytes of the header. */
    static final long HEADER_SIZE = 288;

    final int qid;
    final int id;
    final MemorySegment header;
    final MemorySegment payload;
    final MemorySegment iovec;
    private final MemorySegment opIn;
    private final RingWorker worker;

    /** Next entry on the worker's completion stack. */
    RingEntry nextCompleted;
    /** False once the kernel has dropped the entry (unmount, abort); written by whichever thread serves it. */
    volatile boolean live = true;
    /** The id to commit the current request with ({@code ring_ent_in_out.commit_id}). */
    long commitId;
    /** Requests the runner received through its own ring; read by the priority guard as progress. */
    private volatile long runnerServed;
    /** Runner only: the JVM's started-thread count after its last filesystem call (InheritedAffinityRepair). */
    private long seenThreadStarts = InheritedAffinityRepair.startedThreads();

    RingEntry(RingWorker worker, int id, int qid, Exchange exchange, Dispatcher dispatcher, MemorySegment header,
              MemorySegment payload, MemorySegment iovec) {
        super(exchange, dispatcher, "fuse-q" + qid + "-e" + id);
        this.worker = worker;
        this.id = id;
        this.qid = qid;
        this.header = header;
        this.payload = payload;
        this.iovec = iovec;
        this.opIn = header.asSlice(OP_IN, 128);
        iovec.set(ValueLayout.JAVA_LONG, 0, header.address());
        iovec.set(ValueLayout.JAVA_LONG, 8, HEADER_SIZE);
        iovec.set(ValueLayout.JAVA_LONG, 16, payload.address());
        iovec.set(ValueLayout.JAVA_LONG, 24, payload.byteSize());
    }

    /** Loads the request the kernel just delivered into the exchange. */
    void loadRequest() {
        Exchange ex = exchange;
        ex.begin(header, 0);
        commitId = header.get(ValueLayout.JAVA_LONG, COMMIT_ID);
        int payloadSize = header.get(ValueLayout.JAVA_INT, PAYLOAD_SZ);
        ex.opIn = opIn;
        ex.payload = payload;
        ex.payloadOffset = 0;
        ex.payloadLength = payloadSize;
        ex.reply = payload;
        ex.replyOffset = 0;
        ex.replyCapacity = (int) payload.byteSize();
    }

    /** Writes the fuse_out_header and the reply size for the commit. */
    void storeReply() {
        Exchange ex = exchange;
        int len = ex.error == 0 ? ex.replyLength : 0;
        header.set(ValueLayout.JAVA_INT, 0, 16 + len);
        header.set(ValueLayout.JAVA_INT, 4, -ex.error);
        header.set(ValueLayout.JAVA_LONG, 8, ex.unique);
        header.set(ValueLayout.JAVA_INT, PAYLOAD_SZ, len);
    }

    /**
     * Hands an offloaded request's reply back. Inline dispatch (SETLKW, large I/O): through the owner, which
     * commits it. Offloaded dispatch: the runner takes the entry over for good. It commits through a ring of its
     * own ({@link RunnerRing}), and since the kernel delivers an entry's next request as task work of the thread
     * that submitted the entry's last command, every later request of the entry reaches this thread directly:
     * one wake-up per request, as with inline dispatch, instead of three (owner, runner, owner again). Measured
     * with benchfs: stat and 4 KiB random reads at about twice the rate of the hand-back through the owner. The
     * runner stays in this method until the kernel drops the entry. A first request that filesystem code
     * finishes only after the session has ended has nowhere to go (the connection is gone, and the session has
     * pointed its descriptor at {@code /dev/null}, see {@link RunnerRing}): its reply is dropped with a log line and
     * the runner ends. If its ring cannot be created (out of descriptors, say), the reply goes back through the
     * owner as with inline dispatch.
     */
    @Override
    protected void completed() {
        seenThreadStarts = InheritedAffinityRepair.afterFilesystemCode(seenThreadStarts);
        if (!worker.runnersServeEntries()) {
            worker.complete(this);
            return;
        }
        RunnerRing own;
        try {
            own = worker.hasEnded() ? null : RunnerRing.create(worker.devFd());
        } catch (NativeCallException e) {
            worker.runnerRingFailed(this, e);
            worker.complete(this);
            return;
        }
        if (own == null) {
            log.info("ring entry {} of queue {}: a request finished after its session had ended; its reply is dropped",
                    id, qid);
            worker.dropped(this, -Errno.ENOTCONN.code());
            return;
        }
        serve(own);
    }

    /**
     * The runner's loop once it owns the entry: commit, wait for the next request, run it, and again. Like an
     * inline ring owner, the runner serves requests, commits their replies and waits under {@code SCHED_IDLE}
     * when the session allows it (idle mode, watched by the guard: {@link OwnerPriority}), so that a
     * single-threaded application stays on its CPU.
     */
    private void serve(RunnerRing own) {
        OwnerPriority priority = worker.attachRunner(this::runnerServed);
        int res;
        try {
            while (true) {
                storeReply();
                markIdle();
                if (priority != null) {
                    priority.beforeWait();
                }
                res = own.commitAndFetch(this);
                if (res != 0) {
                    break;
                }
                if (worker.hasEnded()) {
                    // Defensive: the registered file is this session's /dev/fuse (RunnerRing.create checks it), and
                    // an ended connection fails commits with ENOTCONN, so this is not expected. A runner that kept
                    // serving here would run stale buffers in a loop (seen once, before that check existed).
                    log.warn("ring entry {} of queue {}: a request arrived after its session ended; the runner stops",
                            id, qid);
                    res = -Errno.ENOTCONN.code();
                    break;
                }
                worker.runnerReceived();
                runnerServed++;
                loadRequest();
                markBusy();
                runHere();
                seenThreadStarts = InheritedAffinityRepair.afterFilesystemCode(seenThreadStarts);
            }
        } catch (RuntimeException e) {
            // io_uring_enter failed: the entry cannot be served any more, and the session ends.
            worker.runnerFailed(this, e);
            return;
        } finally {
            if (priority != null) {
                priority.detach();
            }
        }
        own.close();
        worker.dropped(this, res);
    }

    /** Requests this entry's runner received through its own ring (written by the runner only). */
    private long runnerServed() {
        return runnerServed;
    }

    /** Dispatches on this thread; anything thrown is answered with EIO, never ends the runner. */
    private void runHere() {
        try {
            dispatchInline();
        } catch (Throwable t) {
            exchange.error = Errno.EIO.code();
            exchange.replyLength = 0;
            log.error("ring entry {} of queue {}: dispatch failed; answering EIO", id, qid, t);
        }
    }

    /**
     * A ring entry runs its offloaded requests on its own platform thread (a daemon, created on the entry's
     * first offloaded request, so an entry that never sees one costs no thread). Measured with benchfs against
     * virtual threads: 3x the stat rate, 2.3x the random-read IOPS and 2.2x the sequential throughput, because
     * the hand-off is then one futex wake of a parked thread instead of a wake of an idle carrier of the
     * virtual-thread scheduler followed by a mount of the virtual thread. Blocking filesystem code is as fine
     * here as on a virtual thread: every entry has its own runner. The runner inherits the pinning of the ring
     * owner that starts it (the queue's CPU, see {@code RingWorker}), on purpose; threads that filesystem code
     * starts on it get every CPU back ({@link InheritedAffinityRepair}).
     *
     * @param name the thread's name
     * @param loop the runner loop
     * @return the unstarted platform thread
     */
    @Override
    protected Thread newRunner(String name, Runnable loop) {
        return Thread.ofPlatform().daemon(true).name(name)
                .unstarted(() -> InheritedAffinityRepair.runAsRingThread(loop));
    }
}
