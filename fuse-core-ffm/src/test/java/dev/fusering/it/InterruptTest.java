package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.MountOptions;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signal to an application blocked in a read reaches the filesystem as FUSE_INTERRUPT, on both transports
 * and in both dispatch modes: the thread running the read (the slot's runner when offloaded, the ring owner or
 * {@code /dev/fuse} reader when inline) is interrupted and the request is marked, the read answers EINTR,
 * the application's read(2) fails with EINTR, no interrupt status is left on the thread, and the same
 * io_uring queue (depth 1, so a lost entry would hang it) keeps serving.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptTest {

    @TempDir
    Path tmp;

    /** A memory filesystem whose reads of one direct-I/O file block until the request is interrupted. */
    static final class BlockingReads extends ForwardingFilesystem {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicReference<String> outcome = new AtomicReference<>();
        final AtomicBoolean leakedInterrupt = new AtomicBoolean();
        volatile long blockNode = -1;

        BlockingReads() {
            super(new MemoryFilesystem());
        }

        @Override
        public void open(Request request, long nodeId, int flags, OpenReply reply) {
            super.open(request, nodeId, flags, reply);
            if (nodeId == blockNode) {
                reply.directIo(); // every read(2) reaches the filesystem as a synchronous READ
            }
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            if (nodeId != blockNode) {
                if (Thread.currentThread().isInterrupted() || request.isInterrupted()) {
                    leakedInterrupt.set(true);
                }
                return super.read(request, nodeId, fh, offset, buffer);
            }
            entered.countDown();
            try {
                // waits for the thread interrupt only, never polls the flag: proves the thread is reached
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                outcome.set("not interrupted within 30 s");
                return 0;
            } catch (InterruptedException e) {
                outcome.set("thread interrupted, request flag " + request.isInterrupted());
                throw FuseException.of(Errno.EINTR);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.fusering.testing.TransportMatrix#all")
    void signalInterruptsABlockedReadAndTheQueueKeepsServing(Transport transport, DispatchMode dispatch)
            throws Exception {
        Python.assumeAvailable();
        TestMounts.assumeCanMount(transport);
        BlockingReads fs = new BlockingReads();
        Path app = ScriptProcess.install(InterruptTest.class, "interrupt_read.py", tmp);
        try (TestMounts.Mount mount = mount(fs, transport, dispatch)) {
            Files.writeString(mount.path("block"), "never returned");
            Files.writeString(mount.path("data"), "hello");
            fs.blockNode = ((Number) Files.getAttribute(mount.path("block"), "unix:ino")).longValue();
            long interruptsBefore = mount.session().stats().interrupts();

            try (ScriptProcess reader = ScriptProcess.start(List.of(), app,
                    List.of(mount.path("block").toString(), mount.path("data").toString()))) {
                assertThat(reader.awaitLine(Duration.ofSeconds(10), "ready"::equals)).as(reader.describe())
                        .isPresent();
                assertThat(fs.entered.await(10, TimeUnit.SECONDS)).as("the read reached the filesystem").isTrue();

                long t0 = System.nanoTime();
                reader.signal("USR1");
                assertThat(reader.awaitLine(Duration.ofSeconds(5), l -> l.startsWith("read ")))
                        .as(reader.describe()).contains("read errno EINTR");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("signal to EINTR")
                        .isLessThan(Duration.ofSeconds(3));
                assertThat(fs.outcome.get()).isEqualTo("thread interrupted, request flag true");
                assertThat(mount.session().stats().interrupts()).as("FUSE_INTERRUPT received")
                        .isGreaterThan(interruptsBefore);

                assertThat(reader.awaitExit(Duration.ofSeconds(10))).as(reader.describe()).contains(0);
                assertThat(reader.lines()).as(reader.describe())
                        .containsSubsequence("data hello", "data hello", "data hello");
            }
            assertThat(fs.leakedInterrupt).as("no interrupt status left for later requests").isFalse();
            assertThat(Files.readString(mount.path("data"))).isEqualTo("hello");
            assertThat(mount.session().isRunning()).isTrue();
        }
    }

    /** Mounts with one entry per io_uring queue and two transport threads (see the class comment). */
    private TestMounts.Mount mount(BlockingReads fs, Transport transport, DispatchMode dispatch) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "mnt");
        MountOptions options = MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build();
        Session session = new Session(dir, options).transport(transport).dispatch(dispatch).queueDepth(1)
                .workerCount(2).shutdownTimeout(Duration.ofSeconds(5));
        try {
            RunningSession running = session.start(fs);
            if (running.transport() != transport) {
                running.close();
                throw new AssertionError("asked for " + transport + " but the session uses " + running.transport());
            }
            return new TestMounts.Mount(dir, running);
        } catch (FuseMountException e) {
            throw new AssertionError("mount failed: " + e.getMessage(), e);
        }
    }
}
