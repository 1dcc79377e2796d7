package dev.fusering.boot.health;

import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.boot.FuseMountLifecycle;
import dev.fusering.boot.FuseMountSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The health of one mount: UP when it is mounted and its filesystem answers a statfs(2) of the mount point
 * within a timeout (checked on a separate thread, so that a hung filesystem makes the mount DOWN instead of
 * hanging the health request); DOWN when it is not mounted, was unmounted from outside, failed, or does not
 * answer.
 *
 * <p>Details: {@code mountPoint}, {@code transport}, {@code queues}, {@code workers}, {@code inFlight},
 * {@code busyEntries} and, when DOWN, {@code reason}.
 */
public class FuseMountHealthIndicator implements HealthIndicator {

    /** How long the statfs probe may take by default. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final FuseMountLifecycle mount;
    private final MountProbe probe;

    /**
     * Creates the indicator of a mount with the default probe timeout.
     *
     * @param mount the mount
     */
    public FuseMountHealthIndicator(FuseMountLifecycle mount) {
        this(mount, DEFAULT_PROBE_TIMEOUT);
    }

    /**
     * Creates the indicator of a mount.
     *
     * @param mount        the mount
     * @param probeTimeout how long the statfs probe may take
     */
    public FuseMountHealthIndicator(FuseMountLifecycle mount, Duration probeTimeout) {
        this.mount = mount;
        this.probe = new MountProbe(mount.settings().mountPoint(), probeTimeout);
    }

    /**
     * Checks the mount.
     *
     * @return UP or DOWN with details
     */
    @Override
    public Health health() {
        FuseMountSettings settings = mount.settings();
        RunningSession session = mount.session();
        Health.Builder builder = new Health.Builder().withDetail("mountPoint", settings.mountPoint().toString());
        if (session == null) {
            return builder.down().withDetail("reason", "not mounted").build();
        }
        builder.withDetail("transport", session.transport().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .withDetail("queues", session.queues())
                .withDetail("workers", session.workers());
        if (!session.isRunning()) {
            Throwable failure = session.failure();
            if (failure != null) {
                return builder.down(failure).withDetail("reason", "the session failed").build();
            }
            String reason = mount.isRunning() ? "unmounted from outside the application" : "stopped";
            return builder.down().withDetail("reason", reason).build();
        }
        builder.withDetail("inFlight", session.stats().inFlight()).withDetail("busyEntries", busy(session.queueStats()));
        MountProbe.Result result = probe.probe();
        return switch (result.outcome()) {
            case ANSWERED -> builder.up().build();
            case FAILED -> builder.down().withDetail("reason", "statfs failed: " + result.detail()).build();
            case TIMED_OUT, STILL_HANGING -> builder.down().withDetail("reason", result.detail()).build();
        };
    }

    private static int busy(List<QueueStats> queues) {
        int busy = 0;
        for (QueueStats q : queues) {
            busy += q.busy();
        }
        return busy;
    }
}
