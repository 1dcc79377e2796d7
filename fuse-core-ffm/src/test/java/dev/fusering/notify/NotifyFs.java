package dev.fusering.notify;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Attributes;
import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseNotifier;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flat test filesystem (files in the root only) whose names and contents the test changes behind the
 * kernel's back, with counters of the requests that reach it. Files are opened with {@code keep_cache}, so
 * the kernel's page cache survives opens; POLL answers "not ready" and keeps the kernel's poll handle until
 * a file is marked ready.
 */
final class NotifyFs implements Filesystem {

    /** POLLIN. */
    static final int POLLIN = 0x1;

    /** One file. */
    static final class Node {
        final long id;
        volatile byte[] data;
        volatile boolean ready;

        Node(long id, byte[] data) {
            this.id = id;
            this.data = data;
        }
    }

    private final AtomicLong nextId = new AtomicLong(2);
    private final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Long> root = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger getattrs = new AtomicInteger();
    private final Set<Long> forgotten = ConcurrentHashMap.newKeySet();
    /** Poll handles the kernel asked to be notified on. */
    final BlockingQueue<Long> pollHandles = new LinkedBlockingQueue<>();
    /** What a notifier call from inside init() threw (it must be an IllegalStateException). */
    volatile Throwable notifyDuringInit;
    /** The notifier received at init. */
    volatile FuseNotifier notifier;

    /**
     * Creates a file node, not linked into the root yet.
     *
     * @param data its content
     * @return its node id
     */
    long newFile(byte[] data) {
        long id = nextId.getAndIncrement();
        nodes.put(id, new Node(id, data));
        return id;
    }

    /** Makes {@code name} in the root point to {@code id} (behind the kernel's back). */
    void link(String name, long id) {
        root.put(name, id);
    }

    /** Removes {@code name} from the root (behind the kernel's back). */
    void unlink(String name) {
        root.remove(name);
    }

    /** Creates a file and links it. */
    long addFile(String name, byte[] data) {
        long id = newFile(data);
        link(name, id);
        return id;
    }

    Node node(long id) {
        return nodes.get(id);
    }

    int reads(long id) {
        AtomicInteger n = reads.get(id);
        return n == null ? 0 : n.get();
    }

    int lookups() {
        return lookups.get();
    }

    int getattrs() {
        return getattrs.get();
    }

    boolean forgotten(long id) {
        return forgotten.contains(id);
    }

    @Override
    public void init(ConnectionInfo connection, FuseNotifier notifier) {
        this.notifier = notifier;
        try {
            notifier.incEpoch();
        } catch (Throwable t) {
            notifyDuringInit = t;
        }
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        lookups.incrementAndGet();
        Long id = parent == ROOT_ID ? root.get(name.toString()) : null;
        if (id == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        reply.nodeId(id);
        fill(id, reply.attributes());
    }

    @Override
    public void forget(long nodeId, long nlookup) {
        forgotten.add(nodeId);
    }

    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        getattrs.incrementAndGet();
        if (nodeId != ROOT_ID && !nodes.containsKey(nodeId)) {
            throw FuseException.of(Errno.ENOENT);
        }
        fill(nodeId, reply.attributes());
    }

    private void fill(long id, Attributes a) {
        a.ino(id).uid(0).gid(0).blksize(4096).atime(1, 0).mtime(1, 0).ctime(1, 0);
        if (id == ROOT_ID) {
            a.mode(FileMode.S_IFDIR | 0755).nlink(2).size(4096);
        } else {
            long size = nodes.get(id).data.length;
            a.mode(FileMode.S_IFREG | 0644).nlink(1).size(size).blocks((size + 511) / 512);
        }
    }

    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        reply.fh(nodeId).keepCache();
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        reads.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
        byte[] data = nodes.get(nodeId).data;
        if (offset >= data.length) {
            return 0;
        }
        int n = (int) Math.min(buffer.byteSize(), data.length - offset);
        MemorySegment.copy(data, (int) offset, buffer, ValueLayout.JAVA_BYTE, 0, n);
        return n;
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        Node node = nodes.get(nodeId);
        synchronized (node) {
            byte[] old = node.data;
            int end = (int) (offset + data.byteSize());
            byte[] now = java.util.Arrays.copyOf(old, Math.max(old.length, end));
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, now, (int) offset, (int) data.byteSize());
            node.data = now;
        }
        return (int) data.byteSize();
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(root.entrySet());
        for (int i = (int) offset; i < entries.size(); i++) {
            Map.Entry<String, Long> e = entries.get(i);
            if (!filler.add(e.getValue(), e.getKey(), FileMode.S_IFREG, i + 1)) {
                return;
            }
        }
    }

    @Override
    public int poll(Request request, long nodeId, long fh, long kh, int flags, int events) {
        Node node = nodes.get(nodeId);
        if (node.ready) {
            return events & POLLIN;
        }
        if ((flags & FuseNotifier.POLL_SCHEDULE_NOTIFY) != 0) {
            pollHandles.add(kh);
        }
        return 0;
    }
}
