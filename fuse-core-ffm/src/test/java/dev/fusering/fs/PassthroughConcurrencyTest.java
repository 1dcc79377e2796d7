package dev.fusering.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedAttr;
import dev.fusering.testing.RecordedEntry;
import dev.fusering.testing.RecordedOpen;
import dev.fusering.testing.TestName;
import dev.fusering.testing.TestRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Methods called concurrently from virtual threads, as the engine does. */
@Timeout(60)
class PassthroughConcurrencyTest {

    private static final TestRequest ROOT = TestRequest.ROOT;

    @TempDir
    Path dir;

    @Test
    void concurrentCreatesAndWritesLandInTheSource() throws Exception {
        PassthroughFilesystem fs = new PassthroughFilesystem(dir);
        int files = 32;
        int chunk = 4096;
        int chunks = 16;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                int index = i;
                done.add(threads.submit(() -> {
                    RecordedEntry entry = new RecordedEntry();
                    RecordedOpen open = new RecordedOpen();
                    fs.create(ROOT, Filesystem.ROOT_ID, TestName.of("f" + index), FileMode.S_IFREG | 0644, 0,
                        0101, entry, open);
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment data = arena.allocate(chunk);
                        data.fill((byte) index);
                        for (int c = chunks - 1; c >= 0; c--) {
                            fs.write(ROOT, entry.nodeId, open.fh, (long) c * chunk, data, 0);
                        }
                    }
                    fs.release(ROOT, entry.nodeId, open.fh, 0);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        for (int i = 0; i < files; i++) {
            byte[] content = Files.readAllBytes(dir.resolve("f" + i));
            assertThat(content).hasSize(chunk * chunks);
            for (byte b : content) {
                assertThat(b).isEqualTo((byte) i);
            }
        }
        assertThat(fs.openHandles()).isZero();
    }

    @Test
    void nodesBelowARenamedDirectoryStayReachableDuringRenames() throws Exception {
        Files.createDirectories(dir.resolve("d1/inner"));
        Files.writeString(dir.resolve("d1/inner/file"), "stable");
        PassthroughFilesystem fs = new PassthroughFilesystem(dir);
        long d = lookup(fs, Filesystem.ROOT_ID, "d1");
        long inner = lookup(fs, d, "inner");
        long file = lookup(fs, inner, "file");
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> renamer = threads.submit(() -> {
                int renames = 0;
                while (!stop.get()) {
                    String from = renames % 2 == 0 ? "d1" : "d2";
                    String to = renames % 2 == 0 ? "d2" : "d1";
                    fs.rename(ROOT, Filesystem.ROOT_ID, TestName.of(from), Filesystem.ROOT_ID, TestName.of(to), 0);
                    renames++;
                }
                return renames;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(threads.submit(() -> {
                    int reads = 0;
                    try (Arena arena = Arena.ofConfined()) {
                        while (reads < 300) {
                            RecordedAttr attr = new RecordedAttr();
                            fs.getattr(ROOT, file, Filesystem.NO_FH, attr);
                            assertThat(attr.attributes.size).isEqualTo(6);
                            RecordedOpen open = new RecordedOpen();
                            fs.open(ROOT, file, 0, open);
                            MemorySegment buffer = arena.allocate(6);
                            assertThat(fs.read(ROOT, file, open.fh, 0, buffer)).isEqualTo(6);
                            assertThat(buffer.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 's');
                            fs.release(ROOT, file, open.fh, 0);
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            try {
                for (Future<Integer> reader : readers) {
                    assertThat(reader.get()).isEqualTo(300);
                }
            } finally {
                stop.set(true);
            }
            assertThat(renamer.get()).isPositive();
        }
    }

    private static long lookup(PassthroughFilesystem fs, long parent, String name) {
        RecordedEntry entry = new RecordedEntry();
        fs.lookup(ROOT, parent, TestName.of(name), entry);
        return entry.nodeId;
    }
}
