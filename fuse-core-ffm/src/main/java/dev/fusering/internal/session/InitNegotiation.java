package dev.fusering.internal.session;

import dev.fusering.internal.linux.KernelFiles;
import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.FuseInitIn;
import dev.fusering.internal.abi.FuseInitOut;
import dev.fusering.internal.abi.FuseOutHeader;
import dev.fusering.internal.abi.InitFlags;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.passthrough.BackingFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The FUSE_INIT handshake on {@code /dev/fuse}: reads the kernel's offer, computes what to enable (the
 * intersection of the kernel's flags with what the options and the filesystem ask for), and writes the
 * reply. The reply is what switches the connection on; REGISTER of ring entries only works after it.
 */
final class InitNegotiation {

    /** The protocol minor version this engine speaks. */
    static final int OUR_MINOR = 45;

    private static final Path MAX_PAGES_LIMIT = Path.of("/proc/sys/fs/fuse/max_pages_limit");

    private final long unique;
    private final int kernelMajor;
    private final int kernelMinor;
    private final int kernelMaxReadahead;
    private final long kernelFlags;

    private InitNegotiation(long unique, int major, int minor, int maxReadahead, long flags) {
        this.unique = unique;
        this.kernelMajor = major;
        this.kernelMinor = minor;
        this.kernelMaxReadahead = maxReadahead;
        this.kernelFlags = flags;
    }

    /**
     * Reads the INIT request that mount(2) queued.
     *
     * @param devFd the /dev/fuse descriptor
     * @return the kernel's offer
     * @throws FuseMountException if the read fails or the request is not a usable INIT
     */
    static InitNegotiation read(int devFd) throws FuseMountException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16384, 4096);
            long n;
            do {
                n = LibC.readRaw(devFd, buf, buf.byteSize());
            } while (n == -Errno.EINTR.code() || n == -Errno.ENOENT.code());
            if (n < 0) {
                throw new FuseMountException(Reason.INIT_FAILED, "reading FUSE_INIT from /dev/fuse failed: "
                        + Errno.nameOf((int) -n));
            }
            if (n < FuseInHeader.SIZE + 8) {
                throw new FuseMountException(Reason.INIT_FAILED, "FUSE_INIT request too short: " + n + " bytes");
            }
            int opcode = buf.get(ValueLayout.JAVA_INT, FuseInHeader.OPCODE);
            if (opcode != Opcode.INIT) {
                throw new FuseMountException(Reason.INIT_FAILED, "expected FUSE_INIT from the kernel, got "
                        + Opcode.name(opcode));
            }
            long unique = buf.get(ValueLayout.JAVA_LONG, FuseInHeader.UNIQUE);
            long base = FuseInHeader.SIZE;
            int major = buf.get(ValueLayout.JAVA_INT, base + FuseInitIn.MAJOR);
            int minor = buf.get(ValueLayout.JAVA_INT, base + FuseInitIn.MINOR);
            if (major != 7) {
                throw new FuseMountException(Reason.INIT_FAILED, "the kernel speaks FUSE protocol " + major + "."
                        + minor + "; this engine speaks 7." + OUR_MINOR);
            }
            int maxReadahead = n >= base + 12 ? buf.get(ValueLayout.JAVA_INT, base + FuseInitIn.MAX_READAHEAD) : 0;
            long flags = n >= base + 16 ? Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, base + FuseInitIn.FLAGS))
                    : 0;
            if ((flags & InitFlags.INIT_EXT) != 0 && n >= base + 20) {
                flags |= Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, base + FuseInitIn.FLAGS2)) << 32;
            }
            return new InitNegotiation(unique, major, minor, maxReadahead, flags);
        }
    }

    /** @return the capability flags the kernel offered */
    long kernelFlags() {
        return kernelFlags;
    }

    /** @return true when the kernel offers FUSE-over-io_uring */
    boolean offersIoUring() {
        return (kernelFlags & InitFlags.OVER_IO_URING) != 0;
    }

    /** @return true when the kernel offers FUSE_PASSTHROUGH (bit 37; Linux 6.9+ with CONFIG_FUSE_PASSTHROUGH) */
    boolean offersPassthrough() {
        return (kernelFlags & InitFlags.PASSTHROUGH) != 0;
    }

    /**
     * Computes the pages per request: enough for {@code maxWrite}, at least 32 (128 KiB reads), at most the
     * kernel's {@code max_pages_limit}.
     *
     * @param maxWrite the configured max write
     * @return the max_pages to ask for
     */
    static int maxPages(int maxWrite) {
        int limit = 256;
        try {
            limit = Integer.parseInt(KernelFiles.read(MAX_PAGES_LIMIT));
        } catch (IOException | NumberFormatException e) {
            // keep the kernel's default limit
        }
        int wanted = Math.max(32, (maxWrite + 4095) / 4096);
        return Math.max(1, Math.min(wanted, Math.min(limit, 65535)));
    }

    /**
     * Computes the bytes the kernel requires of each ring entry's payload buffer (and of a /dev/fuse read
     * buffer's body): {@code max(8192, max_write, max_pages * 4096)}.
     *
     * @param maxWrite the configured max write
     * @return the payload size, a multiple of 4096
     */
    static int payloadSize(int maxWrite) {
        int size = Math.max(8192, Math.max(maxWrite, maxPages(maxWrite) * 4096));
        return (size + 4095) & ~4095;
    }

    /**
     * Computes the flags to enable and the connection parameters.
     *
     * @param options     the mount options
     * @param readdirplus whether the filesystem implements READDIRPLUS
     * @param ioUring     whether to switch the connection to io_uring
     * @param queues      the number of io_uring queues, for the connection info
     * @return what the reply will announce
     */
    ConnectionInfo negotiate(MountOptions options, boolean readdirplus, boolean ioUring, int queues) {
        long want = InitFlags.ASYNC_READ | InitFlags.ATOMIC_O_TRUNC | InitFlags.BIG_WRITES
                | InitFlags.AUTO_INVAL_DATA | InitFlags.ASYNC_DIO | InitFlags.PARALLEL_DIROPS
                | InitFlags.MAX_PAGES | InitFlags.INIT_EXT | InitFlags.SETXATTR_EXT | InitFlags.HAS_EXPIRE_ONLY
                | InitFlags.DIRECT_IO_ALLOW_MMAP;
        if (readdirplus) {
            want |= InitFlags.DO_READDIRPLUS | InitFlags.READDIRPLUS_AUTO;
        }
        if (options.writebackCache()) {
            want |= InitFlags.WRITEBACK_CACHE;
        }
        if (options.posixLocks()) {
            want |= InitFlags.POSIX_LOCKS; // without it the kernel keeps fcntl locks locally, per mount
        }
        if (options.flockLocks()) {
            want |= InitFlags.FLOCK_LOCKS; // without it the kernel keeps flock locks locally, per mount
        }
        if (ioUring) {
            want |= InitFlags.OVER_IO_URING;
        }
        if (options.passthrough()) {
            want |= InitFlags.PASSTHROUGH;
        }
        if (!options.requestTimeout().isZero()) {
            want |= InitFlags.REQUEST_TIMEOUT;
        }
        long flags = want & kernelFlags;
        int minor = Math.min(kernelMinor, OUR_MINOR);
        int readahead = Math.min(kernelMaxReadahead, options.maxReadahead());
        return new ConnectionInfo(kernelMajor, minor, kernelFlags, flags, options.maxWrite(), readahead,
                maxPages(options.maxWrite()), ioUring ? Transport.IO_URING : Transport.CLASSIC, ioUring ? queues : 0);
    }

    /**
     * Writes the INIT reply.
     *
     * @param devFd   the /dev/fuse descriptor
     * @param info    what was negotiated
     * @param options the mount options
     * @throws FuseMountException if the kernel rejects the reply
     */
    void reply(int devFd, ConnectionInfo info, MountOptions options) throws FuseMountException {
        try (Arena arena = Arena.ofConfined()) {
            long size = FuseOutHeader.SIZE + FuseInitOut.SIZE;
            MemorySegment out = arena.allocate(size, 8);
            out.set(ValueLayout.JAVA_INT, FuseOutHeader.LEN, (int) size);
            out.set(ValueLayout.JAVA_INT, FuseOutHeader.ERROR, 0);
            out.set(ValueLayout.JAVA_LONG, FuseOutHeader.UNIQUE, unique);
            long b = FuseOutHeader.SIZE;
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.MAJOR, 7);
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.MINOR, OUR_MINOR);
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.MAX_READAHEAD, info.maxReadahead());
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.FLAGS, (int) info.flags());
            out.set(ValueLayout.JAVA_SHORT, b + FuseInitOut.MAX_BACKGROUND, (short) options.maxBackground());
            out.set(ValueLayout.JAVA_SHORT, b + FuseInitOut.CONGESTION_THRESHOLD,
                    (short) options.congestionThreshold());
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.MAX_WRITE, info.maxWrite());
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.TIME_GRAN, 1);
            out.set(ValueLayout.JAVA_SHORT, b + FuseInitOut.MAX_PAGES, (short) info.maxPages());
            out.set(ValueLayout.JAVA_INT, b + FuseInitOut.FLAGS2, (int) (info.flags() >>> 32));
            if ((info.flags() & InitFlags.PASSTHROUGH) != 0) {
                // without a depth of 1..2 the kernel silently leaves passthrough off
                out.set(ValueLayout.JAVA_INT, b + FuseInitOut.MAX_STACK_DEPTH, BackingFiles.MAX_STACK_DEPTH);
            }
            if ((info.flags() & InitFlags.REQUEST_TIMEOUT) != 0) {
                out.set(ValueLayout.JAVA_SHORT, b + FuseInitOut.REQUEST_TIMEOUT,
                        (short) requestTimeoutSeconds(options));
            }
            long w = LibC.writeRaw(devFd, out, size);
            if (w < 0) {
                throw new FuseMountException(Reason.INIT_FAILED, "the kernel rejected the FUSE_INIT reply: "
                        + Errno.nameOf((int) -w));
            }
        }
    }

    /**
     * Returns the request timeout to announce: the option's whole seconds (MountOptions allows 0..65535).
     * The kernel looks for expired requests every 15 s ({@code FUSE_TIMEOUT_TIMER_FREQ}), so it aborts the
     * connection up to 15 s after the timeout (some kernels raise a timeout below 15 s to 15 s), and caps
     * the timeout with {@code /proc/sys/fs/fuse/max_request_timeout} when that is set.
     *
     * @param options the mount options
     * @return the timeout in seconds, 0..65535
     */
    static int requestTimeoutSeconds(MountOptions options) {
        return (int) Math.min(0xFFFF, Math.max(0, options.requestTimeout().getSeconds()));
    }

    /**
     * Answers INIT with an error (when the filesystem's init failed), so the kernel fails the mount's
     * requests instead of waiting.
     *
     * @param devFd the /dev/fuse descriptor
     * @param errno the positive errno
     */
    void fail(int devFd, int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(FuseOutHeader.SIZE, 8);
            out.set(ValueLayout.JAVA_INT, FuseOutHeader.LEN, (int) FuseOutHeader.SIZE);
            out.set(ValueLayout.JAVA_INT, FuseOutHeader.ERROR, -errno);
            out.set(ValueLayout.JAVA_LONG, FuseOutHeader.UNIQUE, unique);
            LibC.writeRaw(devFd, out, FuseOutHeader.SIZE);
        }
    }
}
