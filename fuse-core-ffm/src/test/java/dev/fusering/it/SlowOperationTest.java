package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Request;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read that takes 2 s must not hold up other requests, not even requests from the same CPU (which the
 * kernel puts on the same io_uring queue): with {@link DispatchMode#OFFLOADED} the slow read runs on
 * its entry's own runner thread while the queue's other entries keep serving.
 *
 * <p>{@link DispatchMode#INLINE} is deliberately not tested here, because it is expected to stall: the
 * slow read runs on the transport thread itself, which is the documented contract of INLINE (only for
 * filesystems whose methods never block). With io_uring that thread owns the queue of the reading CPU, so
 * every later request from that CPU waits until the read returns (measured: a {@code stat} on CPU 0 took
 * about 1.7 s, one on CPU 1 a few ms); with the classic transport only one {@code /dev/fuse} reader is
 * blocked and the others go on serving. Nothing is asserted about INLINE.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowOperationTest {

    private static final byte[] SLOW_MARK = "SLOW".getBytes(StandardCharsets.US_ASCII);
    private static final Duration SLOW = Duration.ofSeconds(2);
    private static final Duration FAST_ENOUGH = Duration.ofMillis(500);

    @TempDir
    Path tmp;

    /**
     * Wraps a {@link MemoryFilesystem}; a READ at offset 0 whose data starts with {@code SLOW} sleeps 2 s
     * before it returns.
     */
    static final class SlowReads extends ForwardingFilesystem {
        private final CountDownLatch slowReadStarted = new CountDownLatch(1);

        /** Creates the wrapper around a new, empty memory filesystem. */
        SlowReads() {
            super(new MemoryFilesystem());
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            int n = super.read(request, nodeId, fh, offset, buffer);
            if (offset == 0 && n >= SLOW_MARK.length && MemorySegment.ofArray(SLOW_MARK)
                    .mismatch(buffer.asSlice(0, SLOW_MARK.length)) == -1) {
                slowReadStarted.countDown();
                try {
                    Thread.sleep(SLOW);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.fusering.testing.TransportMatrix#offloaded")
    void slowReadDoesNotBlockTheQueue(Transport transport, DispatchMode dispatch) throws Exception {
        SlowReads fs = new SlowReads();
        // own threads: the common pool has a single thread on a 2-CPU machine, which the slow cat would hold
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, dispatch);
             ExecutorService threads = Executors.newCachedThreadPool()) {
            assertThat(Session.DEFAULT_QUEUE_DEPTH).as("queue depth of the test mount").isGreaterThanOrEqualTo(2);
            byte[] slowContent = "SLOW and steady\n".getBytes(StandardCharsets.US_ASCII);
            Files.write(mount.path("slow"), slowContent);
            Files.writeString(mount.path("fast"), "fast\n");
            Files.writeString(mount.path("other"), "other content\n");

            long started = System.nanoTime();
            CompletableFuture<Shell.Result> slowCat = CompletableFuture.supplyAsync(() -> Shell.run(
                    Duration.ofSeconds(20), List.of("taskset", "-c", "0", "cat", mount.path("slow").toString())),
                    threads);
            try {
                assertThat(fs.slowReadStarted.await(5, TimeUnit.SECONDS)).as("the slow read reached the filesystem")
                        .isTrue();
                Thread.sleep(200);

                long t0 = System.nanoTime();
                Shell.Result stat = Shell.run(Duration.ofSeconds(10),
                        List.of("taskset", "-c", "0", "stat", "-c", "%s", mount.path("fast").toString()));
                Duration statTook = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(stat.exitCode()).as("stat: %s", stat.stderr()).isZero();
                assertThat(stat.stdout().trim()).isEqualTo("5");
                assertThat(statTook).as("stat on CPU 0 while a read from CPU 0 sleeps").isLessThan(FAST_ENOUGH);

                long t1 = System.nanoTime();
                String other = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Files.readString(mount.path("other"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, threads).get(10, TimeUnit.SECONDS);
                Duration readTook = Duration.ofNanos(System.nanoTime() - t1);
                assertThat(other).isEqualTo("other content\n");
                assertThat(readTook).as("java.nio read while a read sleeps").isLessThan(FAST_ENOUGH);
                assertThat(slowCat).as("the slow cat is still running").isNotDone();
            } finally {
                Shell.Result cat = slowCat.get(30, TimeUnit.SECONDS);
                Duration catTook = Duration.ofNanos(System.nanoTime() - started);
                assertThat(cat.exitCode()).as("slow cat: %s", cat.stderr()).isZero();
                assertThat(cat.stdout()).isEqualTo(new String(slowContent, StandardCharsets.US_ASCII));
                assertThat(catTook).as("the slow read really was slow").isGreaterThanOrEqualTo(SLOW);
            }
            assertThat(mount.session().stats().internalErrors()).isZero();
        }
    }
}
