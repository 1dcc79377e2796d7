package dev.fusering.internal.abi;

/**
 * INIT capability flags ({@code FUSE_*} in the INIT request and reply, protocol 7.45) as one 64-bit set.
 *
 * <p>Bits 0..31 travel in {@code flags} and bits 32..63 in {@code flags2} of {@link FuseInitIn} and
 * {@link FuseInitOut}; {@code flags2} is valid only when {@link #INIT_EXT} is set. The full set is
 * {@code (flags & 0xFFFFFFFFL) | ((long) flags2 << 32)}.
 */
public final class InitFlags {

    /** {@code FUSE_ASYNC_READ}: asynchronous read requests. */
    public static final long ASYNC_READ = 1L << 0;
    /** {@code FUSE_POSIX_LOCKS}: remote POSIX file locks. */
    public static final long POSIX_LOCKS = 1L << 1;
    /** {@code FUSE_FILE_OPS}: file handle for fstat etc. (never implemented). */
    public static final long FILE_OPS = 1L << 2;
    /** {@code FUSE_ATOMIC_O_TRUNC}: the file system handles O_TRUNC in OPEN. */
    public static final long ATOMIC_O_TRUNC = 1L << 3;
    /** {@code FUSE_EXPORT_SUPPORT}: the file system handles lookups of "." and "..". */
    public static final long EXPORT_SUPPORT = 1L << 4;
    /** {@code FUSE_BIG_WRITES}: writes larger than 4 KiB. */
    public static final long BIG_WRITES = 1L << 5;
    /** {@code FUSE_DONT_MASK}: do not apply the umask to the mode of created files. */
    public static final long DONT_MASK = 1L << 6;
    /** {@code FUSE_SPLICE_WRITE}: splice write on the device. */
    public static final long SPLICE_WRITE = 1L << 7;
    /** {@code FUSE_SPLICE_MOVE}: splice move on the device. */
    public static final long SPLICE_MOVE = 1L << 8;
    /** {@code FUSE_SPLICE_READ}: splice read on the device. */
    public static final long SPLICE_READ = 1L << 9;
    /** {@code FUSE_FLOCK_LOCKS}: remote BSD flock locks. */
    public static final long FLOCK_LOCKS = 1L << 10;
    /** {@code FUSE_HAS_IOCTL_DIR}: ioctl on directories. */
    public static final long HAS_IOCTL_DIR = 1L << 11;
    /** {@code FUSE_AUTO_INVAL_DATA}: invalidate cached pages when mtime or size change. */
    public static final long AUTO_INVAL_DATA = 1L << 12;
    /** {@code FUSE_DO_READDIRPLUS}: use READDIRPLUS. */
    public static final long DO_READDIRPLUS = 1L << 13;
    /** {@code FUSE_READDIRPLUS_AUTO}: adaptive READDIRPLUS. */
    public static final long READDIRPLUS_AUTO = 1L << 14;
    /** {@code FUSE_ASYNC_DIO}: asynchronous direct I/O submission. */
    public static final long ASYNC_DIO = 1L << 15;
    /** {@code FUSE_WRITEBACK_CACHE}: writeback cache for buffered writes. */
    public static final long WRITEBACK_CACHE = 1L << 16;
    /** {@code FUSE_NO_OPEN_SUPPORT}: zero-message opens. */
    public static final long NO_OPEN_SUPPORT = 1L << 17;
    /** {@code FUSE_PARALLEL_DIROPS}: parallel lookups and readdir. */
    public static final long PARALLEL_DIROPS = 1L << 18;
    /** {@code FUSE_HANDLE_KILLPRIV}: the file system kills suid/sgid/caps on write, chown and truncate. */
    public static final long HANDLE_KILLPRIV = 1L << 19;
    /** {@code FUSE_POSIX_ACL}: the file system supports POSIX ACLs. */
    public static final long POSIX_ACL = 1L << 20;
    /** {@code FUSE_ABORT_ERROR}: reads after an abort fail with ECONNABORTED. */
    public static final long ABORT_ERROR = 1L << 21;
    /** {@code FUSE_MAX_PAGES}: {@code init_out.max_pages} is valid. */
    public static final long MAX_PAGES = 1L << 22;
    /** {@code FUSE_CACHE_SYMLINKS}: cache READLINK replies. */
    public static final long CACHE_SYMLINKS = 1L << 23;
    /** {@code FUSE_NO_OPENDIR_SUPPORT}: zero-message opendir. */
    public static final long NO_OPENDIR_SUPPORT = 1L << 24;
    /** {@code FUSE_EXPLICIT_INVAL_DATA}: invalidate cached pages only on explicit request. */
    public static final long EXPLICIT_INVAL_DATA = 1L << 25;
    /** {@code FUSE_MAP_ALIGNMENT}: {@code init_out.map_alignment} is valid (DAX). */
    public static final long MAP_ALIGNMENT = 1L << 26;
    /** {@code FUSE_SUBMOUNTS}: auto-mounting of submounts. */
    public static final long SUBMOUNTS = 1L << 27;
    /** {@code FUSE_HANDLE_KILLPRIV_V2}: the file system kills suid/sgid/caps like the VFS does. */
    public static final long HANDLE_KILLPRIV_V2 = 1L << 28;
    /** {@code FUSE_SETXATTR_EXT}: extended {@link FuseSetxattrIn} (16 bytes). */
    public static final long SETXATTR_EXT = 1L << 29;
    /** {@code FUSE_INIT_EXT}: extended INIT structs; {@code flags2} is valid. */
    public static final long INIT_EXT = 1L << 30;
    /** {@code FUSE_INIT_RESERVED}: reserved, do not use. */
    public static final long INIT_RESERVED = 1L << 31;
    /** {@code FUSE_SECURITY_CTX}: security context extension on create, mkdir, symlink and mknod. */
    public static final long SECURITY_CTX = 1L << 32;
    /** {@code FUSE_HAS_INODE_DAX}: per-inode DAX. */
    public static final long HAS_INODE_DAX = 1L << 33;
    /** {@code FUSE_CREATE_SUPP_GROUP}: supplementary group extension on create, mkdir, symlink, mknod. */
    public static final long CREATE_SUPP_GROUP = 1L << 34;
    /** {@code FUSE_HAS_EXPIRE_ONLY}: expire-only entry invalidation ({@link EntryFlags#EXPIRE_ONLY}). */
    public static final long HAS_EXPIRE_ONLY = 1L << 35;
    /** {@code FUSE_DIRECT_IO_ALLOW_MMAP} (alias DIRECT_IO_RELAX): shared mmap with FOPEN_DIRECT_IO. */
    public static final long DIRECT_IO_ALLOW_MMAP = 1L << 36;
    /** {@code FUSE_PASSTHROUGH}: passthrough read/write to backing files. */
    public static final long PASSTHROUGH = 1L << 37;
    /** {@code FUSE_NO_EXPORT_SUPPORT}: explicitly disable export support. */
    public static final long NO_EXPORT_SUPPORT = 1L << 38;
    /** {@code FUSE_HAS_RESEND}: pending requests can be resent; bit 63 of unique marks a resend. */
    public static final long HAS_RESEND = 1L << 39;
    /** {@code FUSE_ALLOW_IDMAP}: idmapped mounts. */
    public static final long ALLOW_IDMAP = 1L << 40;
    /** {@code FUSE_OVER_IO_URING}: the server serves requests over io_uring. */
    public static final long OVER_IO_URING = 1L << 41;
    /** {@code FUSE_REQUEST_TIMEOUT}: {@code init_out.request_timeout} is valid. */
    public static final long REQUEST_TIMEOUT = 1L << 42;

    private static final String[] NAMES = {
        "ASYNC_READ", "POSIX_LOCKS", "FILE_OPS", "ATOMIC_O_TRUNC", "EXPORT_SUPPORT", "BIG_WRITES",
        "DONT_MASK", "SPLICE_WRITE", "SPLICE_MOVE", "SPLICE_READ", "FLOCK_LOCKS", "HAS_IOCTL_DIR",
        "AUTO_INVAL_DATA", "DO_READDIRPLUS", "READDIRPLUS_AUTO", "ASYNC_DIO", "WRITEBACK_CACHE",
        "NO_OPEN_SUPPORT", "PARALLEL_DIROPS", "HANDLE_KILLPRIV", "POSIX_ACL", "ABORT_ERROR", "MAX_PAGES",
        "CACHE_SYMLINKS", "NO_OPENDIR_SUPPORT", "EXPLICIT_INVAL_DATA", "MAP_ALIGNMENT", "SUBMOUNTS",
        "HANDLE_KILLPRIV_V2", "SETXATTR_EXT", "INIT_EXT", "INIT_RESERVED", "SECURITY_CTX", "HAS_INODE_DAX",
        "CREATE_SUPP_GROUP", "HAS_EXPIRE_ONLY", "DIRECT_IO_ALLOW_MMAP", "PASSTHROUGH", "NO_EXPORT_SUPPORT",
        "HAS_RESEND", "ALLOW_IDMAP", "OVER_IO_URING", "REQUEST_TIMEOUT",
    };

    private InitFlags() {
    }

    /**
     * Combines the two 32-bit flag words of an INIT struct into one set.
     *
     * @param flags the {@code flags} word (bits 0..31)
     * @param flags2 the {@code flags2} word (bits 32..63); pass 0 when INIT_EXT is not set
     * @return the 64-bit flag set
     */
    public static long combine(int flags, int flags2) {
        return (flags & 0xFFFF_FFFFL) | ((long) flags2 << 32);
    }

    /**
     * Describes a flag set for logs, lowest bit first, e.g. {@code "ASYNC_READ|POSIX_LOCKS|BIT_50"}.
     *
     * @param flags the 64-bit flag set
     * @return the names of the set bits joined by '|', {@code BIT_<n>} for bits without a name, or an
     *         empty string when no bit is set
     */
    public static String describe(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((flags & (1L << bit)) == 0) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            if (bit < NAMES.length) {
                sb.append(NAMES[bit]);
            } else {
                sb.append("BIT_").append(bit);
            }
        }
        return sb.toString();
    }
}
