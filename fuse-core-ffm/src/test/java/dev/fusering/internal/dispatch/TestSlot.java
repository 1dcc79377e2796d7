package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.Opcode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * An {@link Exchange} over memory of a confined arena, set up like a transport would, plus helpers to
 * write synthetic requests and read replies.
 */
final class TestSlot implements AutoCloseable {

    /** How the windows of the exchange are laid out. */
    enum Layout {
        /** Header, op struct, payload and reply in four segments; payload and reply at non-zero offsets. */
        SEPARATE,
        /** Like io_uring: op struct in the 288-byte header, payload and reply in one buffer at offset 0. */
        OVERLAPPING
    }

    /** Size of the payload buffer. */
    static final int BUFFER = 64 * 1024;

    /** uid written into every header. */
    static final int UID = 1000;
    /** gid written into every header. */
    static final int GID = 100;
    /** pid written into every header. */
    static final int PID = 4242;

    /** Owns all memory of the slot. */
    final Arena arena = Arena.ofConfined();
    /** The exchange under test. */
    final Exchange ex;
    /** Where the fuse_in_header is written. */
    final MemorySegment header;
    /** The layout of the windows. */
    final Layout layout;

    private long nextUnique = 2;
    private int opcode;
    private long nodeId;
    private int payloadLength;

    /** Creates a slot with a reply window of {@link #BUFFER} bytes. */
    TestSlot(Layout layout) {
        this(layout, BUFFER);
    }

    /** Creates a slot with the given reply capacity. */
    TestSlot(Layout layout, int replyCapacity) {
        this.layout = layout;
        this.ex = new Exchange(3, arena);
        if (layout == Layout.SEPARATE) {
            header = arena.allocate(FuseInHeader.SIZE, 8);
            ex.opIn = arena.allocate(Exchange.OP_IN_SIZE, 8);
            ex.payload = arena.allocate(BUFFER + 16, 8);
            ex.payloadOffset = 16;
            ex.reply = arena.allocate(replyCapacity + 24L, 8);
            ex.replyOffset = 24;
            ex.replyCapacity = replyCapacity;
        } else {
            header = arena.allocate(288, 8);
            ex.opIn = header.asSlice(128, 128);
            MemorySegment buffer = arena.allocate(Math.max(BUFFER, replyCapacity), 8);
            ex.payload = buffer;
            ex.payloadOffset = 0;
            ex.reply = buffer;
            ex.replyOffset = 0;
            ex.replyCapacity = replyCapacity;
        }
    }

    /** Starts a request: zeroes the op struct, fills payload and reply with garbage, empties the payload. */
    TestSlot start(int opcode, long nodeId) {
        this.opcode = opcode;
        this.nodeId = nodeId;
        this.payloadLength = 0;
        ex.opIn.fill((byte) 0);
        ex.payload.fill((byte) 0x5A);
        ex.reply.fill((byte) 0xAA);
        return this;
    }

    /** Writes a 32-bit field of the op struct. */
    TestSlot opInt(long offset, int value) {
        ex.opIn.set(JAVA_INT_UNALIGNED, offset, value);
        return this;
    }

    /** Writes a 64-bit field of the op struct. */
    TestSlot opLong(long offset, long value) {
        ex.opIn.set(JAVA_LONG_UNALIGNED, offset, value);
        return this;
    }

    /** Appends a name and its NUL to the payload. */
    TestSlot name(String name) {
        bytes(name.getBytes(StandardCharsets.UTF_8));
        return bytes(new byte[] {0});
    }

    /** Appends raw bytes to the payload. */
    TestSlot bytes(byte[] bytes) {
        MemorySegment.copy(bytes, 0, ex.payload, JAVA_BYTE, ex.payloadOffset + payloadLength, bytes.length);
        payloadLength += bytes.length;
        return this;
    }

    /** Appends a little-endian 64-bit value to the payload. */
    TestSlot payloadLong(long value) {
        ex.payload.set(JAVA_LONG_UNALIGNED, ex.payloadOffset + payloadLength, value);
        payloadLength += 8;
        return this;
    }

    /** Writes the in-header with the op struct size the kernel uses and dispatches. */
    Exchange dispatch(Dispatcher dispatcher) {
        return dispatch(dispatcher, Math.max(0, Opcode.inArgSize(opcode)));
    }

    /** Writes the in-header with an explicit op struct size and dispatches. */
    Exchange dispatch(Dispatcher dispatcher, int opSize) {
        writeHeader(opSize);
        ex.begin(header, 0);
        ex.payloadLength = payloadLength;
        dispatcher.dispatch(ex);
        return ex;
    }

    /** Writes the fuse_in_header of the current request. */
    void writeHeader(int opSize) {
        header.set(JAVA_INT_UNALIGNED, FuseInHeader.LEN, (int) FuseInHeader.SIZE + opSize + payloadLength);
        header.set(JAVA_INT_UNALIGNED, FuseInHeader.OPCODE, opcode);
        header.set(JAVA_LONG_UNALIGNED, FuseInHeader.UNIQUE, nextUnique);
        header.set(JAVA_LONG_UNALIGNED, FuseInHeader.NODEID, nodeId);
        header.set(JAVA_INT_UNALIGNED, FuseInHeader.UID, UID);
        header.set(JAVA_INT_UNALIGNED, FuseInHeader.GID, GID);
        header.set(JAVA_INT_UNALIGNED, FuseInHeader.PID, PID);
        nextUnique += 2;
    }

    /** Returns the payload length written so far. */
    int payloadLength() {
        return payloadLength;
    }

    /** Reads a 32-bit value at an offset of the reply body. */
    int replyInt(long offset) {
        return ex.reply.get(JAVA_INT_UNALIGNED, ex.replyOffset + offset);
    }

    /** Reads a 64-bit value at an offset of the reply body. */
    long replyLong(long offset) {
        return ex.reply.get(JAVA_LONG_UNALIGNED, ex.replyOffset + offset);
    }

    /** Reads a byte at an offset of the reply body. */
    byte replyByte(long offset) {
        return ex.reply.get(JAVA_BYTE, ex.replyOffset + offset);
    }

    /** Copies bytes of the reply body. */
    byte[] replyBytes(long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(ex.reply, JAVA_BYTE, ex.replyOffset + offset, bytes, 0, length);
        return bytes;
    }

    /** Decodes bytes of the reply body as UTF-8. */
    String replyString(long offset, int length) {
        return new String(replyBytes(offset, length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        arena.close();
    }
}
