package dev.fusering.boot.metrics;

import dev.fusering.api.FuseOperation;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RequestObserver;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.boot.FuseMountListener;
import dev.fusering.boot.FuseMountSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer metrics of every mount, all tagged with {@code mount}:
 *
 * <ul>
 *   <li>{@value #REQUESTS} (timer): requests by {@code operation} (e.g. {@code lookup}, {@code read}) and
 *       {@code outcome} ({@code success} or {@code error});</li>
 *   <li>{@value #ERRORS} (counter): error replies by {@code errno} ({@code enoent}, {@code eio}, ... or
 *       {@code other});</li>
 *   <li>{@value #INFLIGHT} (gauge): requests being handled, by {@code queue} (the CPU number, or
 *       {@code dev-fuse} for the /dev/fuse buffers);</li>
 *   <li>{@value #RING_ENTRIES} (gauge): io_uring entries by {@code queue} and {@code state}
 *       ({@code armed}: waiting for a request in the kernel, {@code busy}: holding one);</li>
 *   <li>{@value #BYTES_READ}, {@value #BYTES_WRITTEN} (counters, bytes) and {@value #INTERRUPTS}
 *       (counter).</li>
 * </ul>
 *
 * <p>The request meters are created before the mount and fed by a {@link RequestObserver} installed in the
 * session; the others read the session's counters when they are published, which costs the request path
 * nothing. All of a mount's meters are removed when it is unmounted.
 */
public class FuseMetrics implements FuseMountListener {

    /** Timer of handled requests. */
    public static final String REQUESTS = "fuse.requests";
    /** Counter of error replies by errno. */
    public static final String ERRORS = "fuse.errors";
    /** Gauge of requests being handled, per queue. */
    public static final String INFLIGHT = "fuse.requests.inflight";
    /** Gauge of io_uring entries per queue and state. */
    public static final String RING_ENTRIES = "fuse.ring.entries";
    /** Counter of bytes returned by READ. */
    public static final String BYTES_READ = "fuse.bytes.read";
    /** Counter of bytes accepted by WRITE. */
    public static final String BYTES_WRITTEN = "fuse.bytes.written";
    /** Counter of INTERRUPT requests. */
    public static final String INTERRUPTS = "fuse.interrupts";
    /** Counter: ring owners found starved under SCHED_IDLE and switched back to the normal policy. */
    public static final String OWNER_STARVATIONS = "fuse.ring.owner.starvations";

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> metersByMount = new ConcurrentHashMap<>();

    /**
     * Creates the metrics support.
     *
     * @param registry where the meters are registered
     */
    public FuseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates the request meters of the mount and installs the observer that feeds them (alongside an
     * observer that is already installed, if any).
     *
     * @param mount   the mount's settings
     * @param session the session, not started yet
     */
    @Override
    public void beforeMount(FuseMountSettings mount, Session session) {
        FuseRequestMetrics metrics = new FuseRequestMetrics(registry, mount.name());
        track(mount.name(), metrics.meters());
        RequestObserver existing = session.observer();
        session.observer(existing == null ? metrics : new BothObservers(existing, metrics));
    }

    /**
     * Registers the gauges and counters that read the running session.
     *
     * @param mount   the mount's settings
     * @param session the running session
     */
    @Override
    public void mounted(FuseMountSettings mount, RunningSession session) {
        String name = mount.name();
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(BYTES_READ, "Bytes returned by FUSE READ requests", name, session,
                s -> s.stats().bytesRead(), "bytes"));
        meters.add(counter(BYTES_WRITTEN, "Bytes accepted by FUSE WRITE requests", name, session,
                s -> s.stats().bytesWritten(), "bytes"));
        meters.add(counter(INTERRUPTS, "FUSE INTERRUPT requests received", name, session,
                s -> s.stats().interrupts(), null));
        meters.add(counter(OWNER_STARVATIONS, "Ring owners found starved under SCHED_IDLE and switched back to the "
                + "normal scheduling policy", name, session, s -> s.stats().ownerStarvations(), null));
        for (QueueStats q : session.queueStats()) {
            int queue = q.queue();
            String tag = queue == QueueStats.DEV_FUSE ? "dev-fuse" : Integer.toString(queue);
            meters.add(Gauge.builder(INFLIGHT, session, s -> busy(s, queue))
                    .description("FUSE requests being handled, per transport queue")
                    .tags("mount", name, "queue", tag)
                    .strongReference(true)
                    .register(registry));
            if (queue != QueueStats.DEV_FUSE) {
                meters.add(Gauge.builder(RING_ENTRIES, session, s -> busy(s, queue))
                        .description("io_uring entries per queue, by state")
                        .tags("mount", name, "queue", tag, "state", "busy")
                        .strongReference(true)
                        .register(registry));
                meters.add(Gauge.builder(RING_ENTRIES, session, s -> armed(s, queue))
                        .description("io_uring entries per queue, by state")
                        .tags("mount", name, "queue", tag, "state", "armed")
                        .strongReference(true)
                        .register(registry));
            }
        }
        track(name, meters);
    }

    /**
     * Removes every meter of the mount.
     *
     * @param mount the mount's settings
     */
    @Override
    public void unmounted(FuseMountSettings mount) {
        List<Meter> meters = metersByMount.remove(mount.name());
        if (meters != null) {
            for (Meter meter : meters) {
                registry.remove(meter);
            }
        }
    }

    private void track(String mount, List<Meter> meters) {
        metersByMount.computeIfAbsent(mount, k -> new ArrayList<>()).addAll(meters);
    }

    private Meter counter(String name, String description, String mount, RunningSession session,
                          ToDoubleFunction<RunningSession> value, String unit) {
        return FunctionCounter.builder(name, session, value)
                .description(description)
                .baseUnit(unit)
                .tags("mount", mount)
                .register(registry); // weakly referenced: the mount's lifecycle holds the session
    }

    private static double busy(RunningSession session, int queue) {
        QueueStats q = find(session, queue);
        return q == null ? Double.NaN : q.busy();
    }

    private static double armed(RunningSession session, int queue) {
        QueueStats q = find(session, queue);
        return q == null ? Double.NaN : q.idle();
    }

    private static QueueStats find(RunningSession session, int queue) {
        if (!session.isRunning()) {
            return null;
        }
        for (QueueStats q : session.queueStats()) {
            if (q.queue() == queue) {
                return q;
            }
        }
        return null;
    }

    /**
     * Calls two observers.
     *
     * @param first  called first
     * @param second called second
     */
    private record BothObservers(RequestObserver first, RequestObserver second) implements RequestObserver {
        @Override
        public void requestCompleted(FuseOperation operation, long durationNanos, int errno,
                                     long bytes) {
            first.requestCompleted(operation, durationNanos, errno, bytes);
            second.requestCompleted(operation, durationNanos, errno, bytes);
        }
    }
}
