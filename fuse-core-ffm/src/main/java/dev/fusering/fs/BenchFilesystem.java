package dev.fusering.fs;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.StatfsReply;

import java.lang.foreign.MemorySegment;

/**
 * The synthetic filesystem of the project's peer benchmarks ("benchfs"), served the same way by every
 * implementation that is compared (libfuse, jfuse, jnr-fuse and this engine):
 *
 * <ul>
 *   <li>{@code /big}: 1 GiB, read-only; the byte at offset {@code i} is {@code i & 0xff}, generated on the
 *       fly; opened with direct I/O (FOPEN_DIRECT_IO).</li>
 *   <li>{@code /sink}: accepts and discards every write; opened with direct I/O; reports a size of 1 GiB
 *       so that fio does not lay the file out first.</li>
 *   <li>{@code /d/}: 10,000 empty regular files {@code f00000 .. f09999}.</li>
 * </ul>
 *
 * <p>Entry and attribute timeouts are 0 on every reply, so every {@code stat()} reaches the filesystem.
 *
 * <p>Node ids are fixed ({@link #ROOT_ID} 1, {@link #BIG_ID} 2, {@link #SINK_ID} 3, {@link #DIR_ID} 4,
 * file {@code fNNNNN} is {@link #FIRST_FILE_ID} + NNNNN) and nothing is ever created, so {@link #forget}
 * has nothing to do. The methods the benchmarks exercise (LOOKUP, GETATTR, OPEN, READ, WRITE, RELEASE,
 * OPENDIR, READDIR, RELEASEDIR) allocate nothing: names are compared byte by byte, the listing of
 * {@code /d} uses names encoded once at construction, and READ copies from a precomputed native segment
 * that repeats the 256-byte period ({@link BenchPattern}), 64 KiB per {@code MemorySegment.copy}. READ
 * never copies from the reply buffer into itself: such a copy kept C2 from scalar-replacing the slice
 * that the engine hands to {@link #read} (40 bytes per request). The class is immutable after
 * construction and thread-safe, so it works with both dispatch modes.
 */
public final class BenchFilesystem implements Filesystem {

    /** The node id of {@code /big}. */
    public static final long BIG_ID = 2;
    /** The node id of {@code /sink}. */
    public static final long SINK_ID = 3;
    /** The node id of {@code /d}. */
    public static final long DIR_ID = 4;
    /** The node id of {@code /d/f00000}; file {@code fNNNNN} has {@code FIRST_FILE_ID + NNNNN}. */
    public static final long FIRST_FILE_ID = 5;
    /** The number of files in {@code /d}. */
    public static final int FILE_COUNT = BenchNames.FILE_COUNT;
    /** The size of {@code /big}, and the size {@code /sink} reports: 1 GiB. */
    public static final long BIG_SIZE = 1L << 30;

    private static final int BLOCK_SIZE = 4096;
    private static final long LAST_ID = FIRST_FILE_ID + FILE_COUNT - 1;
    private static final int DIR_MODE = FileMode.S_IFDIR | 0755;

    private final MemorySegment pattern = BenchPattern.segment();
    private final BenchNames names = new BenchNames();

    /** Creates the filesystem; builds the read pattern and the names of {@code /d} once. */
    public BenchFilesystem() {
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        long id = 0;
        if (parent == ROOT_ID) {
            if (name.contentEquals("big")) {
                id = BIG_ID;
            } else if (name.contentEquals("sink")) {
                id = SINK_ID;
            } else if (name.contentEquals("d")) {
                id = DIR_ID;
            }
        } else if (parent == DIR_ID) {
            int n = BenchNames.parseFileName(name);
            if (n >= 0) {
                id = FIRST_FILE_ID + n;
            }
        }
        if (id == 0) {
            throw FuseException.of(Errno.ENOENT);
        }
        reply.nodeId(id).entryTimeout(0).attrTimeout(0);
        fillAttributes(id, reply.attributes());
    }

    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        if (nodeId < ROOT_ID || nodeId > LAST_ID) {
            throw FuseException.of(Errno.ENOENT);
        }
        reply.attrTimeout(0);
        fillAttributes(nodeId, reply.attributes());
    }

    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        if (nodeId == ROOT_ID || nodeId == DIR_ID) {
            throw FuseException.of(Errno.EISDIR);
        }
        if (nodeId == BIG_ID || nodeId == SINK_ID) {
            reply.directIo();
        }
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        if (nodeId != BIG_ID || offset < 0 || offset >= BIG_SIZE) {
            return 0;
        }
        long length = Math.min(buffer.byteSize(), BIG_SIZE - offset);
        long done = 0;
        while (done < length) {
            long n = Math.min(length - done, BenchPattern.CHUNK);
            MemorySegment.copy(pattern, (offset + done) & (BenchPattern.PERIOD - 1), buffer, done, n);
            done += n;
        }
        return (int) length;
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        if (nodeId != SINK_ID) {
            throw FuseException.of(Errno.EACCES);
        }
        return (int) data.byteSize();
    }

    @Override
    public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
        if (nodeId != ROOT_ID && nodeId != DIR_ID) {
            throw FuseException.of(Errno.ENOTDIR);
        }
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        if (nodeId == DIR_ID) {
            names.listDirectory(offset, filler);
        } else if (nodeId == ROOT_ID) {
            names.listRoot(offset, filler);
        } else {
            throw FuseException.of(Errno.ENOTDIR);
        }
    }

    /**
     * Every method answers from constants and pre-built tables, so the session serves benchfs inline under
     * the default {@link dev.fusering.api.DispatchMode#AUTO}.
     *
     * @return true
     */
    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public void statfs(Request request, long nodeId, StatfsReply reply) {
        reply.blockSize(BLOCK_SIZE).fragmentSize(BLOCK_SIZE).blocks(BIG_SIZE / BLOCK_SIZE * 2)
                .files(FILE_COUNT + 4).maxNameLength(255);
    }

    /** Writes the attributes of a valid node id. */
    private static void fillAttributes(long id, Attributes a) {
        a.ino(id).uid(0).gid(0).blksize(BLOCK_SIZE);
        if (id == ROOT_ID || id == DIR_ID) {
            a.mode(DIR_MODE).nlink(2);
        } else if (id == BIG_ID) {
            a.mode(FileMode.S_IFREG | 0444).nlink(1).size(BIG_SIZE);
        } else if (id == SINK_ID) {
            a.mode(FileMode.S_IFREG | 0666).nlink(1).size(BIG_SIZE);
        } else {
            a.mode(FileMode.S_IFREG | 0644).nlink(1).size(0);
        }
    }
}
