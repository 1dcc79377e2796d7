package dev.fusering.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.internal.linux.Allocations;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** {@link BenchFilesystem}: the benchfs layout, its contents, and no allocation on the benchmarked requests. */
class BenchFilesystemTest {

    private final BenchFilesystem fs = new BenchFilesystem();
    private final TestRequest req = TestRequest.ROOT;
    private final TestName name = new TestName();
    private final RecordedEntry entry = new RecordedEntry();
    private final RecordedAttr attr = new RecordedAttr();
    private final RecordedOpen open = new RecordedOpen();

    @Test
    void rootNamesResolveToFixedNodesWithZeroTimeouts() {
        assertLookup(Filesystem.ROOT_ID, "big", BenchFilesystem.BIG_ID, FileMode.S_IFREG | 0444, BenchFilesystem.BIG_SIZE);
        assertLookup(Filesystem.ROOT_ID, "sink", BenchFilesystem.SINK_ID, FileMode.S_IFREG | 0666,
                BenchFilesystem.BIG_SIZE);
        assertLookup(Filesystem.ROOT_ID, "d", BenchFilesystem.DIR_ID, FileMode.S_IFDIR | 0755, -1);
        assertThat(entry.attributes.nlink).isEqualTo(2);
    }

    @Test
    void filesOfDResolveByNumber() {
        assertLookup(BenchFilesystem.DIR_ID, "f00000", BenchFilesystem.FIRST_FILE_ID, FileMode.S_IFREG | 0644, 0);
        assertLookup(BenchFilesystem.DIR_ID, "f04711", BenchFilesystem.FIRST_FILE_ID + 4711, FileMode.S_IFREG | 0644,
                0);
        assertLookup(BenchFilesystem.DIR_ID, "f09999", BenchFilesystem.FIRST_FILE_ID + 9999, FileMode.S_IFREG | 0644,
                0);
    }

    @Test
    void unknownNamesAreEnoent() {
        for (String n : List.of("f10000", "f0000", "f000000", "g00000", "f0000a", "f0000/", "F00001", "big2", "")) {
            assertErrno(Errno.ENOENT, () -> fs.lookup(req, BenchFilesystem.DIR_ID, name.set(n), entry.reset()));
        }
        assertErrno(Errno.ENOENT, () -> fs.lookup(req, Filesystem.ROOT_ID, name.set("f00000"), entry.reset()));
        assertErrno(Errno.ENOENT, () -> fs.lookup(req, BenchFilesystem.DIR_ID, name.set("big"), entry.reset()));
        assertErrno(Errno.ENOENT, () -> fs.lookup(req, BenchFilesystem.BIG_ID, name.set("x"), entry.reset()));
    }

    @Test
    void getattrOfEveryKindOfNode() {
        fs.getattr(req, Filesystem.ROOT_ID, Filesystem.NO_FH, attr.reset());
        assertThat(attr.attrTimeout).isZero();
        assertThat(attr.attributes.mode).isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(attr.attributes.ino).isEqualTo(Filesystem.ROOT_ID);
        fs.getattr(req, BenchFilesystem.SINK_ID, Filesystem.NO_FH, attr.reset());
        assertThat(attr.attributes.size).isEqualTo(BenchFilesystem.BIG_SIZE);
        long last = BenchFilesystem.FIRST_FILE_ID + BenchFilesystem.FILE_COUNT - 1;
        fs.getattr(req, last, Filesystem.NO_FH, attr.reset());
        assertThat(attr.attrTimeout).isZero();
        assertThat(attr.attributes.ino).isEqualTo(last);
        assertThat(attr.attributes.mode).isEqualTo(FileMode.S_IFREG | 0644);
        assertThat(attr.attributes.size).isZero();
        assertThat(attr.attributes.uid).isZero();
        assertThat(attr.attributes.blksize).isEqualTo(4096);
        assertErrno(Errno.ENOENT, () -> fs.getattr(req, last + 1, Filesystem.NO_FH, attr.reset()));
        assertErrno(Errno.ENOENT, () -> fs.getattr(req, 0, Filesystem.NO_FH, attr.reset()));
    }

    @Test
    void bigAndSinkOpenWithDirectIo() {
        fs.open(req, BenchFilesystem.BIG_ID, 0, open.reset());
        assertThat(open.directIo).isTrue();
        fs.open(req, BenchFilesystem.SINK_ID, 1, open.reset());
        assertThat(open.directIo).isTrue();
        fs.open(req, BenchFilesystem.FIRST_FILE_ID, 0, open.reset());
        assertThat(open.directIo).isFalse();
        assertErrno(Errno.EISDIR, () -> fs.open(req, BenchFilesystem.DIR_ID, 0, open.reset()));
        assertErrno(Errno.ENOTDIR, () -> fs.opendir(req, BenchFilesystem.BIG_ID, 0, open.reset()));
        fs.opendir(req, BenchFilesystem.DIR_ID, 0, open.reset());
    }

    @Test
    void bigHoldsTheOffsetPatternAtAnyOffsetAndSize() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(1 << 20);
            long[] offsets = {0, 1, 255, 256, 4095, 123_457, BenchFilesystem.BIG_SIZE - 131_072};
            int[] sizes = {1, 7, 255, 256, 257, 4096, 131_072, 131_073, 1 << 20};
            for (long offset : offsets) {
                for (int size : sizes) {
                    MemorySegment slice = buffer.asSlice(0, size);
                    slice.fill((byte) 0x5A);
                    int n = fs.read(req, BenchFilesystem.BIG_ID, 0, offset, slice);
                    long expected = Math.min(size, BenchFilesystem.BIG_SIZE - offset);
                    assertThat(n).as("read %d at %d", size, offset).isEqualTo(expected);
                    for (int i = 0; i < n; i++) {
                        byte b = slice.get(ValueLayout.JAVA_BYTE, i);
                        if (b != (byte) (offset + i)) {
                            throw new AssertionError("byte " + i + " of read " + size + " at " + offset + " is " + b);
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsAtOrPastTheEndAndOfOtherFilesAreEmpty() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4096);
            assertThat(fs.read(req, BenchFilesystem.BIG_ID, 0, BenchFilesystem.BIG_SIZE, buffer)).isZero();
            assertThat(fs.read(req, BenchFilesystem.BIG_ID, 0, BenchFilesystem.BIG_SIZE + 5, buffer)).isZero();
            assertThat(fs.read(req, BenchFilesystem.BIG_ID, 0, BenchFilesystem.BIG_SIZE - 10, buffer)).isEqualTo(10);
            assertThat(fs.read(req, BenchFilesystem.SINK_ID, 0, 0, buffer)).isZero();
            assertThat(fs.read(req, BenchFilesystem.FIRST_FILE_ID, 0, 0, buffer)).isZero();
        }
    }

    @Test
    void sinkAcceptsEverythingOthersRefuse() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(131_072);
            assertThat(fs.write(req, BenchFilesystem.SINK_ID, 0, 77, data, 0)).isEqualTo(131_072);
            assertThat(fs.write(req, BenchFilesystem.SINK_ID, 0, 0, data.asSlice(0, 1), 0)).isEqualTo(1);
            assertErrno(Errno.EACCES, () -> fs.write(req, BenchFilesystem.BIG_ID, 0, 0, data, 0));
        }
    }

    @Test
    void dListsDotsAndTenThousandFilesInResumableChunks() {
        DirentBudgetFiller filler = new DirentBudgetFiller(true);
        List<DirEntry> all = new ArrayList<>();
        long offset = 0;
        int calls = 0;
        while (true) {
            fs.readdir(req, BenchFilesystem.DIR_ID, 0, offset, filler.start(4096));
            if (filler.entries.isEmpty()) {
                break;
            }
            all.addAll(filler.entries);
            offset = filler.lastOffset;
            calls++;
        }
        assertThat(all).hasSize(BenchFilesystem.FILE_COUNT + 2);
        assertThat(all.get(0)).isEqualTo(new DirEntry(BenchFilesystem.DIR_ID, ".", FileMode.S_IFDIR, 1));
        assertThat(all.get(1)).isEqualTo(new DirEntry(Filesystem.ROOT_ID, "..", FileMode.S_IFDIR, 2));
        for (int i = 0; i < BenchFilesystem.FILE_COUNT; i++) {
            DirEntry e = all.get(i + 2);
            assertThat(e.name()).isEqualTo(String.format("f%05d", i));
            assertThat(e.ino()).isEqualTo(BenchFilesystem.FIRST_FILE_ID + i);
            assertThat(e.mode()).isEqualTo(FileMode.S_IFREG);
            assertThat(e.nextOffset()).isEqualTo(i + 3);
        }
        // 32-byte records: 128 per 4 KiB page
        assertThat(calls).isEqualTo((BenchFilesystem.FILE_COUNT + 2 + 127) / 128);
    }

    @Test
    void rootListsItsFiveEntries() {
        DirentBudgetFiller filler = new DirentBudgetFiller(true);
        fs.readdir(req, Filesystem.ROOT_ID, 0, 0, filler.start(4096));
        assertThat(filler.entries).extracting(DirEntry::name).containsExactly(".", "..", "big", "sink", "d");
        fs.readdir(req, Filesystem.ROOT_ID, 0, 3, filler.start(4096));
        assertThat(filler.entries).extracting(DirEntry::name).containsExactly("sink", "d");
        fs.readdir(req, Filesystem.ROOT_ID, 0, 5, filler.start(4096));
        assertThat(filler.entries).isEmpty();
        assertErrno(Errno.ENOTDIR, () -> fs.readdir(req, BenchFilesystem.BIG_ID, 0, 0, filler.start(4096)));
    }

    @Test
    void benchmarkedRequestsAllocateNothing() {
        byte[][] fileNames = new byte[BenchFilesystem.FILE_COUNT][];
        for (int i = 0; i < fileNames.length; i++) {
            fileNames[i] = BenchNames.fileName(i);
        }
        byte[] d = {'d'};
        DirentBudgetFiller counting = new DirentBudgetFiller(false);
        long[] sink = new long[1];
        int[] next = new int[1];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(131_072);
            Runnable one = () -> {
                int i = next[0];
                next[0] = i + 1 == fileNames.length ? 0 : i + 1;
                fs.lookup(req, Filesystem.ROOT_ID, name.set(d), entry);
                fs.lookup(req, BenchFilesystem.DIR_ID, name.set(fileNames[i]), entry);
                fs.getattr(req, entry.nodeId, Filesystem.NO_FH, attr);
                fs.open(req, BenchFilesystem.BIG_ID, 0, open);
                sink[0] += fs.read(req, BenchFilesystem.BIG_ID, 0, (long) i << 17, buffer);
                sink[0] += fs.write(req, BenchFilesystem.SINK_ID, 0, 0, buffer, 0);
                fs.release(req, BenchFilesystem.BIG_ID, 0, 0);
                fs.opendir(req, BenchFilesystem.DIR_ID, 0, open);
                fs.readdir(req, BenchFilesystem.DIR_ID, 0, i, counting.start(4096));
                fs.releasedir(req, BenchFilesystem.DIR_ID, 0, 0);
                sink[0] += counting.count;
            };
            long allocated = Allocations.steadyState(one);
            assertThat(allocated).as("bytes allocated by 10k rounds of the benchmarked requests").isLessThan(1024);
            assertThat(sink[0]).isPositive();
        }
    }

    private void assertLookup(long parent, String n, long id, int mode, long size) {
        fs.lookup(req, parent, name.set(n), entry.reset());
        assertThat(entry.nodeId).as(n).isEqualTo(id);
        assertThat(entry.entryTimeout).as("entry timeout").isZero();
        assertThat(entry.attrTimeout).as("attr timeout").isZero();
        assertThat(entry.attributes.ino).isEqualTo(id);
        assertThat(entry.attributes.mode).isEqualTo(mode);
        if (size >= 0) {
            assertThat(entry.attributes.size).isEqualTo(size);
        }
    }

    private static void assertErrno(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FuseException.class,
                e -> assertThat(e.errno()).isEqualTo(errno.code()));
    }
}
