package dev.fusering.fs;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import org.assertj.core.api.ThrowableAssert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Test doubles of the {@code dev.fusering.api} reply and request interfaces, plus shortcuts that drive a
 * {@link MemoryFilesystem} through its {@link Filesystem} methods, for the {@code Memory*Test} classes.
 */
final class MemoryTestKit {

    /** A request from root. */
    static final TestRequest ROOT = new TestRequest(0, 0);

    /** The filesystem under test. */
    final MemoryFilesystem fs;

    /** The request passed by the shortcuts. */
    Request request = ROOT;

    /**
     * Wraps a filesystem.
     *
     * @param fs the filesystem under test
     */
    MemoryTestKit(MemoryFilesystem fs) {
        this.fs = fs;
    }

    // ------------------------------------------------------------------ shortcuts

    /** Creates a directory with mode 0755 and returns its node id. */
    long mkdir(long parent, String name) {
        return mkdir(parent, name, 0755);
    }

    /** Creates a directory and returns its node id. */
    long mkdir(long parent, String name, int mode) {
        RecordedEntry entry = new RecordedEntry();
        fs.mkdir(request, parent, new Name(name), mode, 022, entry);
        return entry.nodeId;
    }

    /** Creates and opens a regular file with mode 0644. */
    Created create(long parent, String name) {
        return create(parent, name, 0644);
    }

    /** Creates and opens a regular file. */
    Created create(long parent, String name, int mode) {
        RecordedEntry entry = new RecordedEntry();
        RecordedOpen open = new RecordedOpen();
        fs.create(request, parent, new Name(name), FileMode.S_IFREG | mode, 022, 0101, entry, open);
        return new Created(entry.nodeId, open.fh, entry);
    }

    /** Creates a node with mknod and returns its entry. */
    RecordedEntry mknod(long parent, String name, int mode, int rdev) {
        RecordedEntry entry = new RecordedEntry();
        fs.mknod(request, parent, new Name(name), mode, rdev, 022, entry);
        return entry;
    }

    /** Creates a symbolic link and returns its node id. */
    long symlink(long parent, String name, String target) {
        RecordedEntry entry = new RecordedEntry();
        fs.symlink(request, parent, new Name(name), target, entry);
        return entry.nodeId;
    }

    /** Creates a hard link and returns the entry. */
    RecordedEntry link(long node, long newParent, String newName) {
        RecordedEntry entry = new RecordedEntry();
        fs.link(request, node, newParent, new Name(newName), entry);
        return entry;
    }

    /** Looks a name up and returns its node id. */
    long lookup(long parent, String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(request, parent, new Name(name), entry);
        return entry.nodeId;
    }

    /** Opens a node and returns the handle. */
    long open(long node, int flags) {
        RecordedOpen open = new RecordedOpen();
        fs.open(request, node, flags, open);
        return open.fh;
    }

    /** Removes a non-directory. */
    void unlink(long parent, String name) {
        fs.unlink(request, parent, new Name(name));
    }

    /** Removes a directory. */
    void rmdir(long parent, String name) {
        fs.rmdir(request, parent, new Name(name));
    }

    /** Renames an entry. */
    void rename(long parent, String name, long newParent, String newName, int flags) {
        fs.rename(request, parent, new Name(name), newParent, new Name(newName), flags);
    }

    /** Writes bytes at an offset and returns the count written. */
    int write(long node, long offset, byte[] data) {
        return write(node, offset, data, 0);
    }

    /** Writes bytes at an offset with write flags and returns the count written. */
    int write(long node, long offset, byte[] data, int writeFlags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Math.max(1, data.length)).asSlice(0, data.length);
            MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, data.length);
            return fs.write(request, node, 0, offset, segment.asReadOnly(), writeFlags);
        }
    }

    /** Reads up to {@code length} bytes at an offset. */
    byte[] read(long node, long offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length)).asSlice(0, length);
            buffer.fill((byte) 0x5A);
            int count = fs.read(request, node, 0, offset, buffer);
            return buffer.asSlice(0, count).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Returns the attributes of a node. */
    RecordedAttributes getattr(long node) {
        RecordedAttr reply = new RecordedAttr();
        fs.getattr(request, node, Filesystem.NO_FH, reply);
        return reply.attributes;
    }

    /** Applies a SETATTR and returns the resulting attributes. */
    RecordedAttributes setattr(long node, Setattr changes) {
        RecordedAttr reply = new RecordedAttr();
        fs.setattr(request, node, changes, reply);
        return reply.attributes;
    }

    /** Truncates a file through SETATTR. */
    RecordedAttributes truncate(long node, long size) {
        return setattr(node, new Setattr().size(size));
    }

    /** Returns the statfs reply. */
    RecordedStatfs statfs() {
        RecordedStatfs reply = new RecordedStatfs();
        fs.statfs(request, Filesystem.ROOT_ID, reply);
        return reply;
    }

    /** Lists a whole directory with READDIR, one entry per call to exercise resumption. */
    List<DirEntry> readdirAll(long dir) {
        List<DirEntry> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            RecordingFiller filler = new RecordingFiller(1);
            fs.readdir(request, dir, 0, offset, filler);
            if (filler.entries.isEmpty()) {
                return all;
            }
            all.addAll(filler.entries);
            offset = filler.entries.getLast().nextOffset();
        }
    }

    /** Lists the names in a directory, "." and ".." excluded. */
    List<String> names(long dir) {
        List<String> names = new ArrayList<>();
        for (DirEntry entry : readdirAll(dir)) {
            if (!entry.name().equals(".") && !entry.name().equals("..")) {
                names.add(entry.name());
            }
        }
        return names;
    }

    /** Returns the attribute value or throws. */
    byte[] getxattr(long node, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(70000);
            int length = fs.getxattr(request, node, name, buffer);
            return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Sets an attribute value. */
    void setxattr(long node, String name, byte[] value, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Math.max(1, value.length)).asSlice(0, value.length);
            MemorySegment.copy(value, 0, segment, ValueLayout.JAVA_BYTE, 0, value.length);
            fs.setxattr(request, node, name, segment.asReadOnly(), flags);
        }
    }

    /** Returns the number of nodes in use according to statfs. */
    long usedNodes() {
        RecordedStatfs s = statfs();
        return s.files - s.filesFree;
    }

    /** Returns the number of 4096-byte blocks in use according to statfs. */
    long usedBlocks() {
        RecordedStatfs s = statfs();
        return s.blocks - s.blocksFree;
    }

    /** Asserts that an action fails with an errno. */
    static void assertErrno(Errno errno, ThrowableAssert.ThrowingCallable action) {
        assertThatThrownBy(action)
                .isInstanceOfSatisfying(FuseException.class,
                        e -> assertThat(Errno.nameOf(e.errno())).isEqualTo(errno.name()));
    }

    /** Returns {@code length} bytes of a repeating pattern that depends on {@code seed}. */
    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + 1);
        }
        return bytes;
    }

    // ------------------------------------------------------------------ doubles

    /** A created and opened file. */
    record Created(long node, long fh, RecordedEntry entry) {
    }

    /** One READDIR entry. */
    record DirEntry(long ino, String name, int mode, long nextOffset) {
    }

    /** A request context. */
    record TestRequest(int uid, int gid) implements Request {
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

    /** A name backed by a byte array. */
    static final class Name implements FileName {
        private final byte[] bytes;

        Name(String name) {
            this(name.getBytes(StandardCharsets.UTF_8));
        }

        Name(byte[] bytes) {
            this.bytes = bytes.clone();
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
            return Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8));
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

    /** Records the attributes written. */
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
        Instant atime = Instant.EPOCH;
        Instant mtime = Instant.EPOCH;
        Instant ctime = Instant.EPOCH;

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
            this.atime = Instant.ofEpochSecond(seconds, nanoseconds);
            return this;
        }

        @Override
        public Attributes mtime(long seconds, int nanoseconds) {
            this.mtime = Instant.ofEpochSecond(seconds, nanoseconds);
            return this;
        }

        @Override
        public Attributes ctime(long seconds, int nanoseconds) {
            this.ctime = Instant.ofEpochSecond(seconds, nanoseconds);
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
        public Attributes attributes() {
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
        public Attributes attributes() {
            return attributes;
        }
    }

    /** Records an open reply. */
    static final class RecordedOpen implements OpenReply {
        long fh = -1;

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

    /** Records READDIR entries, accepting at most {@code capacity}. */
    static final class RecordingFiller implements DirectoryFiller {
        final int capacity;
        final List<DirEntry> entries = new ArrayList<>();

        RecordingFiller(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean add(long ino, String name, int mode, long nextOffset) {
            return add(ino, name.getBytes(StandardCharsets.UTF_8), mode, nextOffset);
        }

        @Override
        public boolean add(long ino, byte[] name, int mode, long nextOffset) {
            if (entries.size() >= capacity) {
                return false;
            }
            entries.add(new DirEntry(ino, new String(name, StandardCharsets.UTF_8), mode, nextOffset));
            return true;
        }
    }

    /** Records READDIRPLUS entries and their replies, accepting at most {@code capacity}. */
    static final class RecordingPlusFiller implements DirectoryPlusFiller {
        final int capacity;
        final List<DirEntry> entries = new ArrayList<>();
        final List<RecordedEntry> replies = new ArrayList<>();

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
            entries.add(new DirEntry(ino, name, mode, nextOffset));
            RecordedEntry reply = new RecordedEntry();
            replies.add(reply);
            return reply;
        }
    }

    /** A SETATTR request built field by field. */
    static final class Setattr implements SetattrRequest {
        private Integer mode;
        private Integer uid;
        private Integer gid;
        private Long size;
        private boolean hasAtime;
        private boolean atimeNow;
        private Instant atime = Instant.EPOCH;
        private boolean hasMtime;
        private boolean mtimeNow;
        private Instant mtime = Instant.EPOCH;
        private Instant ctime;
        private Long fh;
        private boolean killSuidgid;

        Setattr mode(int mode) {
            this.mode = mode;
            return this;
        }

        Setattr uid(int uid) {
            this.uid = uid;
            return this;
        }

        Setattr gid(int gid) {
            this.gid = gid;
            return this;
        }

        Setattr size(long size) {
            this.size = size;
            return this;
        }

        Setattr atime(Instant atime) {
            this.hasAtime = true;
            this.atime = atime;
            return this;
        }

        Setattr withAtimeNow() {
            this.hasAtime = true;
            this.atimeNow = true;
            return this;
        }

        Setattr mtime(Instant mtime) {
            this.hasMtime = true;
            this.mtime = mtime;
            return this;
        }

        Setattr withMtimeNow() {
            this.hasMtime = true;
            this.mtimeNow = true;
            return this;
        }

        Setattr ctime(Instant ctime) {
            this.ctime = ctime;
            return this;
        }

        Setattr fh(long fh) {
            this.fh = fh;
            return this;
        }

        Setattr withKillSuidgid() {
            this.killSuidgid = true;
            return this;
        }

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
            return mode == null ? 0 : mode;
        }

        @Override
        public boolean hasUid() {
            return uid != null;
        }

        @Override
        public int uid() {
            return uid == null ? 0 : uid;
        }

        @Override
        public boolean hasGid() {
            return gid != null;
        }

        @Override
        public int gid() {
            return gid == null ? 0 : gid;
        }

        @Override
        public boolean hasSize() {
            return size != null;
        }

        @Override
        public long size() {
            return size == null ? 0 : size;
        }

        @Override
        public boolean hasAtime() {
            return hasAtime;
        }

        @Override
        public boolean atimeNow() {
            return atimeNow;
        }

        @Override
        public long atimeSeconds() {
            return atime.getEpochSecond();
        }

        @Override
        public int atimeNanos() {
            return atime.getNano();
        }

        @Override
        public boolean hasMtime() {
            return hasMtime;
        }

        @Override
        public boolean mtimeNow() {
            return mtimeNow;
        }

        @Override
        public long mtimeSeconds() {
            return mtime.getEpochSecond();
        }

        @Override
        public int mtimeNanos() {
            return mtime.getNano();
        }

        @Override
        public boolean hasCtime() {
            return ctime != null;
        }

        @Override
        public long ctimeSeconds() {
            return ctime.getEpochSecond();
        }

        @Override
        public int ctimeNanos() {
            return ctime.getNano();
        }

        @Override
        public boolean hasFh() {
            return fh != null;
        }

        @Override
        public long fh() {
            return fh == null ? 0 : fh;
        }

        @Override
        public boolean killSuidgid() {
            return killSuidgid;
        }
    }

    /** A clock that only moves when told to. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        /** Moves the clock forward. */
        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
