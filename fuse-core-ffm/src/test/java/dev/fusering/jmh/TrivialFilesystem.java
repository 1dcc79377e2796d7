package dev.fusering.jmh;

import dev.fusering.api.AttrReply;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The smallest useful in-memory filesystem for measuring the engine's request path: a root directory
 * with one 128 KiB file {@value #FILE_NAME} (node {@value #FILE_ID}) held in native memory, and
 * {@value #LISTED} further names that only appear in listings. Nothing allocates per request.
 */
final class TrivialFilesystem implements Filesystem {

    /** The node id of the file. */
    static final long FILE_ID = 2;
    /** The file's name. */
    static final String FILE_NAME = "hello";
    /** The file's size. */
    static final int FILE_SIZE = 128 * 1024;
    /** Names listed by READDIR (more than fit a 4 KiB page). */
    static final int LISTED = 200;

    private final MemorySegment data = Arena.ofAuto().allocate(FILE_SIZE, 4096);
    private final byte[][] names = new byte[LISTED][];

    /** Creates the filesystem. */
    TrivialFilesystem() {
        for (int i = 0; i < LISTED; i++) {
            names[i] = String.format("entry-%03d", i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        if (parent != ROOT_ID || !name.contentEquals(FILE_NAME)) {
            throw FuseException.of(Errno.ENOENT);
        }
        reply.nodeId(FILE_ID).attributes().ino(FILE_ID).mode(FileMode.S_IFREG | 0644).nlink(1).size(FILE_SIZE);
    }

    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        if (nodeId == ROOT_ID) {
            reply.attributes().ino(ROOT_ID).mode(FileMode.S_IFDIR | 0755).nlink(2);
        } else if (nodeId == FILE_ID) {
            reply.attributes().ino(FILE_ID).mode(FileMode.S_IFREG | 0644).nlink(1).size(FILE_SIZE);
        } else {
            throw FuseException.of(Errno.ENOENT);
        }
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        if (offset >= FILE_SIZE) {
            return 0;
        }
        int n = (int) Math.min(buffer.byteSize(), FILE_SIZE - offset);
        MemorySegment.copy(data, offset, buffer, 0, n);
        return n;
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment bytes, int writeFlags) {
        if (offset >= FILE_SIZE) {
            throw FuseException.of(Errno.EFBIG);
        }
        int n = (int) Math.min(bytes.byteSize(), FILE_SIZE - offset);
        MemorySegment.copy(bytes, 0, data, offset, n);
        return n;
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        for (long k = offset; k < LISTED; k++) {
            if (!filler.add(FILE_ID + k, names[(int) k], FileMode.S_IFREG, k + 1)) {
                return;
            }
        }
    }
}
