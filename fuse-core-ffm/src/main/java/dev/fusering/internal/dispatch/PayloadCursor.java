package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.internal.abi.Opcode;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the payload of one request front to back: NUL-terminated names, which it copies into
 * {@link Exchange#names} (the reply window may overlap the payload, the copies stay intact), and what is
 * left after them.
 */
final class PayloadCursor {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadCursor.class);

    private final Exchange exchange;
    private long position;
    private long end;
    private int namesUsed;

    /**
     * Creates the cursor of an exchange.
     *
     * @param exchange the exchange whose payload it reads
     */
    PayloadCursor(Exchange exchange) {
        this.exchange = exchange;
    }

    /**
     * Starts reading a payload window of {@link Exchange#payload}; forgets earlier name copies.
     *
     * @param offset where the window starts
     * @param length the window's length in bytes
     */
    void reset(long offset, int length) {
        this.position = offset;
        this.end = offset + Math.max(0, length);
        this.namesUsed = 0;
    }

    /**
     * Copies the next NUL-terminated name into {@link Exchange#names}, points {@code view} at the copy and
     * moves past the NUL.
     *
     * @param view the view to point at the name
     * @return {@code view}
     * @throws FuseException EINVAL when the payload holds no NUL before its end, ENAMETOOLONG when the
     *                       names do not fit into {@link Exchange#NAMES_SIZE} bytes
     */
    NameView nextName(NameView view) {
        long nul = -1;
        for (long p = position; p < end; p++) {
            if (exchange.payload.get(JAVA_BYTE, p) == 0) {
                nul = p;
                break;
            }
        }
        if (nul < 0) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} unique {}: name without NUL in a payload of {} bytes; answering EINVAL",
                        Opcode.name(exchange.opcode), exchange.unique, exchange.payloadLength);
            }
            throw FuseException.of(Errno.EINVAL);
        }
        int length = (int) (nul - position);
        if (namesUsed + length + 1 > Exchange.NAMES_SIZE) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} unique {}: names longer than {} bytes; answering ENAMETOOLONG",
                        Opcode.name(exchange.opcode), exchange.unique, Exchange.NAMES_SIZE);
            }
            throw FuseException.of(Errno.ENAMETOOLONG);
        }
        MemorySegment.copy(exchange.payload, position, exchange.names, namesUsed, length);
        exchange.names.set(JAVA_BYTE, namesUsed + length, (byte) 0);
        view.bind(exchange.names, namesUsed, length);
        namesUsed += length + 1;
        position = nul + 1;
        return view;
    }

    /**
     * Returns where the unread rest of the payload starts in {@link Exchange#payload}.
     *
     * @return the absolute offset
     */
    long position() {
        return position;
    }

    /**
     * Returns how many payload bytes are left after what was read.
     *
     * @return the remaining length in bytes
     */
    long remaining() {
        return end - position;
    }
}
