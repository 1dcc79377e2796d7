package dev.fusering.fs;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseDirent;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reusable, allocation-free test doubles of the reply and request interfaces for
 * {@link BenchFilesystemTest}: they record what {@link BenchFilesystem} writes into plain fields, so that
 * the same instances can be used to check results and to measure allocation.
 */
final class BenchDoubles {

    private BenchDoubles() {
    }

    /** A request from root. */
    static final class Req implements Request {
        @Override
        public long unique() {
            return 2;
        }

        @Override
        public int opcode() {
            return 1;
        }

        @Override
        public int uid() {
            return 0;
        }

        @Override
        public int gid() {
            return 0;
        }

        @Override
        public int pid() {
            return 1;
        }

        @Override
        public boolean isInterrupted() {
            return false;
        }
    }

    /** An ASCII name in a byte array that can be re-pointed without allocating. */
    static final class Name implements FileName {
        private byte[] bytes = new byte[0];

        /** Points the name at new bytes and returns it. */
        Name set(byte[] name) {
            this.bytes = name;
            return this;
        }

        /** Points the name at a string's UTF-8 bytes (allocates) and returns it. */
        Name set(String name) {
            return set(name.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int byteLength() {
            return bytes.length;
        }

        @Override
        public byte byteAt(int index) {
            return bytes[index];
        }

        @Override
        public boolean contentEquals(String s) {
            if (s.length() != bytes.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (s.charAt(i) != bytes[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public byte[] toByteArray() {
            return bytes.clone();
        }

        @Override
        public MemorySegment segment() {
            return MemorySegment.ofArray(bytes.clone()).asReadOnly();
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Records attributes. */
    static final class Attrs implements Attributes {
        long ino = -1;
        int mode;
        int nlink;
        int uid = -1;
        int gid = -1;
        long size = -1;
        int blksize;

        /** Forgets everything recorded. */
        void reset() {
            ino = -1;
            mode = 0;
            nlink = 0;
            uid = -1;
            gid = -1;
            size = -1;
            blksize = 0;
        }

        @Override
        public Attributes ino(long ino) {
            this.ino = ino;
            return this;
        }

        @Override
        public Attributes mode(int mode) {
            this.mode = mode;
            return this;
        }

        @Override
        public Attributes nlink(int nlink) {
            this.nlink = nlink;
            return this;
        }

        @Override
        public Attributes uid(int uid) {
            this.uid = uid;
            return this;
        }

        @Override
        public Attributes gid(int gid) {
            this.gid = gid;
            return this;
        }

        @Override
        public Attributes rdev(int rdev) {
            return this;
        }

        @Override
        public Attributes size(long size) {
            this.size = size;
            return this;
        }

        @Override
        public Attributes blocks(long blocks) {
            return this;
        }

        @Override
        public Attributes blksize(int blksize) {
            this.blksize = blksize;
            return this;
        }

        @Override
        public Attributes atime(long seconds, int nanoseconds) {
            return this;
        }

        @Override
        public Attributes mtime(long seconds, int nanoseconds) {
            return this;
        }

        @Override
        public Attributes ctime(long seconds, int nanoseconds) {
            return this;
        }
    }

    /** Records an entry reply; timeouts start at -1 so that "not set" is visible. */
    static final class Entry implements EntryReply {
        long nodeId;
        long entryTimeout = -1;
        long attrTimeout = -1;
        final Attrs attrs = new Attrs();

        /** Forgets everything recorded. */
        Entry reset() {
            nodeId = 0;
            entryTimeout = -1;
            attrTimeout = -1;
            attrs.reset();
            return this;
        }

        @Override
        public EntryReply nodeId(long nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        @Override
        public EntryReply generation(long generation) {
            return this;
        }

        @Override
        public EntryReply entryTimeout(long nanos) {
            this.entryTimeout = nanos;
            return this;
        }

        @Override
        public EntryReply attrTimeout(long nanos) {
            this.attrTimeout = nanos;
            return this;
        }

        @Override
        public Attributes attributes() {
            return attrs;
        }
    }

    /** Records an attribute reply; the timeout starts at -1. */
    static final class Attr implements AttrReply {
        long attrTimeout = -1;
        final Attrs attrs = new Attrs();

        /** Forgets everything recorded. */
        Attr reset() {
            attrTimeout = -1;
            attrs.reset();
            return this;
        }

        @Override
        public AttrReply attrTimeout(long nanos) {
            this.attrTimeout = nanos;
            return this;
        }

        @Override
        public Attributes attributes() {
            return attrs;
        }
    }

    /** Records an open reply. */
    static final class Open implements OpenReply {
        long fh;
        boolean directIo;

        /** Forgets everything recorded. */
        Open reset() {
            fh = 0;
            directIo = false;
            return this;
        }

        @Override
        public OpenReply fh(long fh) {
            this.fh = fh;
            return this;
        }

        @Override
        public OpenReply directIo() {
            directIo = true;
            return this;
        }

        @Override
        public OpenReply keepCache() {
            return this;
        }

        @Override
        public OpenReply nonSeekable() {
            return this;
        }

        @Override
        public OpenReply cacheDir() {
            return this;
        }

        @Override
        public OpenReply stream() {
            return this;
        }

        @Override
        public OpenReply noFlush() {
            return this;
        }

        @Override
        public OpenReply parallelDirectWrites() {
            return this;
        }
    }

    /** One recorded directory entry. */
    record DirEntry(long ino, String name, int mode, long nextOffset) {
    }

    /**
     * A filler with a byte budget computed like the engine's ({@code fuse_dirent} records), which either
     * records the entries or only counts them (for allocation measurements).
     */
    static final class Filler implements DirectoryFiller {
        final List<DirEntry> entries = new ArrayList<>();
        private final boolean record;
        private int capacity;
        private int used;
        private boolean full;
        int count;
        long lastOffset;

        /** Creates a filler; {@code record} keeps the entries (allocates), else only counts. */
        Filler(boolean record) {
            this.record = record;
        }

        /** Starts a new reply of {@code capacity} bytes. */
        Filler start(int capacity) {
            this.capacity = capacity;
            this.used = 0;
            this.full = false;
            this.count = 0;
            this.lastOffset = 0;
            entries.clear();
            return this;
        }

        @Override
        public boolean add(long ino, String name, int mode, long nextOffset) {
            return add(ino, name.getBytes(StandardCharsets.UTF_8), mode, nextOffset);
        }

        @Override
        public boolean add(long ino, byte[] name, int mode, long nextOffset) {
            long size = FuseDirent.recordSize(name.length);
            if (full || used + size > capacity) {
                full = true;
                return false;
            }
            used += (int) size;
            count++;
            lastOffset = nextOffset;
            if (record) {
                entries.add(new DirEntry(ino, new String(name, StandardCharsets.US_ASCII), mode, nextOffset));
            }
            return true;
        }
    }
}
