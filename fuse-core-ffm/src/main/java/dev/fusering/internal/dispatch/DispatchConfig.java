package dev.fusering.internal.dispatch;

import dev.fusering.api.RequestObserver;

import java.util.Objects;

/**
 * What the {@link Dispatcher} needs to know about its session.
 *
 * @param entryTimeoutNanos the default entry timeout written into every {@code fuse_entry_out}, &ge; 0
 * @param attrTimeoutNanos  the default attribute timeout written into every {@code fuse_entry_out} and
 *                          {@code fuse_attr_out}, &ge; 0
 * @param setxattrExt       true when FUSE_SETXATTR_EXT was negotiated (the kernel then sends the 16-byte
 *                          {@code fuse_setxattr_in}, else the 8-byte compat struct)
 * @param interrupts        where FUSE_INTERRUPT requests are reported, not null
 * @param mountName         the mount's name for log lines (e.g. the mount point), not null
 * @param observer          receives one call per request, or null for none
 */
public record DispatchConfig(long entryTimeoutNanos, long attrTimeoutNanos, boolean setxattrExt,
                             Interrupts interrupts, String mountName, RequestObserver observer) {

    /**
     * Creates a configuration without an observer.
     *
     * @param entryTimeoutNanos default entry timeout
     * @param attrTimeoutNanos  default attribute timeout
     * @param setxattrExt       whether FUSE_SETXATTR_EXT was negotiated
     * @param interrupts        where INTERRUPT requests go
     * @param mountName         the mount point, for logs
     */
    public DispatchConfig(long entryTimeoutNanos, long attrTimeoutNanos, boolean setxattrExt, Interrupts interrupts,
                          String mountName) {
        this(entryTimeoutNanos, attrTimeoutNanos, setxattrExt, interrupts, mountName, null);
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException when a timeout is negative
     * @throws NullPointerException     when {@code interrupts} or {@code mountName} is null
     */
    public DispatchConfig {
        if (entryTimeoutNanos < 0 || attrTimeoutNanos < 0) {
            throw new IllegalArgumentException("timeouts must not be negative, got entry " + entryTimeoutNanos
                    + " ns, attr " + attrTimeoutNanos + " ns");
        }
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(mountName, "mountName");
    }
}
