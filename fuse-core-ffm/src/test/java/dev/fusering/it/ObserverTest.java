package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.FuseOperation;
import dev.fusering.api.MountOptions;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request observer sees every operation with its outcome and bytes; queue stats describe the slots. */
@Timeout(60)
class ObserverTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void observerSeesOperationsOutcomesAndBytes(Transport transport) throws Exception {
        TestMounts.assumeCanMount(transport);
        AtomicLongArray calls = new AtomicLongArray(FuseOperation.values().length);
        AtomicLong enoent = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong read = new AtomicLong();
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        Session session = new Session(dir, MountOptions.builder().entryTimeout(Duration.ZERO)
                .attrTimeout(Duration.ZERO).build())
                .transport(transport)
                .queueDepth(4)
                .observer((op, nanos, errno, bytes) -> {
                    calls.incrementAndGet(op.ordinal());
                    if (errno == 2) {
                        enoent.incrementAndGet();
                    }
                    if (op == FuseOperation.WRITE) {
                        written.addAndGet(bytes);
                    } else if (op == FuseOperation.READ) {
                        read.addAndGet(bytes);
                    }
                    assertThat(nanos).isNotNegative();
                });
        try (RunningSession running = session.start(new MemoryFilesystem())) {
            Path f = dir.resolve("f");
            Files.write(f, new byte[10_000]);
            assertThat(Files.readAllBytes(f)).hasSize(10_000);
            assertThatThrownBy(() -> Files.size(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);

            assertThat(calls.get(FuseOperation.LOOKUP.ordinal())).isPositive();
            assertThat(calls.get(FuseOperation.WRITE.ordinal())).isPositive();
            assertThat(written.get()).isEqualTo(10_000);
            assertThat(read.get()).isEqualTo(10_000);
            assertThat(enoent.get()).isPositive();

            List<QueueStats> queues = running.queueStats();
            int possible = CpuList.possibleCpuCount();
            if (transport == Transport.IO_URING) {
                assertThat(queues).hasSize(possible + 1);
                for (int q = 0; q < possible; q++) {
                    assertThat(queues.get(q).queue()).isEqualTo(q);
                    assertThat(queues.get(q).entries()).isEqualTo(4);
                }
            } else {
                assertThat(queues).hasSize(1);
            }
            QueueStats dev = queues.get(queues.size() - 1);
            assertThat(dev.queue()).isEqualTo(QueueStats.DEV_FUSE);
            assertThat(dev.entries()).isPositive();
        } finally {
            TestMounts.forceUnmount(dir);
        }
    }
}
