package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.api.SetattrRequest;
import dev.fusering.internal.abi.FuseSetattrIn;
import dev.fusering.internal.abi.SetattrValid;

/**
 * The {@link SetattrRequest} handed to the filesystem: reads the {@code struct fuse_setattr_in} in
 * {@link Exchange#opIn} of its exchange on every call, so it always shows the current request.
 */
final class SetattrView implements SetattrRequest {

    private final Exchange exchange;

    /**
     * Creates the view of an exchange's SETATTR struct.
     *
     * @param exchange the exchange
     */
    SetattrView(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public int valid() {
        return readInt(FuseSetattrIn.VALID);
    }

    @Override
    public boolean hasMode() {
        return has(SetattrValid.MODE);
    }

    @Override
    public int mode() {
        return readInt(FuseSetattrIn.MODE);
    }

    @Override
    public boolean hasUid() {
        return has(SetattrValid.UID);
    }

    @Override
    public int uid() {
        return readInt(FuseSetattrIn.UID);
    }

    @Override
    public boolean hasGid() {
        return has(SetattrValid.GID);
    }

    @Override
    public int gid() {
        return readInt(FuseSetattrIn.GID);
    }

    @Override
    public boolean hasSize() {
        return has(SetattrValid.SIZE);
    }

    @Override
    public long size() {
        return readLong(FuseSetattrIn.SIZE_FIELD);
    }

    @Override
    public boolean hasAtime() {
        return has(SetattrValid.ATIME | SetattrValid.ATIME_NOW);
    }

    @Override
    public boolean atimeNow() {
        return has(SetattrValid.ATIME_NOW);
    }

    @Override
    public long atimeSeconds() {
        return readLong(FuseSetattrIn.ATIME);
    }

    @Override
    public int atimeNanos() {
        return readInt(FuseSetattrIn.ATIMENSEC);
    }

    @Override
    public boolean hasMtime() {
        return has(SetattrValid.MTIME | SetattrValid.MTIME_NOW);
    }

    @Override
    public boolean mtimeNow() {
        return has(SetattrValid.MTIME_NOW);
    }

    @Override
    public long mtimeSeconds() {
        return readLong(FuseSetattrIn.MTIME);
    }

    @Override
    public int mtimeNanos() {
        return readInt(FuseSetattrIn.MTIMENSEC);
    }

    @Override
    public boolean hasCtime() {
        return has(SetattrValid.CTIME);
    }

    @Override
    public long ctimeSeconds() {
        return readLong(FuseSetattrIn.CTIME);
    }

    @Override
    public int ctimeNanos() {
        return readInt(FuseSetattrIn.CTIMENSEC);
    }

    @Override
    public boolean hasFh() {
        return has(SetattrValid.FH);
    }

    @Override
    public long fh() {
        return readLong(FuseSetattrIn.FH);
    }

    @Override
    public boolean killSuidgid() {
        return has(SetattrValid.KILL_SUIDGID);
    }

    @Override
    public String toString() {
        return "SetattrRequest[valid=0x" + Integer.toHexString(valid()) + "]";
    }

    private boolean has(int bits) {
        return (valid() & bits) != 0;
    }

    private int readInt(long offset) {
        return exchange.opIn.get(JAVA_INT_UNALIGNED, offset);
    }

    private long readLong(long offset) {
        return exchange.opIn.get(JAVA_LONG_UNALIGNED, offset);
    }
}
