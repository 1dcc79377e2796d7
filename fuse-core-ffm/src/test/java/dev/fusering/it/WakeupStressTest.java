package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.mount.FuseConnection;
import dev.fusering.internal.mount.MountTable;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Many requests completing while the ring owner blocks: offloaded replies must always wake their owner.
 * A lost wake-up leaves an application stuck in the kernel (D state) — so the I/O runs in child processes
 * with a deadline, and a stuck connection is aborted through fusectl before the test fails, so that a
 * regression fails the build instead of hanging it.
 */
@Timeout(120)
class WakeupStressTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void directIoFromBothCpusNeverStalls(Transport transport) throws Exception {
        try (TestMounts.Mount m = TestMounts.mount(tmp, new MemoryFilesystem(), transport, DispatchMode.OFFLOADED)) {
            long connection = MountTable.read().find(m.dir()).orElseThrow().minor();
            List<Process> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String file = m.path("f" + i).toString();
                String script = "for r in 1 2 3; do dd if=/dev/zero of=" + file + " bs=128k count=1024 oflag=direct"
                        + " status=none && dd if=" + file + " of=/dev/null bs=128k iflag=direct status=none || exit 1;"
                        + " done";
                clients.add(new ProcessBuilder("taskset", "-c", String.valueOf(i % 2), "sh", "-c", script)
                        .inheritIO().start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean stuck = false;
            for (Process p : clients) {
                long left = deadline - System.nanoTime();
                if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    stuck = true;
                }
            }
            if (stuck) {
                int waiting = FuseConnection.waiting(connection);
                FuseConnection.abort(connection);
                for (Process p : clients) {
                    p.waitFor(10, TimeUnit.SECONDS);
                    p.destroyForcibly();
                }
                fail("I/O through " + transport + " stalled with " + waiting + " request(s) waiting in the kernel");
            }
            for (Process p : clients) {
                assertThat(p.exitValue()).as("client exit status").isZero();
            }
            assertThat(m.session().stats().internalErrors()).isZero();
        }
    }
}
