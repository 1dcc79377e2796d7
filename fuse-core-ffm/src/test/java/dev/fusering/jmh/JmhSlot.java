package dev.fusering.jmh;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.FuseOutHeader;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * One request slot laid out like a FUSE-over-io_uring entry, without a kernel: a 288-byte
 * {@code fuse_uring_req_header} (in/out header at 0, {@code op_in} at 128, {@code payload_sz} at 272) and
 * one payload buffer that holds the request payload and, afterwards, the reply body.
 *
 * <p>{@link #serve(Dispatcher)} does what the kernel and the ring worker do around one request on the
 * io_uring path with inline dispatch: the "kernel" half copies the prepared fuse_in_header and payload
 * into the entry (the reply of the previous request overwrote them), the "worker" half loads the exchange
 * from the entry, dispatches, and encodes the fuse_out_header and the payload size for the commit.
 */
final class JmhSlot {

    /** The payload buffer size of an entry at the default max_write (128 KiB). */
    static final int PAYLOAD_SIZE = 128 * 1024;

    private static final long OP_IN = 128;
    private static final long PAYLOAD_SZ = 272;
    private static final int HEADER_SIZE = 288;

    private final MemorySegment header;
    private final MemorySegment opIn;
    private final MemorySegment buffer;
    private final MemorySegment inHeader;
    private final MemorySegment payloadTemplate;
    private final Exchange ex;
    private int payloadLength;
    private int templateLength;

    /**
     * Creates a slot for one kind of request.
     *
     * @param arena  owns the slot's memory
     * @param opcode the FUSE opcode
     * @param nodeId the node id of the request
     */
    JmhSlot(Arena arena, int opcode, long nodeId) {
        header = arena.allocate(HEADER_SIZE, 64);
        opIn = header.asSlice(OP_IN, 128);
        buffer = arena.allocate(PAYLOAD_SIZE, 4096);
        inHeader = arena.allocate(FuseInHeader.SIZE, 8);
        payloadTemplate = arena.allocate(PAYLOAD_SIZE, 8);
        ex = new Exchange(0, arena);
        int opSize = Math.max(0, Opcode.inArgSize(opcode));
        inHeader.set(JAVA_INT, FuseInHeader.OPCODE, opcode);
        inHeader.set(JAVA_LONG, FuseInHeader.UNIQUE, 2);
        inHeader.set(JAVA_LONG, FuseInHeader.NODEID, nodeId);
        inHeader.set(JAVA_INT, FuseInHeader.UID, 0);
        inHeader.set(JAVA_INT, FuseInHeader.GID, 0);
        inHeader.set(JAVA_INT, FuseInHeader.PID, 4242);
        inHeader.set(JAVA_INT, FuseInHeader.LEN, (int) FuseInHeader.SIZE + opSize);
    }

    /**
     * Sets a 32-bit field of the request's op struct.
     *
     * @param offset the field's offset
     * @param value  the value
     * @return this
     */
    JmhSlot opInt(long offset, int value) {
        opIn.set(JAVA_INT, offset, value);
        return this;
    }

    /**
     * Sets a 64-bit field of the request's op struct.
     *
     * @param offset the field's offset
     * @param value  the value
     * @return this
     */
    JmhSlot opLong(long offset, long value) {
        opIn.set(JAVA_LONG, offset, value);
        return this;
    }

    /**
     * Makes the payload a NUL-terminated name, which the "kernel" half writes for every request.
     *
     * @param name the name
     * @return this
     */
    JmhSlot name(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, payloadTemplate, JAVA_BYTE, 0, bytes.length);
        payloadTemplate.set(JAVA_BYTE, bytes.length, (byte) 0);
        templateLength = bytes.length + 1;
        payloadLength = templateLength;
        return this;
    }

    /**
     * Makes the payload {@code length} bytes of data (WRITE); the data is left in the buffer, not rewritten
     * per request, as a kernel copy of 128 KiB would dominate the measurement.
     *
     * @param length the payload length
     * @return this
     */
    JmhSlot data(int length) {
        payloadLength = length;
        templateLength = 0;
        buffer.asSlice(0, length).fill((byte) 0x5A);
        return this;
    }

    /**
     * Serves the prepared request once.
     *
     * @param dispatcher the dispatcher
     * @return the reply body length, or minus the errno
     */
    int serve(Dispatcher dispatcher) {
        // the kernel: fuse_in_header, op struct (never overwritten here) and payload into the entry
        MemorySegment.copy(inHeader, 0, header, 0, FuseInHeader.SIZE);
        if (templateLength > 0) {
            MemorySegment.copy(payloadTemplate, 0, buffer, 0, templateLength);
        }
        header.set(JAVA_INT, PAYLOAD_SZ, payloadLength);
        // the ring worker: load, dispatch, store
        Exchange e = ex;
        e.begin(header, 0);
        e.opIn = opIn;
        e.payload = buffer;
        e.payloadOffset = 0;
        e.payloadLength = header.get(JAVA_INT, PAYLOAD_SZ);
        e.reply = buffer;
        e.replyOffset = 0;
        e.replyCapacity = PAYLOAD_SIZE;
        dispatcher.dispatch(e);
        int len = e.error == 0 ? e.replyLength : 0;
        header.set(JAVA_INT, FuseOutHeader.LEN, (int) FuseOutHeader.SIZE + len);
        header.set(JAVA_INT, FuseOutHeader.ERROR, -e.error);
        header.set(JAVA_LONG, FuseOutHeader.UNIQUE, e.unique);
        header.set(JAVA_INT, PAYLOAD_SZ, len);
        return e.error == 0 ? len : -e.error;
    }
}
