package dev.fusering.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the filesystem is mounted and what is negotiated with the kernel. Immutable; build one with
 * {@link #builder()}, or take {@link #defaults()}.
 *
 * <p>Defaults: fs name {@code fusering}, no subtype, {@code allow_other} off, {@code allow_root} off,
 * {@code default_permissions} off, read-write, no writeback cache, max write 128 KiB, max readahead
 * 128 KiB, max background 12, congestion threshold 9, entry and attribute timeouts 1 s, the
 * {@code nosuid,nodev} mount flags, no passthrough, no POSIX or flock locks (the kernel handles locks
 * locally), no request timeout, no {@code auto_unmount} and no block device.
 *
 * @param fsName              the "source" shown in /proc/mounts and {@code df}
 * @param subtype             the type suffix ({@code fuse.<subtype>}), or null for plain {@code fuse}
 * @param allowOther          let users other than the mounting one access the mount
 * @param allowRoot           let root access the mount in addition to the mounting user: the mount is made
 *                            with {@code allow_other} (so a non-root mount needs {@code user_allow_other} in
 *                            {@code /etc/fuse.conf}) and the engine answers EACCES to every other user;
 *                            ignored together with {@code allowOther}; only meaningful for non-root mounts
 * @param defaultPermissions  let the kernel check permissions from the file modes
 * @param readOnly            mount read-only
 * @param writebackCache      let the kernel cache writes and send them in the background
 * @param maxWrite            largest WRITE payload, 4 KiB .. 16 MiB (sizes the transport buffers)
 * @param maxReadahead        largest readahead the kernel may do, in bytes
 * @param maxBackground       how many background requests (readahead, writeback) may be queued
 * @param congestionThreshold background requests above which the kernel considers the mount congested
 * @param entryTimeout        default time the kernel caches name lookups
 * @param attrTimeout         default time the kernel caches attributes
 * @param custom              further options for mount(2): flags such as {@code noexec}, {@code noatime},
 *                            {@code sync}, {@code dirsync}, {@code suid}, {@code dev}, or fuse options such
 *                            as {@code max_read=N} or {@code blksize=N}
 * @param passthrough         negotiate FUSE_PASSTHROUGH so that opens may hand the kernel a backing file
 *                            whose reads and writes never reach the daemon (not with {@code writebackCache})
 * @param posixLocks          negotiate POSIX_LOCKS: fcntl record locks are sent to the filesystem (GETLK,
 *                            SETLK, SETLKW) instead of being handled locally by the kernel
 * @param flockLocks          negotiate FLOCK_LOCKS: flock(2) locks are sent to the filesystem as SETLK/SETLKW
 *                            with the flock flag
 * @param requestTimeout      the kernel's per-request timeout (protocol 7.43): a request unanswered for this
 *                            long aborts the connection; {@link Duration#ZERO} (the default) turns it off
 * @param autoUnmount         for mounts made through {@code fusermount3} (non-root): unmount automatically
 *                            when the daemon exits, even when it is killed
 * @param blockDevice         a block device to mount as a {@code fuseblk} filesystem (root only), or null for
 *                            a plain {@code fuse} mount: the device becomes the mount source, the kernel
 *                            sends BMAP (for FIBMAP) and DESTROY, and the device is held exclusively while
 *                            mounted; the filesystem still serves all data itself
 */
public record MountOptions(String fsName, String subtype, boolean allowOther, boolean allowRoot,
                           boolean defaultPermissions, boolean readOnly, boolean writebackCache, int maxWrite,
                           int maxReadahead, int maxBackground, int congestionThreshold, Duration entryTimeout,
                           Duration attrTimeout, List<String> custom, boolean passthrough, boolean posixLocks,
                           boolean flockLocks, Duration requestTimeout, boolean autoUnmount, Path blockDevice) {

    /** The smallest accepted {@link #maxWrite()}. */
    public static final int MIN_MAX_WRITE = 4096;

    /** The largest accepted {@link #maxWrite()}. */
    public static final int MAX_MAX_WRITE = 16 * 1024 * 1024;

    /**
     * Validates and creates options; prefer {@link #builder()}.
     *
     * @throws IllegalArgumentException when a value is out of range or contains characters that would
     *                                  corrupt the mount option string
     */
    public MountOptions {
        Objects.requireNonNull(fsName, "fsName");
        Objects.requireNonNull(entryTimeout, "entryTimeout");
        Objects.requireNonNull(attrTimeout, "attrTimeout");
        custom = List.copyOf(Objects.requireNonNull(custom, "custom"));
        requireOptionSafe("fsName", fsName, false);
        if (fsName.isEmpty()) {
            throw new IllegalArgumentException("fsName must not be empty");
        }
        if (subtype != null) {
            requireOptionSafe("subtype", subtype, false);
            if (subtype.isEmpty() || subtype.contains(".") || subtype.contains(" ")) {
                throw new IllegalArgumentException("subtype must be a non-empty word without '.' or spaces, got '"
                        + subtype + "'");
            }
        }
        for (String c : custom) {
            requireOptionSafe("custom option", c, true);
            if (c.isEmpty()) {
                throw new IllegalArgumentException("custom options must not be empty");
            }
        }
        if (maxWrite < MIN_MAX_WRITE || maxWrite > MAX_MAX_WRITE) {
            throw new IllegalArgumentException("maxWrite must be between " + MIN_MAX_WRITE + " and " + MAX_MAX_WRITE
                    + " bytes, got " + maxWrite);
        }
        if (maxReadahead < 0) {
            throw new IllegalArgumentException("maxReadahead must not be negative, got " + maxReadahead);
        }
        if (maxBackground < 1 || maxBackground > 65535) {
            throw new IllegalArgumentException("maxBackground must be between 1 and 65535, got " + maxBackground);
        }
        if (congestionThreshold < 1 || congestionThreshold > 65535) {
            throw new IllegalArgumentException("congestionThreshold must be between 1 and 65535, got "
                    + congestionThreshold);
        }
        requireTimeout("entryTimeout", entryTimeout);
        requireTimeout("attrTimeout", attrTimeout);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.getSeconds() > 0xFFFF) {
            throw new IllegalArgumentException("requestTimeout must be between 0 and 65535 seconds, got "
                    + requestTimeout);
        }
        if (!requestTimeout.isZero() && requestTimeout.getNano() != 0) {
            throw new IllegalArgumentException("requestTimeout is negotiated in whole seconds, got " + requestTimeout);
        }
        if (blockDevice != null && (!blockDevice.isAbsolute() || blockDevice.toString().contains(","))) {
            throw new IllegalArgumentException("blockDevice must be an absolute path without ',', got " + blockDevice);
        }
        if (passthrough && writebackCache) {
            throw new IllegalArgumentException("passthrough and writebackCache cannot be combined: the kernel "
                    + "refuses FUSE_PASSTHROUGH together with the writeback cache; turn one of them off");
        }
    }

    private static void requireOptionSafe(String what, String value, boolean allowEquals) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c < 0x20 || c == 0x7f || (!allowEquals && c == '=')) {
                throw new IllegalArgumentException(what + " must not contain ','"
                        + (allowEquals ? "" : " or '='") + " or control characters, got '" + value + "'");
            }
        }
    }

    private static void requireTimeout(String what, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
        if (d.getSeconds() > 365L * 24 * 3600 * 100) {
            throw new IllegalArgumentException(what + " is unreasonably long: " + d);
        }
    }

    /**
     * Returns the default options.
     *
     * @return options with every default
     */
    public static MountOptions defaults() {
        return builder().build();
    }

    /**
     * Starts building options from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts building options from these.
     *
     * @return a new builder holding these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fsName = fsName;
        b.subtype = subtype;
        b.allowOther = allowOther;
        b.allowRoot = allowRoot;
        b.defaultPermissions = defaultPermissions;
        b.readOnly = readOnly;
        b.writebackCache = writebackCache;
        b.maxWrite = maxWrite;
        b.maxReadahead = maxReadahead;
        b.maxBackground = maxBackground;
        b.congestionThreshold = congestionThreshold;
        b.entryTimeout = entryTimeout;
        b.attrTimeout = attrTimeout;
        b.custom.addAll(custom);
        b.passthrough = passthrough;
        b.posixLocks = posixLocks;
        b.flockLocks = flockLocks;
        b.requestTimeout = requestTimeout;
        b.autoUnmount = autoUnmount;
        b.blockDevice = blockDevice;
        return b;
    }

    /** Builds {@link MountOptions}; every setter returns the builder. */
    public static final class Builder {
        private String fsName = "fusering";
        private String subtype;
        private boolean allowOther;
        private boolean allowRoot;
        private boolean defaultPermissions;
        private boolean readOnly;
        private boolean writebackCache;
        private int maxWrite = 128 * 1024;
        private int maxReadahead = 128 * 1024;
        private int maxBackground = 12;
        private int congestionThreshold = 9;
        private Duration entryTimeout = Duration.ofSeconds(1);
        private Duration attrTimeout = Duration.ofSeconds(1);
        private final List<String> custom = new ArrayList<>();
        private boolean passthrough;
        private boolean posixLocks;
        private boolean flockLocks;
        private Duration requestTimeout = Duration.ZERO;
        private boolean autoUnmount;
        private Path blockDevice;

        private Builder() {
        }

        /**
         * Sets the source name shown in /proc/mounts.
         *
         * @param fsName a name without ',' or '='
         * @return this builder
         */
        public Builder fsName(String fsName) {
            this.fsName = fsName;
            return this;
        }

        /**
         * Sets the filesystem subtype: the mount shows as {@code fuse.<subtype>}.
         *
         * @param subtype a word, or null for none
         * @return this builder
         */
        public Builder subtype(String subtype) {
            this.subtype = subtype;
            return this;
        }

        /**
         * Lets other users access the mount ({@code allow_other}). Off by default: turn it on only when
         * the filesystem checks permissions or {@link #defaultPermissions(boolean)} is on.
         *
         * @param allowOther true to allow
         * @return this builder
         */
        public Builder allowOther(boolean allowOther) {
            this.allowOther = allowOther;
            return this;
        }

        /**
         * Lets root access a mount made by another user ({@code allow_root}).
         *
         * @param allowRoot true to allow
         * @return this builder
         */
        public Builder allowRoot(boolean allowRoot) {
            this.allowRoot = allowRoot;
            return this;
        }

        /**
         * Lets the kernel enforce file modes ({@code default_permissions}).
         *
         * @param defaultPermissions true to enforce
         * @return this builder
         */
        public Builder defaultPermissions(boolean defaultPermissions) {
            this.defaultPermissions = defaultPermissions;
            return this;
        }

        /**
         * Mounts read-only.
         *
         * @param readOnly true for read-only
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Enables the kernel's writeback cache.
         *
         * @param writebackCache true to enable
         * @return this builder
         */
        public Builder writebackCache(boolean writebackCache) {
            this.writebackCache = writebackCache;
            return this;
        }

        /**
         * Sets the largest WRITE payload (4 KiB .. 16 MiB). Every ring entry gets a buffer this large.
         *
         * @param maxWrite bytes
         * @return this builder
         */
        public Builder maxWrite(int maxWrite) {
            this.maxWrite = maxWrite;
            return this;
        }

        /**
         * Sets the readahead limit.
         *
         * @param maxReadahead bytes
         * @return this builder
         */
        public Builder maxReadahead(int maxReadahead) {
            this.maxReadahead = maxReadahead;
            return this;
        }

        /**
         * Sets how many background requests may be outstanding.
         *
         * @param maxBackground 1..65535
         * @return this builder
         */
        public Builder maxBackground(int maxBackground) {
            this.maxBackground = maxBackground;
            return this;
        }

        /**
         * Sets the congestion threshold for background requests.
         *
         * @param congestionThreshold 1..65535
         * @return this builder
         */
        public Builder congestionThreshold(int congestionThreshold) {
            this.congestionThreshold = congestionThreshold;
            return this;
        }

        /**
         * Sets the default entry timeout of {@link EntryReply}.
         *
         * @param entryTimeout a non-negative duration
         * @return this builder
         */
        public Builder entryTimeout(Duration entryTimeout) {
            this.entryTimeout = entryTimeout;
            return this;
        }

        /**
         * Sets the default attribute timeout of {@link EntryReply} and {@link AttrReply}.
         *
         * @param attrTimeout a non-negative duration
         * @return this builder
         */
        public Builder attrTimeout(Duration attrTimeout) {
            this.attrTimeout = attrTimeout;
            return this;
        }

        /**
         * Adds mount options passed through to mount(2), e.g. {@code "noatime"} or {@code "max_read=65536"}.
         *
         * @param options one or more options, without commas
         * @return this builder
         */
        public Builder custom(String... options) {
            custom.addAll(List.of(options));
            return this;
        }

        /**
         * Turns kernel passthrough (FUSE_PASSTHROUGH) on or off; see {@link MountOptions#passthrough()}.
         *
         * @param passthrough whether to negotiate passthrough
         * @return this builder
         */
        public Builder passthrough(boolean passthrough) {
            this.passthrough = passthrough;
            return this;
        }

        /**
         * Sends fcntl record locks to the filesystem; see {@link MountOptions#posixLocks()}.
         *
         * @param posixLocks whether to negotiate POSIX_LOCKS
         * @return this builder
         */
        public Builder posixLocks(boolean posixLocks) {
            this.posixLocks = posixLocks;
            return this;
        }

        /**
         * Sends flock(2) locks to the filesystem; see {@link MountOptions#flockLocks()}.
         *
         * @param flockLocks whether to negotiate FLOCK_LOCKS
         * @return this builder
         */
        public Builder flockLocks(boolean flockLocks) {
            this.flockLocks = flockLocks;
            return this;
        }

        /**
         * Sets the kernel's request timeout; see {@link MountOptions#requestTimeout()}.
         *
         * @param requestTimeout whole seconds, 0 .. 65535; {@link Duration#ZERO} turns it off
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Asks {@code fusermount3} to unmount when the daemon exits; see {@link MountOptions#autoUnmount()}.
         *
         * @param autoUnmount whether to pass {@code auto_unmount}
         * @return this builder
         */
        public Builder autoUnmount(boolean autoUnmount) {
            this.autoUnmount = autoUnmount;
            return this;
        }

        /**
         * Mounts as {@code fuseblk} on a block device; see {@link MountOptions#blockDevice()}.
         *
         * @param blockDevice the device, e.g. {@code /dev/loop0}, or null for a plain {@code fuse} mount
         * @return this builder
         */
        public Builder blockDevice(Path blockDevice) {
            this.blockDevice = blockDevice;
            return this;
        }

        /**
         * Validates and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException when a value is out of range
         */
        public MountOptions build() {
            return new MountOptions(fsName, subtype, allowOther, allowRoot, defaultPermissions, readOnly,
                    writebackCache, maxWrite, maxReadahead, maxBackground, congestionThreshold, entryTimeout,
                    attrTimeout, custom, passthrough, posixLocks, flockLocks, requestTimeout, autoUnmount, blockDevice);
        }
    }
}
