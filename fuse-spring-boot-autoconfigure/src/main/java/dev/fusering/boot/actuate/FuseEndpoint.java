package dev.fusering.boot.actuate;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.MountOptions;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.boot.FuseMountLifecycle;
import dev.fusering.boot.FuseMountSettings;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code fuse} actuator endpoint: every mount with its configured and negotiated settings and its
 * counters. {@code /actuator/fuse} lists all mounts, {@code /actuator/fuse/<name>} shows one.
 */
@Endpoint(id = "fuse")
public class FuseEndpoint {

    private final List<FuseMountLifecycle> mounts;

    /**
     * Creates the endpoint.
     *
     * @param mounts the mount lifecycles
     */
    public FuseEndpoint(List<FuseMountLifecycle> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * Describes every mount.
     *
     * @return the mounts by name
     */
    @ReadOperation
    public MountsDescriptor mounts() {
        Map<String, MountDescriptor> result = new LinkedHashMap<>();
        for (FuseMountLifecycle mount : mounts) {
            result.put(mount.settings().name(), describe(mount));
        }
        return new MountsDescriptor(result);
    }

    /**
     * Describes one mount.
     *
     * @param name the mount name
     * @return the mount, or null (404) when there is no such mount
     */
    @ReadOperation
    public MountDescriptor mount(@Selector String name) {
        for (FuseMountLifecycle mount : mounts) {
            if (mount.settings().name().equals(name)) {
                return describe(mount);
            }
        }
        return null;
    }

    private static MountDescriptor describe(FuseMountLifecycle mount) {
        FuseMountSettings s = mount.settings();
        MountOptions o = s.options();
        OptionsDescriptor options = new OptionsDescriptor(o.fsName(), o.subtype(), o.allowOther(),
                o.defaultPermissions(), o.readOnly(), o.writebackCache(), o.maxWrite(), o.entryTimeout().toString(),
                o.attrTimeout().toString(), o.custom(), o.passthrough(), o.posixLocks(), o.flockLocks(),
                o.requestTimeout().toString(), o.autoUnmount());
        ConfigDescriptor config = new ConfigDescriptor(name(s.transport()), s.queueDepth(),
                s.workers() == 0 ? null : s.workers(), s.dispatch().name().toLowerCase(Locale.ROOT),
                s.idleRingOwners(), s.createMountPoint(), mount.shutdownTimeout().toString(), options);
        RunningSession session = mount.session();
        String state;
        if (session == null) {
            state = "not-mounted";
        } else if (session.isRunning()) {
            state = "mounted";
        } else if (session.failure() != null) {
            state = "failed";
        } else {
            state = mount.isRunning() ? "unmounted-externally" : "stopped";
        }
        if (session == null) {
            return new MountDescriptor(s.mountPoint().toString(), s.beanName(), state, config, null, null, null,
                    null, null);
        }
        ConnectionInfo c = session.connection();
        ConnectionDescriptor connection = c == null ? null : new ConnectionDescriptor(
                c.protocolMajor() + "." + c.protocolMinor(), hex(c.kernelFlags()), hex(c.flags()), c.maxWrite(),
                c.maxReadahead(), c.maxPages(), name(c.transport()), c.queues());
        List<QueueDescriptor> queues = new ArrayList<>();
        for (QueueStats q : session.queueStats()) {
            queues.add(new QueueDescriptor(q.queue() == QueueStats.DEV_FUSE ? "dev-fuse" : Integer.toString(q.queue()),
                    q.entries(), q.busy()));
        }
        Throwable failure = session.failure();
        return new MountDescriptor(s.mountPoint().toString(), s.beanName(), state, config, name(session.transport()),
                connection, session.stats(), queues, failure == null ? null : failure.toString());
    }

    private static String name(Transport transport) {
        return transport == null ? null : transport.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String hex(long flags) {
        return "0x" + Long.toHexString(flags);
    }

    /**
     * All mounts.
     *
     * @param mounts the mounts by name
     */
    public record MountsDescriptor(Map<String, MountDescriptor> mounts) implements OperationResponseBody {
    }

    /**
     * One mount.
     *
     * @param mountPoint the mount point
     * @param bean       the filesystem bean's name
     * @param state      {@code mounted}, {@code not-mounted}, {@code stopped}, {@code failed} or
     *                   {@code unmounted-externally}
     * @param config     the configured settings
     * @param transport  the transport in use, or null when never mounted
     * @param connection what was negotiated with the kernel, or null
     * @param stats      the session's counters, or null
     * @param queues     how busy each transport queue is, or null
     * @param failure    the error that ended the session, or null
     */
    public record MountDescriptor(String mountPoint, String bean, String state, ConfigDescriptor config,
                                  String transport, ConnectionDescriptor connection, SessionStats stats,
                                  List<QueueDescriptor> queues, String failure) implements OperationResponseBody {
    }

    /**
     * The configured settings of a mount.
     *
     * @param transport        the requested transport
     * @param queueDepth       io_uring entries per queue
     * @param workers          transport threads, or null for the default
     * @param dispatch         the dispatch mode
     * @param idleRingOwners   whether the io_uring ring owners may wait under {@code SCHED_IDLE}
     * @param createMountPoint whether a missing mount point is created
     * @param shutdownTimeout  how long stopping drains in-flight requests
     * @param options          the mount options
     */
    public record ConfigDescriptor(String transport, int queueDepth, Integer workers, String dispatch,
                                   boolean idleRingOwners, boolean createMountPoint, String shutdownTimeout,
                                   OptionsDescriptor options) {
    }

    /**
     * The mount options.
     *
     * @param fsName             source name in /proc/mounts
     * @param subtype            the subtype, or null
     * @param allowOther         allow_other
     * @param defaultPermissions default_permissions
     * @param readOnly           read-only
     * @param writebackCache     writeback cache
     * @param maxWrite           largest write in bytes
     * @param entryTimeout       lookup cache time
     * @param attrTimeout        attribute cache time
     * @param custom             further mount options
     * @param passthrough        kernel passthrough requested
     * @param posixLocks         fcntl locks sent to the filesystem
     * @param flockLocks         flock locks sent to the filesystem
     * @param requestTimeout     the kernel's request timeout ({@code PT0S}: none)
     * @param autoUnmount        auto_unmount (fusermount3 mounts)
     */
    public record OptionsDescriptor(String fsName, String subtype, boolean allowOther, boolean defaultPermissions,
                                    boolean readOnly, boolean writebackCache, int maxWrite, String entryTimeout,
                                    String attrTimeout, List<String> custom, boolean passthrough, boolean posixLocks,
                                    boolean flockLocks, String requestTimeout, boolean autoUnmount) {
    }

    /**
     * What was negotiated with the kernel at FUSE_INIT.
     *
     * @param protocol     the protocol version, e.g. {@code 7.45}
     * @param kernelFlags  the capability flags the kernel offered, in hex
     * @param flags        the capability flags enabled, in hex
     * @param maxWrite     the largest write
     * @param maxReadahead the readahead limit
     * @param maxPages     the pages per request limit
     * @param transport    the transport
     * @param queues       the io_uring queues, 0 for classic
     */
    public record ConnectionDescriptor(String protocol, String kernelFlags, String flags, int maxWrite,
                                       int maxReadahead, int maxPages, String transport, int queues) {
    }

    /**
     * One transport queue.
     *
     * @param queue   the queue id (CPU number), or {@code dev-fuse} for the /dev/fuse buffers
     * @param entries its request slots
     * @param busy    slots holding an unanswered request
     */
    public record QueueDescriptor(String queue, int entries, int busy) {
    }
}
