package dev.fusering.boot.health;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Request;
import dev.fusering.api.StatfsReply;
import dev.fusering.api.Transport;
import dev.fusering.boot.FuseMountLifecycle;
import dev.fusering.boot.FuseMountListener;
import dev.fusering.boot.FuseMountSettings;
import dev.fusering.boot.FuseTestSupport;
import dev.fusering.fs.MemoryFilesystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FuseMountHealthIndicator} on real mounts: up, unmounted from outside, stopped, hung. */
class FuseMountHealthIndicatorTests {

    @TempDir
    Path dir;

    private FuseMountLifecycle lifecycle;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void canMount() {
        FuseTestSupport.assumeCanMount();
    }

    @AfterEach
    void unmount() {
        release.countDown();
        if (lifecycle != null) {
            lifecycle.destroy();
        }
        FuseTestSupport.forceUnmount(dir);
    }

    private FuseMountLifecycle start(MemoryFilesystem fs) {
        FuseMountSettings settings = new FuseMountSettings("memory", "memoryFs", "fuse.mounts.memory", dir, false,
                Transport.AUTO, 4, 1, DispatchMode.OFFLOADED, true, MountOptions.defaults());
        lifecycle = new FuseMountLifecycle(settings, fs,
                new StaticListableBeanFactory().getBeanProvider(FuseMountListener.class), Duration.ofSeconds(1), true);
        lifecycle.start();
        return lifecycle;
    }

    @Test
    void upWhileMountedThenDownOnceStopped() {
        FuseMountHealthIndicator indicator = new FuseMountHealthIndicator(start(new MemoryFilesystem()));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mountPoint", dir.toString())
                .containsEntry("workers", 1).containsEntry("inFlight", 0L)
                .containsKeys("transport", "queues", "busyEntries");

        lifecycle.stop();
        Health stopped = indicator.health();
        assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
        assertThat(stopped.getDetails()).containsEntry("reason", "stopped");
    }

    @Test
    void downWhenUnmountedFromOutside() throws Exception {
        FuseMountHealthIndicator indicator = new FuseMountHealthIndicator(start(new MemoryFilesystem()));
        FuseTestSupport.forceUnmount(dir);
        assertThat(lifecycle.session().awaitTermination(Duration.ofSeconds(10))).isTrue();
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "unmounted from outside the application");
    }

    @Test
    void downWithoutHangingWhenTheFilesystemDoesNotAnswer() {
        CountDownLatch entered = new CountDownLatch(1);
        MemoryFilesystem hanging = new MemoryFilesystem() {
            @Override
            public void statfs(Request request, long nodeId, StatfsReply reply) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.statfs(request, nodeId, reply);
            }
        };
        FuseMountHealthIndicator indicator = new FuseMountHealthIndicator(start(hanging), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        Health first = indicator.health();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(first.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) first.getDetails().get("reason")).contains("did not answer within 300 ms");
        Health second = indicator.health();
        assertThat(second.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) second.getDetails().get("reason")).contains("has not answered for");

        release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Health recovered = indicator.health();
        while (recovered.getStatus() != Status.UP && System.nanoTime() < deadline) {
            recovered = indicator.health();
        }
        assertThat(recovered.getStatus()).isEqualTo(Status.UP);
        assertThat(entered.getCount()).isZero();
    }
}
