package dev.fusering.internal.uring;

import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import dev.fusering.internal.transport.Slot;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One FUSE-over-io_uring entry: its queue id, the 288-byte {@code fuse_uring_req_header}, the payload
 * buffer and the two-element iovec that REGISTER hands to the kernel. The kernel writes requests into these
 * buffers and reads replies from them, so they live in native memory that never moves.
 */
final class RingEntry extends Slot {

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
    /** False once the kernel has dropped the entry (unmount, abort). */
    boolean live = true;
    /** The id to commit the current request with ({@code ring_ent_in_out.commit_id}). */
    long commitId;

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

    @Override
    protected void completed() {
        worker.complete(this);
    }

    /**
     * A ring entry runs its offloaded requests on its own platform thread (a daemon, created on the entry's
     * first offloaded request, so an entry that never sees one costs no thread). Measured with benchfs against
     * virtual threads: 3x the stat rate, 2.3x the random-read IOPS and 2.2x the sequential throughput, because
     * the hand-off is then one futex wake of a parked thread instead of a wake of an idle carrier of the
     * virtual-thread scheduler followed by a mount of the virtual thread. Blocking filesystem code is as fine
     * here as on a virtual thread: every entry has its own runner.
     *
     * @param name the thread's name
     * @param loop the runner loop
     * @return the unstarted platform thread
     */
    @Override
    protected Thread newRunner(String name, Runnable loop) {
        return Thread.ofPlatform().daemon(true).name(name).unstarted(loop);
    }
}
