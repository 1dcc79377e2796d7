package dev.fusering.internal.abi;

/**
 * ioctl(2) request numbers of /dev/fuse (protocol 7.45, x86_64 encoding) and the {@code _IOR}/{@code _IOW}
 * encoders used to derive them.
 *
 * <p>x86_64 encodes a request as: direction in bits 30..31 (WRITE = 1, READ = 2; "write" means the
 * caller passes data to the kernel), argument size in bits 16..29, type in bits 8..15 and number in bits
 * 0..7. The values are unsigned 32-bit numbers, kept in a {@code long} so they stay positive.
 */
public final class DevIoctl {

    /** {@code FUSE_DEV_IOC_MAGIC}: the ioctl type byte of /dev/fuse (229 = 0xE5). */
    public static final int MAGIC = 229;

    /**
     * {@code FUSE_DEV_IOC_CLONE = _IOR(229, 0, uint32_t)}: attach a newly opened /dev/fuse fd to the
     * session of the fd passed as argument.
     */
    public static final long CLONE = 0x8004E500L;

    /**
     * {@code FUSE_DEV_IOC_BACKING_OPEN = _IOW(229, 1, struct fuse_backing_map)}: register a backing file
     * for passthrough; returns a backing id.
     */
    public static final long BACKING_OPEN = 0x4010E501L;

    /** {@code FUSE_DEV_IOC_BACKING_CLOSE = _IOW(229, 2, uint32_t)}: unregister a backing id. */
    public static final long BACKING_CLOSE = 0x4004E502L;

    private static final long DIR_WRITE = 1;
    private static final long DIR_READ = 2;

    private DevIoctl() {
    }

    /**
     * Encodes {@code _IOW(type, nr, size)}: the caller writes {@code size} bytes to the kernel.
     *
     * @param type the type byte (0..255)
     * @param nr the command number (0..255)
     * @param size the argument size in bytes (0..16383)
     * @return the request number
     */
    public static long iow(int type, int nr, long size) {
        return encode(DIR_WRITE, type, nr, size);
    }

    /**
     * Encodes {@code _IOR(type, nr, size)}: the kernel writes {@code size} bytes back to the caller.
     *
     * @param type the type byte (0..255)
     * @param nr the command number (0..255)
     * @param size the argument size in bytes (0..16383)
     * @return the request number
     */
    public static long ior(int type, int nr, long size) {
        return encode(DIR_READ, type, nr, size);
    }

    private static long encode(long dir, int type, int nr, long size) {
        if (type < 0 || type > 0xFF || nr < 0 || nr > 0xFF || size < 0 || size > 0x3FFF) {
            throw new IllegalArgumentException("ioctl field out of range: type=" + type + " nr=" + nr
                    + " size=" + size);
        }
        return (dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }
}
