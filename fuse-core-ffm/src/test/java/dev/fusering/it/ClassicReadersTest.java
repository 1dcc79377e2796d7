package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.testing.HeldLookups;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offloaded dispatch on the classic transport is libfuse's multi-threaded loop: the {@code /dev/fuse} reader
 * that read a request runs it (no hand-off to another thread), and when filesystem code holds every reader,
 * one more starts, so requests that block never stop the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassicReadersTest {

    private static final int BLOCKED = 6;

    @TempDir
    Path tmp;

    @Test
    void theReaderThatReadARequestRunsIt() throws Exception {
        TestMounts.assumeCanMount(Transport.CLASSIC);
        HeldLookups fs = new HeldLookups("block");
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.CLASSIC, DispatchMode.OFFLOADED)) {
            assertThat(Files.exists(m.path("plain"))).isFalse();
            Thread t = fs.lastLookupThread.get();
            assertThat(t).isNotNull();
            assertThat(t.isVirtual()).as("%s is virtual", t).isFalse();
            assertThat(t.getName()).matches("fuse-dev-\\d+");
        }
    }

    @Test
    void requestsHeldByFilesystemCodeDoNotStopTheOthers() throws Exception {
        TestMounts.assumeCanMount(Transport.CLASSIC);
        HeldLookups fs = new HeldLookups("block");
        List<Thread> apps = new ArrayList<>();
        try (TestMounts.Mount m = TestMounts.mount(tmp, fs, Transport.CLASSIC, DispatchMode.OFFLOADED)) {
            int readersAtStart = m.session().workers();
            assertThat(readersAtStart).isLessThan(BLOCKED);
            // in another directory: the held lookups hold theirs (shared), which a create there would need
            Path other = Files.writeString(Files.createDirectory(m.path("sub")).resolve("other"), "served");
            try {
                for (int i = 0; i < BLOCKED; i++) {
                    Path p = m.path("block" + i);
                    Thread t = Thread.ofPlatform().name("app-" + i).start(() -> Files.exists(p));
                    apps.add(t);
                }
                assertThat(TestMounts.await(Duration.ofSeconds(10), () -> fs.held.get() == BLOCKED))
                        .as("all %d lookups reach the filesystem at once (%d held)", BLOCKED, fs.held.get())
                        .isTrue();
                assertThat(Files.readString(other)).as("read while %d lookups are held", BLOCKED).isEqualTo("served");
                Files.writeString(other, "written while held");
                assertThat(Files.readString(other)).isEqualTo("written while held");
                assertThat(m.session().workers()).as("readers").isGreaterThan(BLOCKED);
            } finally {
                fs.release.countDown();
                for (Thread t : apps) {
                    t.join(Duration.ofSeconds(10));
                }
            }
            assertThat(apps).allMatch(t -> !t.isAlive());
            assertThat(m.session().stats().internalErrors()).isZero();
        }
    }
}
