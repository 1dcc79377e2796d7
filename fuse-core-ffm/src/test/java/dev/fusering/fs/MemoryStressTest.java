package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordingPlusFiller;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads run random mixed operations on a shared {@link MemoryFilesystem}; afterwards the tree must
 * be consistent (link counts match the names, every node is either reachable or freed) and removing
 * everything must give back every node and block.
 */
class MemoryStressTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final int THREADS = 8;
    private static final int OPERATIONS = 4000;
    private static final int DIRECTORIES = 4;
    private static final int NAMES = 8;

    /** Errors that concurrent namespace operations may legitimately produce. */
    private static final Set<Errno> EXPECTED = EnumSet.of(Errno.ENOENT, Errno.EEXIST, Errno.ENOTEMPTY,
            Errno.ENOTDIR, Errno.EISDIR, Errno.EINVAL, Errno.EPERM, Errno.ENODATA);

    private final MemoryFilesystem fs = new MemoryFilesystem();

    /** Lookups handed out to "the kernel", by node id, so that they can all be forgotten at the end. */
    private final Map<Long, AtomicLong> ledger = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Operations that completed without an error, to make sure the run did real work. */
    private final AtomicLong successes = new AtomicLong();

    @Test
    void mixedOperationsLeaveAConsistentTree() throws Exception {
        MemoryTestKit setup = new MemoryTestKit(fs);
        long[] directories = new long[DIRECTORIES];
        for (int i = 0; i < DIRECTORIES; i++) {
            directories[i] = counted(setup.mkdir(ROOT, "d" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().name("stress-" + t).start(() -> {
                try {
                    start.await();
                    new Worker(id, directories).run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(successes.get()).as("successful operations").isGreaterThan(THREADS * OPERATIONS / 4);

        for (Map.Entry<Long, AtomicLong> entry : ledger.entrySet()) {
            fs.forget(entry.getKey(), entry.getValue().get());
        }
        Map<Long, Integer> names = new HashMap<>();
        Set<Long> reachable = new HashSet<>();
        reachable.add(ROOT);
        checkDirectory(setup, ROOT, names, reachable);
        for (Map.Entry<Long, Integer> entry : names.entrySet()) {
            RecordedAttributes attributes = setup.getattr(entry.getKey());
            if (!FileMode.isDirectory(attributes.mode)) {
                assertThat(attributes.nlink).as("links of %d", entry.getKey()).isEqualTo(entry.getValue());
            }
        }
        assertThat(setup.usedNodes()).as("no leaked nodes").isEqualTo(reachable.size());

        removeContents(setup, ROOT);
        assertThat(setup.names(ROOT)).isEmpty();
        assertThat(setup.usedNodes()).isEqualTo(1);
        assertThat(setup.usedBlocks()).isZero();
        assertThat(setup.getattr(ROOT).nlink).isEqualTo(2);
    }

    private long counted(long nodeId) {
        ledger.computeIfAbsent(nodeId, k -> new AtomicLong()).incrementAndGet();
        return nodeId;
    }

    /** Walks a directory, checking directory link counts and counting names per node. */
    private void checkDirectory(MemoryTestKit kit, long dir, Map<Long, Integer> names, Set<Long> reachable) {
        int subdirectories = 0;
        for (DirEntry entry : kit.readdirAll(dir)) {
            if (entry.name().equals(".") || entry.name().equals("..")) {
                continue;
            }
            reachable.add(entry.ino());
            names.merge(entry.ino(), 1, Integer::sum);
            RecordedAttributes attributes = kit.getattr(entry.ino());
            assertThat(attributes.mode & FileMode.S_IFMT).isEqualTo(entry.mode());
            if (FileMode.isDirectory(attributes.mode)) {
                subdirectories++;
                assertThat(names.get(entry.ino())).as("directory %s has one name", entry.name()).isEqualTo(1);
                checkDirectory(kit, entry.ino(), names, reachable);
            }
        }
        assertThat(kit.getattr(dir).nlink).as("nlink of directory %d", dir).isEqualTo(2 + subdirectories);
    }

    private void removeContents(MemoryTestKit kit, long dir) {
        for (DirEntry entry : kit.readdirAll(dir)) {
            if (entry.name().equals(".") || entry.name().equals("..")) {
                continue;
            }
            if (entry.mode() == FileMode.S_IFDIR) {
                removeContents(kit, entry.ino());
                kit.rmdir(dir, entry.name());
            } else {
                kit.unlink(dir, entry.name());
            }
        }
    }

    /** One thread's random walk through the operations. */
    private final class Worker {
        private final int id;
        private final long[] directories;
        private final Random random;
        private final MemoryTestKit kit = new MemoryTestKit(fs);
        private final List<long[]> handles = new ArrayList<>();
        private final long ownFile;
        private final long ownHandle;
        private final byte[] ownContent = new byte[256 * 1024];
        private long ownSize;

        Worker(int id, long[] directories) {
            this.id = id;
            this.directories = directories;
            this.random = new Random(1234 + id);
            kit.request = new TestRequest(id == 0 ? 0 : 1000 + id, 100);
            MemoryTestKit.Created own = kit.create(ROOT, "own-" + id);
            counted(own.node());
            ownFile = own.node();
            ownHandle = own.fh();
        }

        void run() {
            for (int i = 0; i < OPERATIONS; i++) {
                try {
                    step();
                    successes.incrementAndGet();
                } catch (FuseException e) {
                    if (!EXPECTED.contains(Errno.of(e.errno()))) {
                        throw e;
                    }
                }
            }
            for (long[] handle : handles) {
                fs.release(kit.request, handle[0], handle[1], 0);
            }
            fs.release(kit.request, ownFile, ownHandle, 0);
        }

        private String name() {
            return "n" + random.nextInt(NAMES);
        }

        /** A parent directory: one of the shared ones, or sometimes a directory below one. */
        private long parent() {
            long dir = directories[random.nextInt(DIRECTORIES)];
            if (random.nextInt(4) == 0) {
                RecordedEntry entry = new RecordedEntry();
                fs.lookup(kit.request, dir, TestName.of(name()), entry);
                counted(entry.nodeId);
                if (FileMode.isDirectory(entry.attributes.mode)) {
                    return entry.nodeId;
                }
            }
            return dir;
        }

        /** A regular file this thread holds open (never its private file), or its private file if none. */
        private long heldNode() {
            if (handles.isEmpty()) {
                return ownFile;
            }
            return handles.get(random.nextInt(handles.size()))[0];
        }

        private void step() {
            switch (random.nextInt(14)) {
                case 0 -> {
                    MemoryTestKit.Created created = kit.create(parent(), name());
                    counted(created.node());
                    handles.add(new long[] {created.node(), created.fh()});
                }
                case 1 -> counted(kit.mkdir(parent(), name()));
                case 2 -> kit.unlink(parent(), name());
                case 3 -> kit.rmdir(parent(), name());
                case 4 -> kit.rename(parent(), name(), parent(), name(), random.nextInt(3));
                case 5 -> {
                    long dir = parent();
                    long node = counted(kit.lookup(dir, name()));
                    counted(kit.link(node, parent(), name()).nodeId);
                }
                case 6 -> {
                    long node = heldNode();
                    if (node == ownFile) {
                        return;
                    }
                    long offset = random.nextInt(64 * 1024);
                    byte[] data = MemoryTestKit.pattern(1 + random.nextInt(9000), random.nextInt(100));
                    kit.write(node, offset, data);
                    assertThat(kit.read(node, offset, data.length).length).isLessThanOrEqualTo(data.length);
                }
                case 7 -> {
                    long node = heldNode();
                    if (node != ownFile) {
                        kit.truncate(node, random.nextInt(100_000));
                    }
                }
                case 8 -> {
                    RecordingPlusFiller filler =
                            new RecordingPlusFiller(1 + random.nextInt(6));
                    fs.readdirplus(kit.request, parent(), 0, random.nextInt(4) == 0 ? 0 : random.nextInt(20), filler);
                    for (RecordedEntry reply : filler.replies) {
                        if (reply.nodeId != 0) {
                            counted(reply.nodeId);
                        }
                    }
                }
                case 9 -> counted(kit.lookup(parent(), name()));
                case 10 -> {
                    long node = heldNode();
                    kit.setxattr(node, "user.t" + random.nextInt(3), MemoryTestKit.pattern(random.nextInt(50), id), 0);
                    kit.getxattr(node, "user.t" + random.nextInt(3));
                }
                case 11 -> {
                    long node = heldNode();
                    if (node != ownFile) {
                        int mode = random.nextBoolean() ? 3 : 16;
                        fs.fallocate(kit.request, node, 0, mode, random.nextInt(50_000), 1 + random.nextInt(20_000));
                    }
                }
                case 12 -> {
                    if (!handles.isEmpty()) {
                        long[] handle = handles.remove(random.nextInt(handles.size()));
                        fs.release(kit.request, handle[0], handle[1], 0);
                    }
                }
                default -> checkOwnFile();
            }
        }

        /** Writes this thread's private file and checks that it reads back exactly. */
        private void checkOwnFile() {
            int offset = random.nextInt(ownContent.length - 5000);
            byte[] data = MemoryTestKit.pattern(1 + random.nextInt(5000), random.nextInt(1000));
            kit.write(ownFile, offset, data);
            System.arraycopy(data, 0, ownContent, offset, data.length);
            ownSize = Math.max(ownSize, offset + data.length);
            byte[] read = kit.read(ownFile, 0, ownContent.length);
            assertThat(read.length).isEqualTo(ownSize);
            assertThat(read).isEqualTo(Arrays.copyOf(ownContent, (int) ownSize));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(16);
                assertThat(fs.listxattr(kit.request, ownFile, buffer)).isGreaterThanOrEqualTo(0);
            }
        }
    }
}
