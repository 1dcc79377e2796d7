package dev.fusering.internal.dispatch;

import dev.fusering.api.Request;

/**
 * The {@link Request} handed to the filesystem: a view of the fuse_in_header fields of one
 * {@link Exchange}, so it always shows the exchange's current request and never needs re-pointing.
 */
final class RequestView implements Request {

    private final Exchange exchange;

    /**
     * Creates the view of an exchange.
     *
     * @param exchange the exchange whose request this shows
     */
    RequestView(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public long unique() {
        return exchange.unique;
    }

    @Override
    public int opcode() {
        return exchange.opcode;
    }

    @Override
    public int uid() {
        return exchange.uid;
    }

    @Override
    public int gid() {
        return exchange.gid;
    }

    @Override
    public int pid() {
        return exchange.pid;
    }

    @Override
    public boolean isInterrupted() {
        return exchange.isInterrupted();
    }

    @Override
    public String toString() {
        return "Request[unique=" + exchange.unique + ", opcode=" + exchange.opcode + ", nodeId=" + exchange.nodeId
                + ", uid=" + exchange.uid + ", gid=" + exchange.gid + ", pid=" + exchange.pid + "]";
    }
}
