package dev.fusering.fs;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Small implementations of the {@code dev.fusering.api} argument types, for calling
 * {@link PassthroughFilesystem} directly in tests.
 */
final class PassthroughFixtures {

    private PassthroughFixtures() {
    }

    /** A request from a given user and group. */
    record TestRequest(int uid, int gid) implements Request {

        /** A request from root. */
        static final TestRequest ROOT = new TestRequest(0, 0);

        @Override
        public long unique() {
            return 1;
        }

        @Override
        public int opcode() {
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

    /** A name over raw bytes. */
    static final class TestName implements FileName {

        private final byte[] bytes;

        TestName(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        static TestName of(String name) {
            return new TestName(name.getBytes(StandardCharsets.UTF_8));
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
            return java.util.Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] toByteArray() {
            return bytes.clone();
        }

        @Override
        public MemorySegment segment() {
            return MemorySegment.ofArray(bytes).asReadOnly();
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Records every attribute set. */
    static final class RecordedAttributes implements Attributes {
        long ino;
        int mode;
        int nlink;
        int uid;
        int gid;
        int rdev;
        long size;
        long blocks;
        int blksize;
        long atimeSeconds;
        int atimeNanos;
        long mtimeSeconds;
        int mtimeNanos;
        long ctimeSeconds;
        int ctimeNanos;

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
            this.rdev = rdev;
            return this;
        }

        @Override
        public Attributes size(long size) {
            this.size = size;
            return this;
        }

        @Override
        public Attributes blocks(long blocks) {
            this.blocks = blocks;
            return this;
        }

        @Override
        public Attributes blksize(int blksize) {
            this.blksize = blksize;
            return this;
        }

        @Override
        public Attributes atime(long seconds, int nanoseconds) {
            this.atimeSeconds = seconds;
            this.atimeNanos = nanoseconds;
            return this;
        }

        @Override
        public Attributes mtime(long seconds, int nanoseconds) {
            this.mtimeSeconds = seconds;
            this.mtimeNanos = nanoseconds;
            return this;
        }

        @Override
        public Attributes ctime(long seconds, int nanoseconds) {
            this.ctimeSeconds = seconds;
            this.ctimeNanos = nanoseconds;
            return this;
        }
    }

    /** Records an entry reply. */
    static final class RecordedEntry implements EntryReply {
        long nodeId;
        long generation;
        final RecordedAttributes attributes = new RecordedAttributes();

        @Override
        public EntryReply nodeId(long nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        @Override
        public EntryReply generation(long generation) {
            this.generation = generation;
            return this;
        }

        @Override
        public EntryReply entryTimeout(long nanos) {
            return this;
        }

        @Override
        public EntryReply attrTimeout(long nanos) {
            return this;
        }

        @Override
        public RecordedAttributes attributes() {
            return attributes;
        }
    }

    /** Records an attribute reply. */
    static final class RecordedAttr implements AttrReply {
        final RecordedAttributes attributes = new RecordedAttributes();

        @Override
        public AttrReply attrTimeout(long nanos) {
            return this;
        }

        @Override
        public RecordedAttributes attributes() {
            return attributes;
        }
    }

    /** Records an open reply. */
    static final class RecordedOpen implements OpenReply {
        long fh;

        @Override
        public OpenReply fh(long fh) {
            this.fh = fh;
            return this;
        }

        @Override
        public OpenReply directIo() {
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

    /** Records a statfs reply. */
    static final class RecordedStatfs implements StatfsReply {
        long blocks;
        long blocksFree;
        long blocksAvailable;
        long files;
        long filesFree;
        int blockSize;
        int fragmentSize;
        int maxNameLength;

        @Override
        public StatfsReply blocks(long blocks) {
            this.blocks = blocks;
            return this;
        }

        @Override
        public StatfsReply blocksFree(long free) {
            this.blocksFree = free;
            return this;
        }

        @Override
        public StatfsReply blocksAvailable(long available) {
            this.blocksAvailable = available;
            return this;
        }

        @Override
        public StatfsReply files(long files) {
            this.files = files;
            return this;
        }

        @Override
        public StatfsReply filesFree(long free) {
            this.filesFree = free;
            return this;
        }

        @Override
        public StatfsReply blockSize(int bsize) {
            this.blockSize = bsize;
            return this;
        }

        @Override
        public StatfsReply fragmentSize(int frsize) {
            this.fragmentSize = frsize;
            return this;
        }

        @Override
        public StatfsReply maxNameLength(int namelen) {
            this.maxNameLength = namelen;
            return this;
        }
    }

    /** One recorded directory entry. */
    record Dirent(long ino, String name, int mode, long nextOffset, RecordedEntry entry) {
    }

    /** A READDIR filler that holds at most {@code capacity} entries. */
    static final class RecordingFiller implements DirectoryFiller {
        final List<Dirent> entries = new ArrayList<>();
        private final int capacity;

        RecordingFiller(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean add(long ino, String name, int mode, long nextOffset) {
            if (entries.size() >= capacity) {
                return false;
            }
            entries.add(new Dirent(ino, name, mode, nextOffset, null));
            return true;
        }

        @Override
        public boolean add(long ino, byte[] name, int mode, long nextOffset) {
            return add(ino, new String(name, StandardCharsets.UTF_8), mode, nextOffset);
        }

        List<String> names() {
            return entries.stream().map(Dirent::name).toList();
        }
    }

    /** A READDIRPLUS filler that holds at most {@code capacity} entries. */
    static final class RecordingPlusFiller implements DirectoryPlusFiller {
        final List<Dirent> entries = new ArrayList<>();
        private final int capacity;

        RecordingPlusFiller(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public EntryReply add(long ino, byte[] name, int mode, long nextOffset) {
            return add(ino, new String(name, java.nio.charset.StandardCharsets.UTF_8), mode, nextOffset);
        }

        @Override
        public EntryReply add(long ino, String name, int mode, long nextOffset) {
            if (entries.size() >= capacity) {
                return null;
            }
            RecordedEntry entry = new RecordedEntry();
            entries.add(new Dirent(ino, name, mode, nextOffset, entry));
            return entry;
        }

        List<String> names() {
            return entries.stream().map(Dirent::name).toList();
        }
    }

    /** A SETATTR request built field by field; nothing is changed unless set. */
    static final class TestSetattr implements SetattrRequest {
        Integer mode;
        Integer uid;
        Integer gid;
        Long size;
        boolean atimeNow;
        Long atimeSeconds;
        int atimeNanos;
        boolean mtimeNow;
        Long mtimeSeconds;
        int mtimeNanos;
        Long fh;
        boolean killSuidgid;

        @Override
        public int valid() {
            return 0;
        }

        @Override
        public boolean hasMode() {
            return mode != null;
        }

        @Override
        public int mode() {
            return mode;
        }

        @Override
        public boolean hasUid() {
            return uid != null;
        }

        @Override
        public int uid() {
            return uid;
        }

        @Override
        public boolean hasGid() {
            return gid != null;
        }

        @Override
        public int gid() {
            return gid;
        }

        @Override
        public boolean hasSize() {
            return size != null;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean hasAtime() {
            return atimeNow || atimeSeconds != null;
        }

        @Override
        public boolean atimeNow() {
            return atimeNow;
        }

        @Override
        public long atimeSeconds() {
            return atimeSeconds == null ? 0 : atimeSeconds;
        }

        @Override
        public int atimeNanos() {
            return atimeNanos;
        }

        @Override
        public boolean hasMtime() {
            return mtimeNow || mtimeSeconds != null;
        }

        @Override
        public boolean mtimeNow() {
            return mtimeNow;
        }

        @Override
        public long mtimeSeconds() {
            return mtimeSeconds == null ? 0 : mtimeSeconds;
        }

        @Override
        public int mtimeNanos() {
            return mtimeNanos;
        }

        @Override
        public boolean hasCtime() {
            return false;
        }

        @Override
        public long ctimeSeconds() {
            return 0;
        }

        @Override
        public int ctimeNanos() {
            return 0;
        }

        @Override
        public boolean hasFh() {
            return fh != null;
        }

        @Override
        public long fh() {
            return fh;
        }

        @Override
        public boolean killSuidgid() {
            return killSuidgid;
        }
    }

    /**
     * Tells whether the test runs as root (the owner of {@code /proc/self}).
     *
     * @return true for uid 0
     */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"),
                "unix:uid"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Copies a string's UTF-8 bytes into a new native segment.
     *
     * @param arena the arena to allocate from
     * @param text  the text
     * @return the segment
     */
    static MemorySegment utf8(Arena arena, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment segment = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /**
     * Decodes the first {@code length} bytes of a segment as UTF-8.
     *
     * @param segment the segment
     * @param length  how many bytes
     * @return the text
     */
    static String text(MemorySegment segment, long length) {
        return new String(segment.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
