package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.JvmThreads;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ring owner that serves one queue is pinned to that queue's CPU, and so are the runners it starts. A thread
 * that filesystem code starts on one of them inherits that pinning from Linux; it must get every CPU back (here:
 * the CPUs this JVM's main thread may use), while the owners and runners stay pinned.
 */
@Timeout(60)
class InheritedAffinityTest {

    private static final int SPAWNS = 4;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DispatchMode.class, names = {"INLINE", "OFFLOADED"})
    void threadsStartedByFilesystemCodeMayRunOnEveryCpu(DispatchMode dispatch) throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        String all = JvmThreads.processAllowedCpus();
        Spawning fs = new Spawning();
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.IO_URING, dispatch)) {
            for (int i = 0; i < SPAWNS; i++) {
                assertThat(Files.exists(m.path("spawn" + i))).isFalse();
            }
            assertThat(fs.tids).as("threads started by lookups").hasSize(SPAWNS);
            for (Map.Entry<String, Integer> spawned : fs.tids.entrySet()) {
                int tid = spawned.getValue();
                boolean repaired = TestMounts.await(Duration.ofSeconds(5),
                        () -> all.equals(JvmThreads.allowedCpus(tid)));
                assertThat(repaired).as("CPUs of the thread started by the lookup of %s (JVM: %s): %s",
                        spawned.getKey(), all, JvmThreads.allowedCpus(tid)).isTrue();
            }
            Map<String, String> ring = ringThreadCpus();
            if (CpuList.possibleCpuCount() > 1) {
                assertThat(ring).as("ring threads").isNotEmpty();
                assertThat(ring.values()).as("ring threads stay pinned: %s", ring).allMatch(l -> l.matches("\\d+"));
            }
        } finally {
            fs.release.countDown();
        }
    }

    /**
     * The repair's own thread is started by the first ring owner before it pins itself: it may run on every CPU
     * and under the normal policy. (Started lazily by the first sweep request, as before, it was created by an
     * owner, so pinned to the owner's CPU for good and, in idle mode, {@code SCHED_IDLE} until the guard
     * switched it back and logged it as a thread that filesystem code had started.)
     */
    @Test
    void theRepairThreadIsNeitherPinnedNorIdle() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        String all = JvmThreads.processAllowedCpus();
        Spawning fs = new Spawning();
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.IO_URING, DispatchMode.INLINE)) {
            for (int i = 0; i < 50; i++) { // owners are in idle mode from the wait after their first request
                assertThat(Files.exists(m.path("missing" + i))).isFalse();
            }
            assertThat(Files.exists(m.path("spawn-late"))).isFalse();
            List<JvmThreads.Task> repair = JvmThreads.named("fuse-affinity-repair");
            assertThat(repair).as("the repair thread").hasSize(1);
            assertThat(repair.getFirst().allowedCpus()).as("CPUs of the repair thread").isEqualTo(all);
            assertThat(LibC.schedGetscheduler(repair.getFirst().tid())).as("policy of the repair thread")
                    .isEqualTo(LinuxConstants.SCHED_OTHER);
        } finally {
            fs.release.countDown();
        }
    }

    /** @return thread name/id → Cpus_allowed_list of this JVM's ring owners and runners */
    private static Map<String, String> ringThreadCpus() {
        Map<String, String> out = new TreeMap<>();
        for (JvmThreads.Task t : JvmThreads.matching("fuse-ring-\\d+|fuse-q\\d+-e\\d+")) {
            out.put(t.comm() + "/" + t.tid(), t.allowedCpus());
        }
        return out;
    }

    /** Lookups of names starting with "spawn" start a thread (kept alive until the test ends), then fail. */
    private static final class Spawning extends ForwardingFilesystem {

        final Map<String, Integer> tids = new ConcurrentHashMap<>();
        final CountDownLatch release = new CountDownLatch(1);

        Spawning() {
            super(new MemoryFilesystem());
        }

        @Override
        public void lookup(Request request, long parent, FileName name, EntryReply reply) {
            String n = name.toString();
            if (n.startsWith("spawn")) {
                CountDownLatch started = new CountDownLatch(1);
                Thread.ofPlatform().daemon(true).name("spawned-" + n).start(() -> {
                    try {
                        String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
                        tids.put(n, Integer.parseInt(self.substring(self.lastIndexOf('/') + 1)));
                        started.countDown();
                        release.await(60, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException e) {
                        started.countDown();
                    }
                });
                try {
                    started.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.lookup(request, parent, name, reply);
        }
    }
}
