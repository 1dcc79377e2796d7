package dev.fusering.internal.abi;

/**
 * Protocol version and other scalar constants of the FUSE kernel interface (protocol 7.45).
 */
public final class FuseVersion {

    /** {@code FUSE_KERNEL_VERSION}: the protocol major version. */
    public static final int KERNEL_VERSION = 7;

    /** {@code FUSE_KERNEL_MINOR_VERSION}: the protocol minor version this engine speaks. */
    public static final int KERNEL_MINOR_VERSION = 45;

    /** {@code FUSE_ROOT_ID}: node id of the root directory. */
    public static final long ROOT_ID = 1;

    /** {@code FUSE_MIN_READ_BUFFER}: minimum size of a read(/dev/fuse) buffer and of a ring payload. */
    public static final int MIN_READ_BUFFER = 8192;

    /**
     * {@code FUSE_INT_REQ_BIT}: bit 0 of a unique; set on INTERRUPT requests, whose unique is the
     * interrupted request's unique with this bit set.
     */
    public static final long INT_REQ_BIT = 1;

    /** Step between the uniques of consecutive requests (the kernel's {@code FUSE_REQ_ID_STEP}). */
    public static final long REQ_ID_STEP = 2;

    /** {@code FUSE_UNIQUE_RESEND}: bit 63 of a unique marks a resent request (with HAS_RESEND). */
    public static final long UNIQUE_RESEND = 1L << 63;

    /**
     * {@code FUSE_INVALID_UIDGID}: value of {@code fuse_in_header.uid/gid} when an idmapped mount cannot map
     * the caller's ids ((uint32_t) -1).
     */
    public static final int INVALID_UIDGID = -1;

    private FuseVersion() {
    }
}
