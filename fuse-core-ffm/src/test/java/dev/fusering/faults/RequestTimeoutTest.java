package dev.fusering.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.abi.InitFlags;
import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;
import dev.fusering.testing.TestMounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MountOptions#requestTimeout()} (FUSE_REQUEST_TIMEOUT, protocol 7.43): with a timeout the kernel
 * aborts the connection when a request stays unanswered, so an application blocked on a hanging LOOKUP
 * gets an error instead of hanging for ever, and the session notices the abort and removes the mount.
 * Without one nothing is negotiated.
 *
 * <p>Kernel timing (fs/fuse): expired requests are looked for every {@code FUSE_TIMEOUT_TIMER_FREQ}
 * (15 s) from INIT on, so a request is failed between the timeout and the timeout plus 15 s after it was
 * sent (some kernels also raise a timeout below 15 s to 15 s, which makes it up to 30 s). Measured on
 * 6.18 with a 1 s timeout: the abort comes at the first check, 15 s after mounting. Both transports are
 * tested at the same time.
 */
@Timeout(value = 80, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestTimeoutTest {

    @TempDir
    Path tmp;

    private static MountOptions withTimeout(Duration timeout) {
        return MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO)
                .requestTimeout(timeout).build();
    }

    @Test
    void zeroNegotiatesNothing() {
        try (TestMounts.Mount m = TestMounts.mount(tmp, new MemoryFilesystem(), Transport.IO_URING,
                DispatchMode.OFFLOADED, withTimeout(Duration.ZERO))) {
            assertThat(m.session().connection().kernelFlags() & InitFlags.REQUEST_TIMEOUT).as("offered").isNotZero();
            assertThat(m.session().connection().flags() & InitFlags.REQUEST_TIMEOUT).isZero();
        }
    }

    @Test
    void anUnansweredRequestAbortsTheConnection() throws Exception {
        Python.assumeAvailable();
        Path app = ScriptProcess.install(ExternalTeardownTest.class, "stat_app.py", tmp);
        FaultyFilesystem uringFs = new FaultyFilesystem(new MemoryFilesystem());
        FaultyFilesystem classicFs = new FaultyFilesystem(new MemoryFilesystem());
        uringFs.armLookup("stuck", Fault.HANG);
        classicFs.armLookup("stuck", Fault.HANG);
        TestMounts.Mount uring = TestMounts.mount(tmp, uringFs, Transport.IO_URING, DispatchMode.OFFLOADED,
                withTimeout(Duration.ofSeconds(1)));
        TestMounts.Mount classic = null;
        ScriptProcess stuckUring = null;
        ScriptProcess stuckClassic = null;
        try {
            classic = TestMounts.mount(tmp, classicFs, Transport.CLASSIC, DispatchMode.OFFLOADED,
                    withTimeout(Duration.ofSeconds(1)));
            for (TestMounts.Mount m : List.of(uring, classic)) {
                assertThat(m.session().connection().flags() & InitFlags.REQUEST_TIMEOUT).as("negotiated").isNotZero();
            }
            long t0 = System.nanoTime();
            stuckUring = ScriptProcess.start(List.of(), app, List.of(uring.path("stuck").toString()));
            stuckClassic = ScriptProcess.start(List.of(), app, List.of(classic.path("stuck").toString()));
            assertThat(TestMounts.await(Duration.ofSeconds(10),
                    () -> uringFs.hanging() == 1 && classicFs.hanging() == 1)).as("both lookups hang").isTrue();

            for (ScriptProcess stuck : List.of(stuckUring, stuckClassic)) {
                assertThat(stuck.awaitExit(Duration.ofSeconds(45))).as("released by the kernel: " + stuck.describe())
                        .contains(0);
                assertThat(stuck.lines()).as(stuck.describe()).anyMatch(l -> l.equals("errno ECONNABORTED")
                        || l.equals("errno ENOTCONN"));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("aborted by the timeout, not by the test").isLessThan(Duration.ofSeconds(45));
            for (TestMounts.Mount m : List.of(uring, classic)) {
                assertThat(m.session().awaitTermination(Duration.ofSeconds(10))).as("the session ends").isTrue();
                assertThat(TestMounts.await(Duration.ofSeconds(5), () -> !TestMounts.isMounted(m.dir())))
                        .as("the engine removes the aborted mount (abort after %s)", took).isTrue();
            }
        } finally {
            uringFs.releaseAll();
            classicFs.releaseAll();
            for (ScriptProcess p : new ScriptProcess[] {stuckUring, stuckClassic}) {
                if (p != null) {
                    p.close();
                }
            }
            uring.close();
            if (classic != null) {
                classic.close();
            }
        }
    }
}
