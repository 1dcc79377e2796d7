package dev.fusering.boot;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The resolved, validated settings of one mount: what {@link FuseProperties} says for one
 * {@link FuseFilesystem @FuseFilesystem} bean, with every default applied.
 *
 * @param name             the mount name
 * @param beanName         the name of the filesystem bean
 * @param propertyPrefix   where the mount is configured: {@code fuse.mounts.<name>}, or {@code fuse} for the
 *                         short form; used in messages that tell which property to change
 * @param mountPoint       the absolute mount point
 * @param createMountPoint whether a missing mount point directory is created before mounting
 * @param transport        the requested transport
 * @param queueDepth       io_uring entries per queue
 * @param workers          transport threads, or 0 for the engine's default (the number of possible CPUs)
 * @param dispatch         the dispatch mode
 * @param idleRingOwners   whether the io_uring ring owners may wait under {@code SCHED_IDLE}
 *                         (see {@link Session#idleRingOwners(boolean)})
 * @param options          the mount options
 */
public record FuseMountSettings(String name, String beanName, String propertyPrefix, Path mountPoint,
                                boolean createMountPoint, Transport transport, int queueDepth, int workers,
                                DispatchMode dispatch, boolean idleRingOwners, MountOptions options) {

    /**
     * Checks that nothing is missing.
     *
     * @throws NullPointerException when a reference is null
     */
    public FuseMountSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(beanName, "beanName");
        Objects.requireNonNull(propertyPrefix, "propertyPrefix");
        mountPoint = Objects.requireNonNull(mountPoint, "mountPoint").toAbsolutePath().normalize();
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Returns the full name of a property of this mount, for messages.
     *
     * @param key the key below the mount's prefix, e.g. {@code create-mount-point}
     * @return e.g. {@code fuse.mounts.memory.create-mount-point}
     */
    public String property(String key) {
        return propertyPrefix + "." + key;
    }

    /**
     * Creates an engine session with these settings.
     *
     * @param shutdownTimeout how long stopping waits for in-flight requests
     * @return a new, not yet started session
     */
    public Session newSession(Duration shutdownTimeout) {
        Session session = new Session(mountPoint, options)
                .transport(transport)
                .queueDepth(queueDepth)
                .dispatch(dispatch)
                .idleRingOwners(idleRingOwners)
                .shutdownTimeout(shutdownTimeout);
        if (workers > 0) {
            session.workerCount(workers);
        }
        return session;
    }
}
