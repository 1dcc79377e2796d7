package dev.fusering.boot;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the FuseRing mounts, under the prefix {@code fuse}.
 *
 * <p>Layout: the per-mount settings live under {@code fuse.mounts.<name>.*}, where {@code <name>} is the
 * mount name of a {@link FuseFilesystem @FuseFilesystem} bean. The same keys at the top level
 * ({@code fuse.transport}, {@code fuse.read-only}, ...) are the defaults of every mount: a mount uses its
 * own value when it sets one, else the top-level value. {@code fuse.mount-point} is the short form for an
 * application with exactly one filesystem bean; with several, each needs
 * {@code fuse.mounts.<name>.mount-point}.
 */
@ConfigurationProperties("fuse")
public class FuseProperties {

    /** The properties prefix. */
    public static final String PREFIX = "fuse";

    /**
     * Whether to mount the @FuseFilesystem beans.
     */
    private boolean enabled = true;

    /**
     * Whether to mount the filesystems when the application context starts. When false, start the
     * FuseMountLifecycle beans yourself.
     */
    private boolean autoStartup = true;

    /**
     * Mount point of the only @FuseFilesystem bean (short form for an application with a single
     * filesystem). With several filesystem beans, set fuse.mounts.<name>.mount-point for each instead.
     */
    private Path mountPoint;

    /**
     * Whether to create a missing mount point directory (and its parents) before mounting.
     */
    private boolean createMountPoint = false;

    /**
     * How requests travel between the kernel and the application: 'auto' uses FUSE-over-io_uring when the
     * kernel offers it and falls back to /dev/fuse, 'io-uring' fails when it is not available, 'classic'
     * uses /dev/fuse only.
     */
    private Transport transport = Transport.AUTO;

    /**
     * Number of io_uring entries per queue (there is one queue per possible CPU), from 1 to 1024.
     */
    private int queueDepth = 16;

    /**
     * Number of transport threads: io_uring ring owners or /dev/fuse readers. Defaults to the number of
     * possible CPUs.
     */
    private Integer workers;

    /**
     * Which thread runs the filesystem code: 'offloaded' runs each request on its request slot's own
     * thread, 'inline' runs it on the transport thread (lowest latency, for filesystems that never block),
     * 'auto' picks inline for filesystems whose nonBlocking() returns true and offloaded otherwise.
     */
    private DispatchMode dispatch = DispatchMode.AUTO;

    /**
     * Whether an io_uring ring owner (inline dispatch), or the runner that took a ring entry over (offloaded
     * dispatch), may serve requests, commit their replies and wait under SCHED_IDLE, so that the application
     * waiting for it stays on its CPU. A starved one is switched back to the normal policy at once. Needs
     * CAP_SYS_NICE; without it, and on the classic transport, this changes nothing. False keeps them under the
     * normal scheduling policy.
     */
    private boolean idleRingOwners = true;

    /**
     * Whether users other than the one running the application may access the mount (allow_other).
     */
    private boolean allowOther = false;

    /**
     * Whether the kernel checks access permissions from the file modes (default_permissions).
     */
    private boolean defaultPermissions = false;

    /**
     * Whether to mount read-only.
     */
    private boolean readOnly = false;

    /**
     * Whether the kernel may cache writes and send them in the background (writeback cache).
     */
    private boolean writebackCache = false;

    /**
     * Whether to negotiate kernel passthrough (FUSE_PASSTHROUGH): an open may hand the kernel a backing file
     * whose reads and writes then never reach the application. Cannot be combined with writeback-cache.
     */
    private boolean passthrough = false;

    /**
     * Whether fcntl record locks are sent to the filesystem (POSIX_LOCKS) instead of being handled locally by
     * the kernel.
     */
    private boolean posixLocks = false;

    /**
     * Whether flock(2) locks are sent to the filesystem (FLOCK_LOCKS) instead of being handled locally by the
     * kernel.
     */
    private boolean flockLocks = false;

    /**
     * How long the kernel waits for the answer to a request before it aborts the connection (protocol 7.43),
     * in whole seconds from 1s to 65535s; a number without unit is seconds. 0s turns the timeout off.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration requestTimeout = Duration.ZERO;

    /**
     * Whether the mount is removed when the application exits, even when it is killed (auto_unmount). Only
     * for mounts made through fusermount3, that is when the application does not run as root.
     */
    private boolean autoUnmount = false;

    /**
     * Largest write request the kernel sends, from 4KB to 16MB. Sizes every transport buffer.
     */
    private DataSize maxWrite = DataSize.ofKilobytes(128);

    /**
     * How long the kernel caches name lookups.
     */
    private Duration entryTimeout = Duration.ofSeconds(1);

    /**
     * How long the kernel caches file attributes.
     */
    private Duration attrTimeout = Duration.ofSeconds(1);

    /**
     * Source name shown in /proc/mounts and by df. Defaults to the mount name.
     */
    private String fsName;

    /**
     * Filesystem subtype: the mount shows as type 'fuse.<subtype>'. None by default (type 'fuse').
     */
    private String subtype;

    /**
     * Further mount options passed to mount(2), such as 'noatime', 'noexec' or 'max_read=65536'.
     */
    private List<String> options = new ArrayList<>();

    /**
     * Per-mount settings, by mount name (the @FuseFilesystem name, or the bean name).
     */
    private Map<String, Mount> mounts = new LinkedHashMap<>();

    private final Metrics metrics = new Metrics();

    /** Creates the properties with every default. */
    public FuseProperties() {
    }

    /**
     * Returns whether mounting is enabled.
     *
     * @return whether the @FuseFilesystem beans are mounted
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether mounting is enabled.
     *
     * @param enabled whether to mount the @FuseFilesystem beans
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns whether the filesystems are mounted when the context starts.
     *
     * @return whether the mount lifecycles start automatically
     */
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /**
     * Sets whether the filesystems are mounted when the context starts.
     *
     * @param autoStartup whether the mount lifecycles start automatically
     */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /**
     * Returns the short-form mount point.
     *
     * @return the mount point of the only filesystem bean, or null
     */
    public Path getMountPoint() {
        return mountPoint;
    }

    /**
     * Sets the short-form mount point.
     *
     * @param mountPoint the mount point of the only filesystem bean
     */
    public void setMountPoint(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Returns the default of {@code create-mount-point}.
     *
     * @return whether missing mount points are created
     */
    public boolean isCreateMountPoint() {
        return createMountPoint;
    }

    /**
     * Sets the default of {@code create-mount-point}.
     *
     * @param createMountPoint whether to create missing mount points
     */
    public void setCreateMountPoint(boolean createMountPoint) {
        this.createMountPoint = createMountPoint;
    }

    /**
     * Returns the default transport.
     *
     * @return the transport
     */
    public Transport getTransport() {
        return transport;
    }

    /**
     * Sets the default transport.
     *
     * @param transport the transport
     */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /**
     * Returns the default queue depth.
     *
     * @return io_uring entries per queue
     */
    public int getQueueDepth() {
        return queueDepth;
    }

    /**
     * Sets the default queue depth.
     *
     * @param queueDepth io_uring entries per queue
     */
    public void setQueueDepth(int queueDepth) {
        this.queueDepth = queueDepth;
    }

    /**
     * Returns the default number of transport threads.
     *
     * @return the worker count, or null for the number of possible CPUs
     */
    public Integer getWorkers() {
        return workers;
    }

    /**
     * Sets the default number of transport threads.
     *
     * @param workers the worker count, or null for the number of possible CPUs
     */
    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    /**
     * Returns the default dispatch mode.
     *
     * @return the dispatch mode
     */
    public DispatchMode getDispatch() {
        return dispatch;
    }

    /**
     * Sets the default dispatch mode.
     *
     * @param dispatch the dispatch mode
     */
    public void setDispatch(DispatchMode dispatch) {
        this.dispatch = dispatch;
    }

    /**
     * Returns the default of {@code idle-ring-owners}.
     *
     * @return whether ring owners may wait under {@code SCHED_IDLE}
     */
    public boolean isIdleRingOwners() {
        return idleRingOwners;
    }

    /**
     * Sets the default of {@code idle-ring-owners}.
     *
     * @param idleRingOwners whether ring owners may wait under {@code SCHED_IDLE}
     */
    public void setIdleRingOwners(boolean idleRingOwners) {
        this.idleRingOwners = idleRingOwners;
    }

    /**
     * Returns the default of {@code allow-other}.
     *
     * @return whether other users may access the mounts
     */
    public boolean isAllowOther() {
        return allowOther;
    }

    /**
     * Sets the default of {@code allow-other}.
     *
     * @param allowOther whether other users may access the mounts
     */
    public void setAllowOther(boolean allowOther) {
        this.allowOther = allowOther;
    }

    /**
     * Returns the default of {@code default-permissions}.
     *
     * @return whether the kernel checks permissions
     */
    public boolean isDefaultPermissions() {
        return defaultPermissions;
    }

    /**
     * Sets the default of {@code default-permissions}.
     *
     * @param defaultPermissions whether the kernel checks permissions
     */
    public void setDefaultPermissions(boolean defaultPermissions) {
        this.defaultPermissions = defaultPermissions;
    }

    /**
     * Returns the default of {@code read-only}.
     *
     * @return whether mounts are read-only
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Sets the default of {@code read-only}.
     *
     * @param readOnly whether mounts are read-only
     */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /**
     * Returns the default of {@code writeback-cache}.
     *
     * @return whether the writeback cache is on
     */
    public boolean isWritebackCache() {
        return writebackCache;
    }

    /**
     * Sets the default of {@code writeback-cache}.
     *
     * @param writebackCache whether the writeback cache is on
     */
    public void setWritebackCache(boolean writebackCache) {
        this.writebackCache = writebackCache;
    }

    /**
     * Returns the default of {@code passthrough}.
     *
     * @return whether kernel passthrough is negotiated
     */
    public boolean isPassthrough() {
        return passthrough;
    }

    /**
     * Sets the default of {@code passthrough}.
     *
     * @param passthrough whether kernel passthrough is negotiated
     */
    public void setPassthrough(boolean passthrough) {
        this.passthrough = passthrough;
    }

    /**
     * Returns the default of {@code posix-locks}.
     *
     * @return whether fcntl record locks are sent to the filesystem
     */
    public boolean isPosixLocks() {
        return posixLocks;
    }

    /**
     * Sets the default of {@code posix-locks}.
     *
     * @param posixLocks whether fcntl record locks are sent to the filesystem
     */
    public void setPosixLocks(boolean posixLocks) {
        this.posixLocks = posixLocks;
    }

    /**
     * Returns the default of {@code flock-locks}.
     *
     * @return whether flock(2) locks are sent to the filesystem
     */
    public boolean isFlockLocks() {
        return flockLocks;
    }

    /**
     * Sets the default of {@code flock-locks}.
     *
     * @param flockLocks whether flock(2) locks are sent to the filesystem
     */
    public void setFlockLocks(boolean flockLocks) {
        this.flockLocks = flockLocks;
    }

    /**
     * Returns the default request timeout.
     *
     * @return the kernel's per-request timeout, {@link Duration#ZERO} when off
     */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Sets the default request timeout.
     *
     * @param requestTimeout the kernel's per-request timeout, {@link Duration#ZERO} for none
     */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /**
     * Returns the default of {@code auto-unmount}.
     *
     * @return whether fusermount3 unmounts when the application exits
     */
    public boolean isAutoUnmount() {
        return autoUnmount;
    }

    /**
     * Sets the default of {@code auto-unmount}.
     *
     * @param autoUnmount whether fusermount3 unmounts when the application exits
     */
    public void setAutoUnmount(boolean autoUnmount) {
        this.autoUnmount = autoUnmount;
    }

    /**
     * Returns the default largest write.
     *
     * @return the largest write request
     */
    public DataSize getMaxWrite() {
        return maxWrite;
    }

    /**
     * Sets the default largest write.
     *
     * @param maxWrite the largest write request
     */
    public void setMaxWrite(DataSize maxWrite) {
        this.maxWrite = maxWrite;
    }

    /**
     * Returns the default entry timeout.
     *
     * @return how long lookups are cached
     */
    public Duration getEntryTimeout() {
        return entryTimeout;
    }

    /**
     * Sets the default entry timeout.
     *
     * @param entryTimeout how long lookups are cached
     */
    public void setEntryTimeout(Duration entryTimeout) {
        this.entryTimeout = entryTimeout;
    }

    /**
     * Returns the default attribute timeout.
     *
     * @return how long attributes are cached
     */
    public Duration getAttrTimeout() {
        return attrTimeout;
    }

    /**
     * Sets the default attribute timeout.
     *
     * @param attrTimeout how long attributes are cached
     */
    public void setAttrTimeout(Duration attrTimeout) {
        this.attrTimeout = attrTimeout;
    }

    /**
     * Returns the default source name.
     *
     * @return the fs name, or null for the mount name
     */
    public String getFsName() {
        return fsName;
    }

    /**
     * Sets the default source name.
     *
     * @param fsName the fs name, or null for the mount name
     */
    public void setFsName(String fsName) {
        this.fsName = fsName;
    }

    /**
     * Returns the default subtype.
     *
     * @return the subtype, or null for none
     */
    public String getSubtype() {
        return subtype;
    }

    /**
     * Sets the default subtype.
     *
     * @param subtype the subtype, or null for none
     */
    public void setSubtype(String subtype) {
        this.subtype = subtype;
    }

    /**
     * Returns the default further mount options.
     *
     * @return the options passed to mount(2)
     */
    public List<String> getOptions() {
        return options;
    }

    /**
     * Sets the default further mount options.
     *
     * @param options the options passed to mount(2)
     */
    public void setOptions(List<String> options) {
        this.options = options;
    }

    /**
     * Returns the per-mount settings.
     *
     * @return the settings by mount name
     */
    public Map<String, Mount> getMounts() {
        return mounts;
    }

    /**
     * Sets the per-mount settings.
     *
     * @param mounts the settings by mount name
     */
    public void setMounts(Map<String, Mount> mounts) {
        this.mounts = mounts;
    }

    /**
     * Returns the metrics settings.
     *
     * @return the metrics settings
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * Settings of one mount ({@code fuse.mounts.<name>.*}). A setting left unset (null) takes the
     * top-level value of the same name.
     */
    public static class Mount {

        /** Creates settings that all take the top-level defaults. */
        public Mount() {
        }

        /**
         * Directory to mount the filesystem on.
         */
        private Path mountPoint;

        /**
         * Whether to create a missing mount point directory. Defaults to fuse.create-mount-point.
         */
        private Boolean createMountPoint;

        /**
         * Transport: auto, io-uring or classic. Defaults to fuse.transport.
         */
        private Transport transport;

        /**
         * Number of io_uring entries per queue. Defaults to fuse.queue-depth.
         */
        private Integer queueDepth;

        /**
         * Number of transport threads. Defaults to fuse.workers.
         */
        private Integer workers;

        /**
         * Dispatch mode: offloaded or inline. Defaults to fuse.dispatch.
         */
        private DispatchMode dispatch;

        /**
         * Whether the io_uring ring owners and runners may wait under SCHED_IDLE. Defaults to
         * fuse.idle-ring-owners.
         */
        private Boolean idleRingOwners;

        /**
         * Whether other users may access the mount. Defaults to fuse.allow-other.
         */
        private Boolean allowOther;

        /**
         * Whether the kernel checks permissions from the file modes. Defaults to fuse.default-permissions.
         */
        private Boolean defaultPermissions;

        /**
         * Whether to mount read-only. Defaults to fuse.read-only.
         */
        private Boolean readOnly;

        /**
         * Whether the kernel may cache writes. Defaults to fuse.writeback-cache.
         */
        private Boolean writebackCache;

        /**
         * Whether to negotiate kernel passthrough (FUSE_PASSTHROUGH). Defaults to fuse.passthrough.
         */
        private Boolean passthrough;

        /**
         * Whether fcntl record locks are sent to the filesystem. Defaults to fuse.posix-locks.
         */
        private Boolean posixLocks;

        /**
         * Whether flock(2) locks are sent to the filesystem. Defaults to fuse.flock-locks.
         */
        private Boolean flockLocks;

        /**
         * How long the kernel waits for the answer to a request, in whole seconds (0s: off). Defaults to
         * fuse.request-timeout.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration requestTimeout;

        /**
         * Whether fusermount3 unmounts when the application exits. Defaults to fuse.auto-unmount.
         */
        private Boolean autoUnmount;

        /**
         * Largest write request. Defaults to fuse.max-write.
         */
        private DataSize maxWrite;

        /**
         * How long the kernel caches name lookups. Defaults to fuse.entry-timeout.
         */
        private Duration entryTimeout;

        /**
         * How long the kernel caches attributes. Defaults to fuse.attr-timeout.
         */
        private Duration attrTimeout;

        /**
         * Source name shown in /proc/mounts. Defaults to fuse.fs-name, else the mount name.
         */
        private String fsName;

        /**
         * Filesystem subtype. Defaults to fuse.subtype.
         */
        private String subtype;

        /**
         * Further mount options. Defaults to fuse.options.
         */
        private List<String> options;

        /**
         * Returns the mount point.
         *
         * @return the mount point, or null
         */
        public Path getMountPoint() {
            return mountPoint;
        }

        /**
         * Sets the mount point.
         *
         * @param mountPoint the mount point
         */
        public void setMountPoint(Path mountPoint) {
            this.mountPoint = mountPoint;
        }

        /**
         * Returns whether a missing mount point is created.
         *
         * @return the setting, or null for the default
         */
        public Boolean getCreateMountPoint() {
            return createMountPoint;
        }

        /**
         * Sets whether a missing mount point is created.
         *
         * @param createMountPoint the setting, or null for the default
         */
        public void setCreateMountPoint(Boolean createMountPoint) {
            this.createMountPoint = createMountPoint;
        }

        /**
         * Returns the transport.
         *
         * @return the transport, or null for the default
         */
        public Transport getTransport() {
            return transport;
        }

        /**
         * Sets the transport.
         *
         * @param transport the transport, or null for the default
         */
        public void setTransport(Transport transport) {
            this.transport = transport;
        }

        /**
         * Returns the queue depth.
         *
         * @return entries per queue, or null for the default
         */
        public Integer getQueueDepth() {
            return queueDepth;
        }

        /**
         * Sets the queue depth.
         *
         * @param queueDepth entries per queue, or null for the default
         */
        public void setQueueDepth(Integer queueDepth) {
            this.queueDepth = queueDepth;
        }

        /**
         * Returns the number of transport threads.
         *
         * @return the worker count, or null for the default
         */
        public Integer getWorkers() {
            return workers;
        }

        /**
         * Sets the number of transport threads.
         *
         * @param workers the worker count, or null for the default
         */
        public void setWorkers(Integer workers) {
            this.workers = workers;
        }

        /**
         * Returns the dispatch mode.
         *
         * @return the dispatch mode, or null for the default
         */
        public DispatchMode getDispatch() {
            return dispatch;
        }

        /**
         * Sets the dispatch mode.
         *
         * @param dispatch the dispatch mode, or null for the default
         */
        public void setDispatch(DispatchMode dispatch) {
            this.dispatch = dispatch;
        }

        /**
         * Returns whether the ring owners may wait under {@code SCHED_IDLE}.
         *
         * @return the setting, or null for the default
         */
        public Boolean getIdleRingOwners() {
            return idleRingOwners;
        }

        /**
         * Sets whether the ring owners may wait under {@code SCHED_IDLE}.
         *
         * @param idleRingOwners the setting, or null for the default
         */
        public void setIdleRingOwners(Boolean idleRingOwners) {
            this.idleRingOwners = idleRingOwners;
        }

        /**
         * Returns whether other users may access the mount.
         *
         * @return the setting, or null for the default
         */
        public Boolean getAllowOther() {
            return allowOther;
        }

        /**
         * Sets whether other users may access the mount.
         *
         * @param allowOther the setting, or null for the default
         */
        public void setAllowOther(Boolean allowOther) {
            this.allowOther = allowOther;
        }

        /**
         * Returns whether the kernel checks permissions.
         *
         * @return the setting, or null for the default
         */
        public Boolean getDefaultPermissions() {
            return defaultPermissions;
        }

        /**
         * Sets whether the kernel checks permissions.
         *
         * @param defaultPermissions the setting, or null for the default
         */
        public void setDefaultPermissions(Boolean defaultPermissions) {
            this.defaultPermissions = defaultPermissions;
        }

        /**
         * Returns whether the mount is read-only.
         *
         * @return the setting, or null for the default
         */
        public Boolean getReadOnly() {
            return readOnly;
        }

        /**
         * Sets whether the mount is read-only.
         *
         * @param readOnly the setting, or null for the default
         */
        public void setReadOnly(Boolean readOnly) {
            this.readOnly = readOnly;
        }

        /**
         * Returns whether the writeback cache is on.
         *
         * @return the setting, or null for the default
         */
        public Boolean getWritebackCache() {
            return writebackCache;
        }

        /**
         * Sets whether the writeback cache is on.
         *
         * @param writebackCache the setting, or null for the default
         */
        public void setWritebackCache(Boolean writebackCache) {
            this.writebackCache = writebackCache;
        }

        /**
         * Returns whether kernel passthrough is negotiated.
         *
         * @return the setting, or null for the default
         */
        public Boolean getPassthrough() {
            return passthrough;
        }

        /**
         * Sets whether kernel passthrough is negotiated.
         *
         * @param passthrough the setting, or null for the default
         */
        public void setPassthrough(Boolean passthrough) {
            this.passthrough = passthrough;
        }

        /**
         * Returns whether fcntl record locks are sent to the filesystem.
         *
         * @return the setting, or null for the default
         */
        public Boolean getPosixLocks() {
            return posixLocks;
        }

        /**
         * Sets whether fcntl record locks are sent to the filesystem.
         *
         * @param posixLocks the setting, or null for the default
         */
        public void setPosixLocks(Boolean posixLocks) {
            this.posixLocks = posixLocks;
        }

        /**
         * Returns whether flock(2) locks are sent to the filesystem.
         *
         * @return the setting, or null for the default
         */
        public Boolean getFlockLocks() {
            return flockLocks;
        }

        /**
         * Sets whether flock(2) locks are sent to the filesystem.
         *
         * @param flockLocks the setting, or null for the default
         */
        public void setFlockLocks(Boolean flockLocks) {
            this.flockLocks = flockLocks;
        }

        /**
         * Returns the request timeout.
         *
         * @return the timeout, or null for the default
         */
        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        /**
         * Sets the request timeout.
         *
         * @param requestTimeout the timeout, or null for the default
         */
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        /**
         * Returns whether fusermount3 unmounts when the application exits.
         *
         * @return the setting, or null for the default
         */
        public Boolean getAutoUnmount() {
            return autoUnmount;
        }

        /**
         * Sets whether fusermount3 unmounts when the application exits.
         *
         * @param autoUnmount the setting, or null for the default
         */
        public void setAutoUnmount(Boolean autoUnmount) {
            this.autoUnmount = autoUnmount;
        }

        /**
         * Returns the largest write.
         *
         * @return the largest write, or null for the default
         */
        public DataSize getMaxWrite() {
            return maxWrite;
        }

        /**
         * Sets the largest write.
         *
         * @param maxWrite the largest write, or null for the default
         */
        public void setMaxWrite(DataSize maxWrite) {
            this.maxWrite = maxWrite;
        }

        /**
         * Returns the entry timeout.
         *
         * @return the timeout, or null for the default
         */
        public Duration getEntryTimeout() {
            return entryTimeout;
        }

        /**
         * Sets the entry timeout.
         *
         * @param entryTimeout the timeout, or null for the default
         */
        public void setEntryTimeout(Duration entryTimeout) {
            this.entryTimeout = entryTimeout;
        }

        /**
         * Returns the attribute timeout.
         *
         * @return the timeout, or null for the default
         */
        public Duration getAttrTimeout() {
            return attrTimeout;
        }

        /**
         * Sets the attribute timeout.
         *
         * @param attrTimeout the timeout, or null for the default
         */
        public void setAttrTimeout(Duration attrTimeout) {
            this.attrTimeout = attrTimeout;
        }

        /**
         * Returns the source name.
         *
         * @return the fs name, or null for the default
         */
        public String getFsName() {
            return fsName;
        }

        /**
         * Sets the source name.
         *
         * @param fsName the fs name, or null for the default
         */
        public void setFsName(String fsName) {
            this.fsName = fsName;
        }

        /**
         * Returns the subtype.
         *
         * @return the subtype, or null for the default
         */
        public String getSubtype() {
            return subtype;
        }

        /**
         * Sets the subtype.
         *
         * @param subtype the subtype, or null for the default
         */
        public void setSubtype(String subtype) {
            this.subtype = subtype;
        }

        /**
         * Returns the further mount options.
         *
         * @return the options, or null for the default
         */
        public List<String> getOptions() {
            return options;
        }

        /**
         * Sets the further mount options.
         *
         * @param options the options, or null for the default
         */
        public void setOptions(List<String> options) {
            this.options = options;
        }
    }

    /** Metrics settings ({@code fuse.metrics.*}). */
    public static class Metrics {

        /** Creates the metrics settings with their defaults. */
        public Metrics() {
        }

        /**
         * Whether to record Micrometer metrics of the mounts. When off, no request observer is installed.
         */
        private boolean enabled = true;

        /**
         * Returns whether metrics are recorded.
         *
         * @return whether metrics are recorded
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether metrics are recorded.
         *
         * @param enabled whether metrics are recorded
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
