package dev.fusering.api;

/**
 * The kinds of kernel requests (FUSE opcodes of protocol 7.45), for observers and metrics.
 *
 * <p>{@link #metricName()} is the lower-case name used as the {@code operation} tag of metrics, e.g.
 * {@code lookup} or {@code copy_file_range}. {@link #UNKNOWN} stands for an opcode this engine does not
 * know.
 */
public enum FuseOperation {
    /** LOOKUP (opcode 1). */
    LOOKUP(1, "lookup"),
    /** FORGET (opcode 2). */
    FORGET(2, "forget"),
    /** GETATTR (opcode 3). */
    GETATTR(3, "getattr"),
    /** SETATTR (opcode 4). */
    SETATTR(4, "setattr"),
    /** READLINK (opcode 5). */
    READLINK(5, "readlink"),
    /** SYMLINK (opcode 6). */
    SYMLINK(6, "symlink"),
    /** MKNOD (opcode 8). */
    MKNOD(8, "mknod"),
    /** MKDIR (opcode 9). */
    MKDIR(9, "mkdir"),
    /** UNLINK (opcode 10). */
    UNLINK(10, "unlink"),
    /** RMDIR (opcode 11). */
    RMDIR(11, "rmdir"),
    /** RENAME (opcode 12). */
    RENAME(12, "rename"),
    /** LINK (opcode 13). */
    LINK(13, "link"),
    /** OPEN (opcode 14). */
    OPEN(14, "open"),
    /** READ (opcode 15). */
    READ(15, "read"),
    /** WRITE (opcode 16). */
    WRITE(16, "write"),
    /** STATFS (opcode 17). */
    STATFS(17, "statfs"),
    /** RELEASE (opcode 18). */
    RELEASE(18, "release"),
    /** FSYNC (opcode 20). */
    FSYNC(20, "fsync"),
    /** SETXATTR (opcode 21). */
    SETXATTR(21, "setxattr"),
    /** GETXATTR (opcode 22). */
    GETXATTR(22, "getxattr"),
    /** LISTXATTR (opcode 23). */
    LISTXATTR(23, "listxattr"),
    /** REMOVEXATTR (opcode 24). */
    REMOVEXATTR(24, "removexattr"),
    /** FLUSH (opcode 25). */
    FLUSH(25, "flush"),
    /** INIT (opcode 26). */
    INIT(26, "init"),
    /** OPENDIR (opcode 27). */
    OPENDIR(27, "opendir"),
    /** READDIR (opcode 28). */
    READDIR(28, "readdir"),
    /** RELEASEDIR (opcode 29). */
    RELEASEDIR(29, "releasedir"),
    /** FSYNCDIR (opcode 30). */
    FSYNCDIR(30, "fsyncdir"),
    /** GETLK (opcode 31). */
    GETLK(31, "getlk"),
    /** SETLK (opcode 32). */
    SETLK(32, "setlk"),
    /** SETLKW (opcode 33). */
    SETLKW(33, "setlkw"),
    /** ACCESS (opcode 34). */
    ACCESS(34, "access"),
    /** CREATE (opcode 35). */
    CREATE(35, "create"),
    /** INTERRUPT (opcode 36). */
    INTERRUPT(36, "interrupt"),
    /** BMAP (opcode 37). */
    BMAP(37, "bmap"),
    /** DESTROY (opcode 38). */
    DESTROY(38, "destroy"),
    /** IOCTL (opcode 39). */
    IOCTL(39, "ioctl"),
    /** POLL (opcode 40). */
    POLL(40, "poll"),
    /** NOTIFY_REPLY (opcode 41). */
    NOTIFY_REPLY(41, "notify_reply"),
    /** BATCH_FORGET (opcode 42). */
    BATCH_FORGET(42, "batch_forget"),
    /** FALLOCATE (opcode 43). */
    FALLOCATE(43, "fallocate"),
    /** READDIRPLUS (opcode 44). */
    READDIRPLUS(44, "readdirplus"),
    /** RENAME2 (opcode 45). */
    RENAME2(45, "rename2"),
    /** LSEEK (opcode 46). */
    LSEEK(46, "lseek"),
    /** COPY_FILE_RANGE (opcode 47). */
    COPY_FILE_RANGE(47, "copy_file_range"),
    /** SETUPMAPPING (opcode 48). */
    SETUPMAPPING(48, "setupmapping"),
    /** REMOVEMAPPING (opcode 49). */
    REMOVEMAPPING(49, "removemapping"),
    /** SYNCFS (opcode 50). */
    SYNCFS(50, "syncfs"),
    /** TMPFILE (opcode 51). */
    TMPFILE(51, "tmpfile"),
    /** STATX (opcode 52). */
    STATX(52, "statx"),
    /** COPY_FILE_RANGE_64 (opcode 53). */
    COPY_FILE_RANGE_64(53, "copy_file_range_64"),
    /** An opcode this engine does not know. */
    UNKNOWN(0, "unknown");

    private static final FuseOperation[] BY_OPCODE = table();

    private final int opcode;
    private final String metricName;

    FuseOperation(int opcode, String metricName) {
        this.opcode = opcode;
        this.metricName = metricName;
    }

    private static FuseOperation[] table() {
        int max = 0;
        for (FuseOperation op : values()) {
            max = Math.max(max, op.opcode);
        }
        FuseOperation[] t = new FuseOperation[max + 1];
        for (FuseOperation op : values()) {
            if (op != UNKNOWN) {
                t[op.opcode] = op;
            }
        }
        return t;
    }

    /**
     * Returns the operation of an opcode, without allocating.
     *
     * @param opcode a FUSE opcode
     * @return the operation, or {@link #UNKNOWN}
     */
    public static FuseOperation of(int opcode) {
        if (opcode <= 0 || opcode >= BY_OPCODE.length) {
            return UNKNOWN;
        }
        FuseOperation op = BY_OPCODE[opcode];
        return op == null ? UNKNOWN : op;
    }

    /**
     * Returns the FUSE opcode.
     *
     * @return the opcode, 0 for {@link #UNKNOWN}
     */
    public int opcode() {
        return opcode;
    }

    /**
     * Returns the lower-case name used in metrics.
     *
     * @return e.g. {@code getattr}
     */
    public String metricName() {
        return metricName;
    }
}
