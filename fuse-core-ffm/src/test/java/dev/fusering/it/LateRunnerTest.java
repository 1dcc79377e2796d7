package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.testing.HeldLookups;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that filesystem code finishes only after its session has ended: the runner that held it must drop
 * the reply and end, not keep serving what the dead entry returns. The first version of the takeover kept going
 * and ran the old request again in a loop, burning a CPU for the rest of the JVM's life: the held request was
 * the entry's first offloaded one, so the runner created its ring only then, registering the descriptor number
 * that the session had meanwhile pointed at {@code /dev/null}, where every {@code URING_CMD} completes with 0
 * ({@code RunnerRingTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LateRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void aRunnerThatCommitsAfterItsSessionEndedStopsQuietly() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        HeldLookups fs = new HeldLookups("held");
        Thread app;
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.IO_URING, DispatchMode.OFFLOADED)) {
            // a few plain requests first, so that the entry is served by its runner when the held one arrives
            for (int i = 0; i < 20; i++) {
                Files.exists(m.path("plain" + i));
            }
            Path held = m.path("held");
            app = Thread.ofPlatform().name("app").start(() -> Files.exists(held));
            assertThat(fs.entered.await(10, TimeUnit.SECONDS)).as("the lookup is held").isTrue();
        } finally {
            fs.release.countDown();
        }
        app.join(Duration.ofSeconds(10));
        Thread runner = fs.lastLookupThread.get();
        assertThat(runner.getName()).startsWith("fuse-q");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread.sleep(200);
        long before = mx.getThreadCpuTime(runner.threadId());
        Thread.sleep(1000);
        long used = mx.getThreadCpuTime(runner.threadId()) - before;
        assertThat(used).as("CPU time of %s (%s) over one second after its session ended, in ns", runner,
                runner.getState()).isLessThan(100_000_000L);
        runner.join(Duration.ofSeconds(5));
        assertThat(runner.isAlive()).as("%s ends once its reply is dropped", runner).isFalse();
    }
}
