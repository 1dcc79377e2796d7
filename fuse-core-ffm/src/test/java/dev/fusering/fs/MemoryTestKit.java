package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.RecordedStatfs;
import dev.fusering.testing.RecordingFiller;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import org.assertj.core.api.ThrowableAssert;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shortcuts that drive a {@link MemoryFilesystem} through its {@link Filesystem} methods with the recording
 * doubles of {@code dev.fusering.testing}, for the {@code Memory*Test} classes.
 */
final class MemoryTestKit {

    /** The filesystem under test. */
    final MemoryFilesystem fs;

    /** The request passed by the shortcuts. */
    Request request = TestRequest.ROOT;

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
        fs.mkdir(request, parent, TestName.of(name), mode, 022, entry);
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
        fs.create(request, parent, TestName.of(name), FileMode.S_IFREG | mode, 022, 0101, entry, open);
        return new Created(entry.nodeId, open.fh, entry);
    }

    /** Creates a node with mknod and returns its entry. */
    RecordedEntry mknod(long parent, String name, int mode, int rdev) {
        RecordedEntry entry = new RecordedEntry();
        fs.mknod(request, parent, TestName.of(name), mode, rdev, 022, entry);
        return entry;
    }

    /** Creates a symbolic link and returns its node id. */
    long symlink(long parent, String name, String target) {
        RecordedEntry entry = new RecordedEntry();
        fs.symlink(request, parent, TestName.of(name), target, entry);
        return entry.nodeId;
    }

    /** Creates a hard link and returns the entry. */
    RecordedEntry link(long node, long newParent, String newName) {
        RecordedEntry entry = new RecordedEntry();
        fs.link(request, node, newParent, TestName.of(newName), entry);
        return entry;
    }

    /** Looks a name up and returns its node id. */
    long lookup(long parent, String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(request, parent, TestName.of(name), entry);
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
        fs.unlink(request, parent, TestName.of(name));
    }

    /** Removes a directory. */
    void rmdir(long parent, String name) {
        fs.rmdir(request, parent, TestName.of(name));
    }

    /** Renames an entry. */
    void rename(long parent, String name, long newParent, String newName, int flags) {
        fs.rename(request, parent, TestName.of(name), newParent, TestName.of(newName), flags);
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
    RecordedAttributes setattr(long node, TestSetattr changes) {
        RecordedAttr reply = new RecordedAttr();
        fs.setattr(request, node, changes, reply);
        return reply.attributes;
    }

    /** Truncates a file through SETATTR. */
    RecordedAttributes truncate(long node, long size) {
        return setattr(node, new TestSetattr().size(size));
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

    // ------------------------------------------------------------------ values

    /** A created and opened file. */
    record Created(long node, long fh, RecordedEntry entry) {
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
