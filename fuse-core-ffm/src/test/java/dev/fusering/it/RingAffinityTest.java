package dev.fusering.it;

import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.testing.JvmThreads;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A ring owner that serves one queue runs on that queue's CPU; one serving several queues is not pinned. */
@Timeout(60)
class RingAffinityTest {

    @TempDir
    Path tmp;

    @Test
    void oneQueuePerWorkerIsPinnedToItsCpu() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        int cpus = CpuList.possibleCpuCount();
        Map<String, String> affinity = ringAffinity(cpus);
        for (int q = 0; q < cpus; q++) {
            assertThat(affinity).containsEntry("fuse-ring-" + q, String.valueOf(q));
        }
    }

    @Test
    void workerServingSeveralQueuesIsNotPinned() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        String all = JvmThreads.processAllowedCpus();
        assertThat(ringAffinity(1)).containsEntry("fuse-ring-0", all);
    }

    private Map<String, String> ringAffinity(int workers) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mnt" + workers));
        Session session = new Session(dir, MountOptions.defaults()).transport(Transport.IO_URING).workerCount(workers);
        try (RunningSession _ = session.start(new MemoryFilesystem())) {
            Files.writeString(dir.resolve("f"), "x");
            Map<String, String> out = new TreeMap<>();
            for (JvmThreads.Task t : JvmThreads.matching("fuse-ring-\\d+")) {
                out.put(t.comm(), t.allowedCpus());
            }
            return out;
        } finally {
            TestMounts.forceUnmount(dir);
        }
    }
}
