package dev.fusering.faults;

import dev.fusering.api.MountOptions;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More requests than ring entries: io_uring queues of depth 1 and 2, and 16 client processes (8 pinned to
 * each CPU) that each stat, write and read back (O_DIRECT) 300 times through slowed-down READ/WRITE
 * methods, so that every entry is held and the kernel queues requests behind it. No deadlock: every
 * client finishes without an error, and the session reports no internal error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingExhaustionTest {

    private static final int CLIENTS = 16;
    private static final int OPS = 300;

    @TempDir
    Path tmp;

    /**
     * 16 clients on queues of {@code depth} entries: all finish, no error.
     *
     * @param depth entries per io_uring queue
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest(name = "queue depth {0}")
    @ValueSource(ints = {1, 2})
    void sixteenClientsOnTinyQueues(int depth) throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        Python.assumeAvailable();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        RunningSession running = new Session(dir, MountOptions.builder().entryTimeout(Duration.ZERO)
                .attrTimeout(Duration.ZERO).build()).transport(Transport.IO_URING).queueDepth(depth)
                .shutdownTimeout(Duration.ofSeconds(5)).start(fs);
        try (TestMounts.Mount mount = new TestMounts.Mount(dir, running);
             BlockClients clients = startSlowed(fs, mount)) {
            List<BlockClients.Summary> summaries = clients.await(Duration.ofSeconds(90));
            for (BlockClients.Summary s : summaries) {
                assertThat(s.errors()).as(s.toString()).isZero();
                assertThat(s.ops()).isEqualTo(OPS);
            }
            for (QueueStats q : running.queueStats()) {
                if (q.queue() != QueueStats.DEV_FUSE) {
                    assertThat(q.entries()).as("entries of queue " + q.queue()).isEqualTo(depth);
                }
            }
            assertThat(running.stats().ringRequests()).as("served through the ring").isGreaterThan(CLIENTS * OPS);
            assertThat(running.stats().internalErrors()).isZero();
            assertThat(running.isRunning()).isTrue();
        } finally {
            fs.releaseAll();
        }
    }

    private static BlockClients startSlowed(FaultyFilesystem fs, TestMounts.Mount mount) throws Exception {
        // files first (so that they can be armed), then the clients, which start at once
        for (int i = 0; i < CLIENTS; i++) {
            Files.write(mount.path("client-" + i), new byte[64 * 1024]);
            fs.armNode((Long) Files.getAttribute(mount.path("client-" + i), "unix:ino"), Fault.SLOW);
        }
        return BlockClients.start(mount.dir().getParent(), mount.dir(), CLIENTS, 80.0, OPS, false, true);
    }
}
