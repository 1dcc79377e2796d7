package dev.fusering.internal.transport;

import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@code /dev/fuse} buffer: read(2) puts a whole request in it (in-header, per-opcode struct, payload)
 * and the reply is written in place (out-header at 0, body at 16) and sent with one write(2).
 *
 * <p>The per-opcode struct is copied to the exchange's scratch first, because the reply body may overwrite
 * it; names are copied by the dispatcher. Any thread may write a reply to {@code /dev/fuse}, so offloaded
 * requests are answered by the slot's own virtual thread.
 */
final class ClassicSlot extends Slot {

    private static final long IN_HEADER = 40;
    private static final long OUT_HEADER = 16;

    final MemorySegment buffer;
    private final DevFuseReaders owner;

    ClassicSlot(DevFuseReaders owner, Exchange exchange, Dispatcher dispatcher, MemorySegment buffer) {
        super(exchange, dispatcher, "fuse-dev-slot-" + exchange.index);
        this.owner = owner;
        this.buffer = buffer;
    }

    /**
     * Loads the request that read(2) left in the buffer.
     *
     * @param length the number of bytes read
     * @return false if the request is malformed (shorter than its header)
     */
    boolean loadRequest(int length) {
        if (length < IN_HEADER) {
            return false;
        }
        Exchange ex = exchange;
        ex.begin(buffer, 0);
        int opLength = ex.opcode == Opcode.SETXATTR ? owner.setxattrInSize : Opcode.inArgSize(ex.opcode);
        if (opLength < 0) {
            opLength = 0;
        }
        opLength = (int) Math.min(opLength, Math.min(Exchange.OP_IN_SIZE, length - IN_HEADER));
        MemorySegment.copy(buffer, IN_HEADER, ex.opScratch, 0, opLength);
        if (opLength < Exchange.OP_IN_SIZE) {
            ex.opScratch.asSlice(opLength).fill((byte) 0);
        }
        ex.opIn = ex.opScratch;
        ex.payload = buffer;
        ex.payloadOffset = IN_HEADER + opLength;
        ex.payloadLength = (int) (length - IN_HEADER - opLength);
        ex.reply = buffer;
        ex.replyOffset = OUT_HEADER;
        ex.replyCapacity = (int) (buffer.byteSize() - OUT_HEADER);
        return true;
    }

    /**
     * Writes the out-header in front of the reply body.
     *
     * @return the number of bytes to write to {@code /dev/fuse}
     */
    int storeReply() {
        Exchange ex = exchange;
        int len = ex.error == 0 ? ex.replyLength : 0;
        int total = (int) OUT_HEADER + len;
        buffer.set(ValueLayout.JAVA_INT, 0, total);
        buffer.set(ValueLayout.JAVA_INT, 4, -ex.error);
        buffer.set(ValueLayout.JAVA_LONG, 8, ex.unique);
        return total;
    }

    @Override
    protected void completed() {
        owner.finish(this);
    }
}
