package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.testing.JvmThreads;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With offloaded dispatch on io_uring, an entry's runner thread takes the entry over after its first request:
 * it commits through a ring of its own, so the kernel delivers the entry's later requests to the runner
 * directly and the ring owner does not wake up for them. Seen from outside: the owners' voluntary context
 * switches (one per wake-up of a sleeping thread) stay far below the number of requests served. When replies
 * go back through the owner instead, every request wakes it at least once.
 */
@Timeout(120)
class RunnerTakeoverTest {

    private static final int STATS = 2_000;

    @TempDir
    Path tmp;

    @Test
    void ringOwnersStayAsleepWhileRunnersServeTheirEntries() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        Set<JvmThreads.Task> before = ringOwners();
        try (TestMounts.Mount m = TestMounts.mount(tmp, new BenchFilesystem(), Transport.IO_URING,
                DispatchMode.OFFLOADED)) {
            Set<JvmThreads.Task> owners = ringOwners();
            owners.removeAll(before);
            assertThat(owners).as("this mount's ring owners").hasSize(CpuList.possibleCpuCount());

            // benchfs answers with timeouts 0: every stat is LOOKUP(d) + LOOKUP(f00001) + GETATTR
            Path file = m.path("d/f00001");
            for (int i = 0; i < 50; i++) {
                Files.readAttributes(file, BasicFileAttributes.class);
            }
            long switchesBefore = voluntarySwitches(owners);
            long requestsBefore = m.session().stats().ringRequests();
            for (int i = 0; i < STATS; i++) {
                assertThat(Files.readAttributes(file, BasicFileAttributes.class).size()).isZero();
            }
            long switches = voluntarySwitches(owners) - switchesBefore;
            SessionStats stats = m.session().stats();
            long served = stats.ringRequests() - requestsBefore;

            assertThat(served).as("requests served through the rings: %s", stats).isGreaterThanOrEqualTo(2L * STATS);
            assertThat(switches).as("wake-ups of the ring owners for %d requests", served).isLessThan(served / 20);
            assertThat(stats.internalErrors()).as("%s", stats).isZero();
        }
    }

    /** @return every ring owner (thread named fuse-ring-N) of this JVM */
    private static Set<JvmThreads.Task> ringOwners() {
        return new HashSet<>(JvmThreads.matching("fuse-ring-\\d+"));
    }

    /** @return the sum of the voluntary context switches of the given threads of this JVM */
    private static long voluntarySwitches(Set<JvmThreads.Task> threads) {
        long sum = 0;
        for (JvmThreads.Task t : threads) {
            long switches = t.voluntarySwitches();
            assertThat(switches).as("%s still runs", t).isNotNegative();
            sum += switches;
        }
        return sum;
    }
}
