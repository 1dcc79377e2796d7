package dev.fusering.boot.metrics;

import dev.fusering.api.FuseOperation;
import dev.fusering.api.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records every request of one mount: the {@code fuse.requests} timer per operation and outcome, and the
 * {@code fuse.errors} counter per errno. All meters are created up front; recording a request is two array
 * reads and the meters' own lock-free updates, with no tag lookup and no allocation.
 */
final class FuseRequestMetrics implements RequestObserver {

    private static final FuseOperation[] OPERATIONS = FuseOperation.values();

    private final Timer[] timers = new Timer[OPERATIONS.length * 2];
    private final Counter[] errors = new Counter[ErrnoTags.COUNT];

    /**
     * Creates and registers the meters of a mount.
     *
     * @param registry the registry
     * @param mount    the mount name, the {@code mount} tag
     */
    FuseRequestMetrics(MeterRegistry registry, String mount) {
        for (FuseOperation op : OPERATIONS) {
            timers[op.ordinal() * 2] = timer(registry, mount, op, "success");
            timers[op.ordinal() * 2 + 1] = timer(registry, mount, op, "error");
        }
        for (int slot = 0; slot < ErrnoTags.COUNT; slot++) {
            errors[slot] = Counter.builder(FuseMetrics.ERRORS)
                    .description("FUSE requests answered with an error, by errno")
                    .tags("mount", mount, "errno", ErrnoTags.tag(slot))
                    .register(registry);
        }
    }

    private static Timer timer(MeterRegistry registry, String mount, FuseOperation op, String outcome) {
        return Timer.builder(FuseMetrics.REQUESTS)
                .description("FUSE requests handled, by operation and outcome")
                .tags("mount", mount, "operation", op.metricName(), "outcome", outcome)
                .register(registry);
    }

    /**
     * Returns every meter created here.
     *
     * @return the meters
     */
    List<Meter> meters() {
        List<Meter> meters = new ArrayList<>(List.of(timers));
        meters.addAll(List.of(errors));
        return meters;
    }

    @Override
    public void requestCompleted(FuseOperation operation, long durationNanos, int errno, long bytes) {
        int index = operation.ordinal() * 2;
        if (errno == 0) {
            timers[index].record(durationNanos, TimeUnit.NANOSECONDS);
        } else {
            timers[index + 1].record(durationNanos, TimeUnit.NANOSECONDS);
            errors[ErrnoTags.slot(errno)].increment();
        }
    }
}
