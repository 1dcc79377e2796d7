package dev.fusering.internal.dispatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request slot: where a transport puts a request for the {@link Dispatcher} and where the dispatcher
 * leaves the reply. One exists per io_uring entry and per {@code /dev/fuse} buffer; it is used by one
 * thread at a time and reused for every request of its slot, so nothing here is allocated per request.
 *
 * <p>Protocol between a transport and the dispatcher:
 * <ol>
 *   <li>The transport calls {@link #begin} with the request's fuse_in_header (read into Java fields at
 *       once, because the reply header may overwrite it), then sets {@link #opIn} (the per-opcode struct,
 *       {@code in_args[0]}, at offset 0; at least 128 bytes), and the payload window
 *       ({@link #payload}, {@link #payloadOffset}, {@link #payloadLength}: {@code in_args[1..]}) and the
 *       reply window ({@link #reply}, {@link #replyOffset}, {@link #replyCapacity}).</li>
 *   <li>The reply window may overlap the payload window (it does on io_uring, where both are the entry's
 *       payload buffer): the dispatcher copies names out of the payload into {@link #names} before calling
 *       the filesystem, and the filesystem consumes WRITE data before anything is written to the reply.
 *       {@link #opIn} never overlaps the reply.</li>
 *   <li>{@link Dispatcher#dispatch(Exchange)} sets {@link #error} (0 or a positive errno) and
 *       {@link #replyLength} (reply body bytes written at {@link #replyOffset}; 0 on error), or sets
 *       {@link #noReply} for requests the kernel expects no answer to (FORGET, BATCH_FORGET, INTERRUPT).</li>
 *   <li>The transport writes the fuse_out_header and sends or commits the reply.</li>
 * </ol>
 */
public final class Exchange {

    /** Size of {@link #opScratch}: the largest per-opcode struct fits (the io_uring op_in area is 128 bytes). */
    public static final int OP_IN_SIZE = 128;

    /** Size of {@link #names}: two names of up to 4095 bytes plus NULs (symlink target plus name). */
    public static final int NAMES_SIZE = 8192;

    /** The slot's number, for logs and for finding the slot of a request id. */
    public final int index;

    // ---- fuse_in_header, copied into fields by begin() ----
    /** The request id. */
    public long unique;
    /** The opcode. */
    public int opcode;
    /** The node id the request is about. */
    public long nodeId;
    /** The caller's uid. */
    public int uid;
    /** The caller's gid. */
    public int gid;
    /** The caller's pid (thread id), 0 for kernel-internal requests. */
    public int pid;
    /** The total length the kernel declared (header + op struct + payload). */
    public int totalLength;

    // ---- request windows, set by the transport ----
    /** The per-opcode struct at offset 0, at least {@value #OP_IN_SIZE} bytes. */
    public MemorySegment opIn;
    /** The segment holding the request payload. */
    public MemorySegment payload;
    /** Where the payload starts in {@link #payload}. */
    public long payloadOffset;
    /** The payload's length in bytes. */
    public int payloadLength;

    // ---- reply window, set by the transport ----
    /** The segment the reply body goes to. */
    public MemorySegment reply;
    /** Where the reply body starts in {@link #reply}. */
    public long replyOffset;
    /** How many bytes the reply body may have. */
    public int replyCapacity;

    // ---- results, set by the dispatcher ----
    /** 0 for success, else a positive errno (1..511). */
    public int error;
    /** Reply body length; 0 when {@link #error} is set. */
    public int replyLength;
    /** True when the kernel expects no reply. */
    public boolean noReply;

    // ---- interrupt support (see InFlightRequests) ----
    /**
     * The in-flight word: the unique of the request this slot holds while it is registered with
     * {@link InFlightRequests} (0 otherwise), with bit 0 ({@code FUSE_INT_REQ_BIT}, never set in a request's
     * own unique) set once an INTERRUPT for it arrived. Marking is a compare-and-set from the bare unique, so a
     * mark only lands while the slot still holds that request.
     */
    final AtomicLong inFlight = new AtomicLong();
    /** The unique whose filesystem code {@link #runner} is running, 0 between requests. */
    volatile long runningUnique;
    /** Interrupters currently looking at {@link #runner}; the runner waits for 0 before it moves on. */
    final AtomicInteger interrupters = new AtomicInteger();
    /** The cell of {@link InFlightRequests} that indexes this slot, or -1; used by the slot's thread only. */
    int inFlightCell = -1;
    /** The thread currently running filesystem code for this slot, or null. */
    public volatile Thread runner;

    // ---- per-slot scratch memory ----
    /** Scratch for the per-opcode struct, for transports whose reply window would overlap it. */
    public final MemorySegment opScratch;
    /** Scratch for names copied out of the payload. */
    public final MemorySegment names;

    // ---- counters, written only by the thread that holds the slot ----
    /** Bytes returned by READ through this slot. */
    public long bytesRead;
    /** Bytes accepted by WRITE through this slot. */
    public long bytesWritten;
    /** Error replies other than ENOENT through this slot. */
    public long errors;
    /** Unexpected filesystem exceptions through this slot. */
    public long internalErrors;

    /** Per-slot objects of the dispatcher (flyweights); created by the dispatcher on first use. */
    public Object dispatcherState;

    /**
     * Creates a slot whose scratch memory comes from {@code arena}.
     *
     * @param index the slot's number
     * @param arena where to allocate the scratch memory (lives as long as the session)
     */
    public Exchange(int index, Arena arena) {
        this.index = index;
        this.opScratch = arena.allocate(OP_IN_SIZE, 8);
        this.names = arena.allocate(NAMES_SIZE, 8);
    }

    /**
     * Starts a request: copies the fuse_in_header fields from {@code header} at {@code offset} and resets
     * the results.
     *
     * @param header the segment holding the fuse_in_header
     * @param offset where the header starts
     */
    public void begin(MemorySegment header, long offset) {
        totalLength = header.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
        opcode = header.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 4);
        unique = header.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8);
        nodeId = header.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 16);
        uid = header.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 24);
        gid = header.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 28);
        pid = header.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 32);
        error = 0;
        replyLength = 0;
        noReply = false;
    }

    /**
     * Tells whether an INTERRUPT arrived for the request this slot holds.
     *
     * @return true once the current request has been marked interrupted
     */
    public boolean isInterrupted() {
        long word = inFlight.get();
        return (word & 1) != 0 && (word & ~1L) == unique;
    }

    /**
     * Marks the current request interrupted if this slot still holds {@code target}.
     *
     * @param target the unique of the request to mark (bit 0 clear)
     * @return true if the mark landed now, false if the slot holds another request or it was marked already
     */
    public boolean markInterrupted(long target) {
        return target != 0 && inFlight.compareAndSet(target, target | 1);
    }
}
