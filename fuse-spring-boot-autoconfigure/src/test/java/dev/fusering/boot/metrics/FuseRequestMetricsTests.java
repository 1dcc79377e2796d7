package dev.fusering.boot.metrics;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseOperation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The request observer that feeds {@code fuse.requests} and {@code fuse.errors}. */
class FuseRequestMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FuseRequestMetrics metrics = new FuseRequestMetrics(registry, "m");

    @Test
    void allMetersArePreCreated() {
        int operations = FuseOperation.values().length;
        assertThat(registry.find(FuseMetrics.REQUESTS).timers()).hasSize(operations * 2);
        assertThat(registry.find(FuseMetrics.ERRORS).counters()).hasSize(ErrnoTags.COUNT);
        assertThat(metrics.meters()).hasSize(operations * 2 + ErrnoTags.COUNT);
        assertThat(registry.get(FuseMetrics.REQUESTS)
                .tags("mount", "m", "operation", "copy_file_range", "outcome", "error").timer().count()).isZero();
    }

    @Test
    void recordsByOperationOutcomeAndErrno() {
        metrics.requestCompleted(FuseOperation.READ, 1_000, 0, 4096);
        metrics.requestCompleted(FuseOperation.LOOKUP, 2_000, Errno.ENOENT.code(), 0);
        metrics.requestCompleted(FuseOperation.LOOKUP, 2_000, Errno.ENOENT.code(), 0);
        metrics.requestCompleted(FuseOperation.WRITE, 2_000, Errno.EDQUOT.code(), 0);
        assertThat(registry.get(FuseMetrics.REQUESTS).tags("operation", "read", "outcome", "success").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(FuseMetrics.REQUESTS).tags("operation", "lookup", "outcome", "error").timer().count())
                .isEqualTo(2);
        assertThat(registry.get(FuseMetrics.ERRORS).tags("errno", "enoent").counter().count()).isEqualTo(2);
        assertThat(registry.get(FuseMetrics.ERRORS).tags("errno", "other").counter().count()).isEqualTo(1);
    }

    @Test
    void errnoTagsAreBounded() {
        assertThat(ErrnoTags.tag(ErrnoTags.slot(Errno.ENOENT.code()))).isEqualTo("enoent");
        assertThat(ErrnoTags.tag(ErrnoTags.slot(Errno.EOPNOTSUPP.code()))).isEqualTo("eopnotsupp");
        assertThat(ErrnoTags.slot(0)).isEqualTo(ErrnoTags.OTHER);
        assertThat(ErrnoTags.slot(-5)).isEqualTo(ErrnoTags.OTHER);
        assertThat(ErrnoTags.slot(100_000)).isEqualTo(ErrnoTags.OTHER);
        assertThat(ErrnoTags.tag(ErrnoTags.OTHER)).isEqualTo("other");
    }

    @Test
    void recordingDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FuseOperation[] ops = FuseOperation.values();
        for (int i = 0; i < 200_000; i++) {
            metrics.requestCompleted(ops[i % ops.length], i, i % 3 == 0 ? Errno.ENOENT.code() : 0, 0);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            metrics.requestCompleted(ops[i % ops.length], i, i % 3 == 0 ? Errno.ENOENT.code() : 0, 0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 100,000 recordings").isLessThan(64 * 1024);
    }
}
