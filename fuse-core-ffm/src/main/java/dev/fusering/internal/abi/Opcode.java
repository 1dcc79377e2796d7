package dev.fusering.internal.abi;

/**
 * FUSE request opcodes ({@code enum fuse_opcode}, protocol 7.45) and the per-opcode argument sizes the
 * kernel uses.
 *
 * <p><b>Where request arguments are.</b> The kernel describes a request as a list of in args. In
 * FUSE-over-io_uring mode in_args[0], the per-opcode struct, is copied to
 * {@link FuseUringReqHeader#OP_IN} and in_args[1..] are concatenated into the payload buffer
 * ({@link FuseUringEntInOut#PAYLOAD_SZ} bytes). In classic /dev/fuse mode all in args are concatenated
 * right after the 40-byte {@link FuseInHeader}. {@link #inArgSize(int)} is the size of in_args[0], so a
 * classic transport finds the payload (names, data, arrays) at {@code FuseInHeader.SIZE + inArgSize}.
 * Kernels from 6.14 on put a <em>zero-size</em> in_args[0] in front of requests that have only names
 * ({@code fuse_set_zero_arg0()}), so for those opcodes the payload starts right after the in-header.
 *
 * <p>Requests that create inodes (MKNOD, MKDIR, SYMLINK, CREATE, TMPFILE) carry one more in arg at the
 * end when FUSE_SECURITY_CTX or FUSE_CREATE_SUPP_GROUP was negotiated; {@code in_header.total_extlen}
 * gives its length in 8-byte units.
 *
 * <p>The table was checked against the kernel sources of fs/fuse (dir.c, file.c, xattr.c, ioctl.c,
 * readdir.c, inode.c, dev.c, dev_uring.c) of 6.17/6.18 and the FUSE_COPY_FILE_RANGE_64 patch, assuming
 * protocol 7.45 with FUSE_SETXATTR_EXT negotiated (older minors make the kernel send smaller compat
 * structs).
 */
public final class Opcode {

    /** {@code FUSE_LOOKUP}: look up a name in a directory. */
    public static final int LOOKUP = 1;
    /** {@code FUSE_FORGET}: drop lookup references (no reply; /dev/fuse only). */
    public static final int FORGET = 2;
    /** {@code FUSE_GETATTR}: get attributes. */
    public static final int GETATTR = 3;
    /** {@code FUSE_SETATTR}: set attributes. */
    public static final int SETATTR = 4;
    /** {@code FUSE_READLINK}: read a symbolic link. */
    public static final int READLINK = 5;
    /** {@code FUSE_SYMLINK}: create a symbolic link. */
    public static final int SYMLINK = 6;
    /** {@code FUSE_MKNOD}: create a file node. */
    public static final int MKNOD = 8;
    /** {@code FUSE_MKDIR}: create a directory. */
    public static final int MKDIR = 9;
    /** {@code FUSE_UNLINK}: remove a name. */
    public static final int UNLINK = 10;
    /** {@code FUSE_RMDIR}: remove a directory. */
    public static final int RMDIR = 11;
    /** {@code FUSE_RENAME}: rename without flags. */
    public static final int RENAME = 12;
    /** {@code FUSE_LINK}: create a hard link. */
    public static final int LINK = 13;
    /** {@code FUSE_OPEN}: open a file. */
    public static final int OPEN = 14;
    /** {@code FUSE_READ}: read file data. */
    public static final int READ = 15;
    /** {@code FUSE_WRITE}: write file data. */
    public static final int WRITE = 16;
    /** {@code FUSE_STATFS}: file system statistics. */
    public static final int STATFS = 17;
    /** {@code FUSE_RELEASE}: last close of an open file. */
    public static final int RELEASE = 18;
    /** {@code FUSE_FSYNC}: synchronize file contents. */
    public static final int FSYNC = 20;
    /** {@code FUSE_SETXATTR}: set an extended attribute. */
    public static final int SETXATTR = 21;
    /** {@code FUSE_GETXATTR}: get an extended attribute. */
    public static final int GETXATTR = 22;
    /** {@code FUSE_LISTXATTR}: list extended attribute names. */
    public static final int LISTXATTR = 23;
    /** {@code FUSE_REMOVEXATTR}: remove an extended attribute. */
    public static final int REMOVEXATTR = 24;
    /** {@code FUSE_FLUSH}: close(2) of a file descriptor. */
    public static final int FLUSH = 25;
    /** {@code FUSE_INIT}: protocol negotiation. */
    public static final int INIT = 26;
    /** {@code FUSE_OPENDIR}: open a directory. */
    public static final int OPENDIR = 27;
    /** {@code FUSE_READDIR}: read directory entries. */
    public static final int READDIR = 28;
    /** {@code FUSE_RELEASEDIR}: last close of an open directory. */
    public static final int RELEASEDIR = 29;
    /** {@code FUSE_FSYNCDIR}: synchronize directory contents. */
    public static final int FSYNCDIR = 30;
    /** {@code FUSE_GETLK}: test for a POSIX lock. */
    public static final int GETLK = 31;
    /** {@code FUSE_SETLK}: acquire or release a POSIX lock without waiting. */
    public static final int SETLK = 32;
    /** {@code FUSE_SETLKW}: acquire a POSIX lock, waiting. */
    public static final int SETLKW = 33;
    /** {@code FUSE_ACCESS}: check access permissions. */
    public static final int ACCESS = 34;
    /** {@code FUSE_CREATE}: create and open a file. */
    public static final int CREATE = 35;
    /** {@code FUSE_INTERRUPT}: interrupt a pending request (/dev/fuse only). */
    public static final int INTERRUPT = 36;
    /** {@code FUSE_BMAP}: map a block (fuseblk only). */
    public static final int BMAP = 37;
    /** {@code FUSE_DESTROY}: clean up (fuseblk and virtiofs only; not sent for "fuse" mounts). */
    public static final int DESTROY = 38;
    /** {@code FUSE_IOCTL}: ioctl(2). */
    public static final int IOCTL = 39;
    /** {@code FUSE_POLL}: poll(2). */
    public static final int POLL = 40;
    /** {@code FUSE_NOTIFY_REPLY}: data answering a RETRIEVE notification (no reply). */
    public static final int NOTIFY_REPLY = 41;
    /** {@code FUSE_BATCH_FORGET}: drop lookup references of many inodes (no reply; /dev/fuse only). */
    public static final int BATCH_FORGET = 42;
    /** {@code FUSE_FALLOCATE}: fallocate(2). */
    public static final int FALLOCATE = 43;
    /** {@code FUSE_READDIRPLUS}: read directory entries with attributes. */
    public static final int READDIRPLUS = 44;
    /** {@code FUSE_RENAME2}: rename with flags. */
    public static final int RENAME2 = 45;
    /** {@code FUSE_LSEEK}: SEEK_DATA / SEEK_HOLE. */
    public static final int LSEEK = 46;
    /** {@code FUSE_COPY_FILE_RANGE}: copy_file_range(2) with a 32-bit result. */
    public static final int COPY_FILE_RANGE = 47;
    /** {@code FUSE_SETUPMAPPING}: DAX mapping (virtiofs only). */
    public static final int SETUPMAPPING = 48;
    /** {@code FUSE_REMOVEMAPPING}: DAX unmapping (virtiofs only). */
    public static final int REMOVEMAPPING = 49;
    /** {@code FUSE_SYNCFS}: syncfs(2) (virtiofs only in 6.18). */
    public static final int SYNCFS = 50;
    /** {@code FUSE_TMPFILE}: create an unnamed temporary file. */
    public static final int TMPFILE = 51;
    /** {@code FUSE_STATX}: statx(2). */
    public static final int STATX = 52;
    /** {@code FUSE_COPY_FILE_RANGE_64}: copy_file_range(2) with a 64-bit result (protocol 7.45). */
    public static final int COPY_FILE_RANGE_64 = 53;
    /** {@code CUSE_INIT}: CUSE initialisation (/dev/cuse only). */
    public static final int CUSE_INIT = 4096;

    /** Highest FUSE opcode of protocol 7.45 (CUSE_INIT excepted). */
    public static final int MAX = 53;

    private Opcode() {
    }

    /**
     * Returns the name of an opcode without the {@code FUSE_} prefix, for logs and metrics.
     *
     * @param opcode the opcode
     * @return a constant string such as {@code "LOOKUP"}, or {@code "OPCODE_<n>"} (allocated) if unknown
     */
    public static String name(int opcode) {
        return switch (opcode) {
            case LOOKUP -> "LOOKUP";
            case FORGET -> "FORGET";
            case GETATTR -> "GETATTR";
            case SETATTR -> "SETATTR";
            case READLINK -> "READLINK";
            case SYMLINK -> "SYMLINK";
            case MKNOD -> "MKNOD";
            case MKDIR -> "MKDIR";
            case UNLINK -> "UNLINK";
            case RMDIR -> "RMDIR";
            case RENAME -> "RENAME";
            case LINK -> "LINK";
            case OPEN -> "OPEN";
            case READ -> "READ";
            case WRITE -> "WRITE";
            case STATFS -> "STATFS";
            case RELEASE -> "RELEASE";
            case FSYNC -> "FSYNC";
            case SETXATTR -> "SETXATTR";
            case GETXATTR -> "GETXATTR";
            case LISTXATTR -> "LISTXATTR";
            case REMOVEXATTR -> "REMOVEXATTR";
            case FLUSH -> "FLUSH";
            case INIT -> "INIT";
            case OPENDIR -> "OPENDIR";
            case READDIR -> "READDIR";
            case RELEASEDIR -> "RELEASEDIR";
            case FSYNCDIR -> "FSYNCDIR";
            case GETLK -> "GETLK";
            case SETLK -> "SETLK";
            case SETLKW -> "SETLKW";
            case ACCESS -> "ACCESS";
            case CREATE -> "CREATE";
            case INTERRUPT -> "INTERRUPT";
            case BMAP -> "BMAP";
            case DESTROY -> "DESTROY";
            case IOCTL -> "IOCTL";
            case POLL -> "POLL";
            case NOTIFY_REPLY -> "NOTIFY_REPLY";
            case BATCH_FORGET -> "BATCH_FORGET";
            case FALLOCATE -> "FALLOCATE";
            case READDIRPLUS -> "READDIRPLUS";
            case RENAME2 -> "RENAME2";
            case LSEEK -> "LSEEK";
            case COPY_FILE_RANGE -> "COPY_FILE_RANGE";
            case SETUPMAPPING -> "SETUPMAPPING";
            case REMOVEMAPPING -> "REMOVEMAPPING";
            case SYNCFS -> "SYNCFS";
            case TMPFILE -> "TMPFILE";
            case STATX -> "STATX";
            case COPY_FILE_RANGE_64 -> "COPY_FILE_RANGE_64";
            case CUSE_INIT -> "CUSE_INIT";
            default -> "OPCODE_" + opcode;
        };
    }

    /**
     * Returns the size of in_args[0], the per-opcode struct, that a 6.18 kernel sends for an opcode when
     * protocol 7.45 and FUSE_SETXATTR_EXT are negotiated.
     *
     * <p>In ring mode this many bytes are valid at {@link FuseUringReqHeader#OP_IN}; in classic mode the
     * payload (in_args[1..]) starts this many bytes after the in-header. 0 means either a zero-size arg0
     * followed by a payload (names) or no in args at all (READLINK, STATFS, DESTROY); the comment of each
     * entry says which. Without FUSE_SETXATTR_EXT, SETXATTR sends {@link FuseSetxattrIn#COMPAT_SIZE}.
     *
     * @param opcode the opcode
     * @return the size in bytes, or -1 for opcodes the kernel never sends on a /dev/fuse connection
     *         (SETUPMAPPING, REMOVEMAPPING, SYNCFS, CUSE_INIT) and for unknown opcodes
     */
    public static int inArgSize(int opcode) {
        return switch (opcode) {
            // zero-size arg0; payload: name bytes, then "\0" (sent as two args)
            case LOOKUP -> 0;
            // fuse_forget_in; no payload; /dev/fuse only (ring: never)
            case FORGET -> 8;
            // fuse_getattr_in; no payload
            case GETATTR -> 16;
            // fuse_setattr_in; no payload
            case SETATTR -> 88;
            // no in args at all; header only
            case READLINK -> 0;
            // zero-size arg0; payload: "name\0" "target\0" [+ create extension]
            case SYMLINK -> 0;
            // fuse_mknod_in; payload: "name\0" [+ create extension]
            case MKNOD -> 16;
            // fuse_mkdir_in; payload: "name\0" [+ create extension]
            case MKDIR -> 8;
            // zero-size arg0; payload: "name\0"
            case UNLINK -> 0;
            // zero-size arg0; payload: "name\0"
            case RMDIR -> 0;
            // fuse_rename_in; payload: "oldname\0" "newname\0"
            case RENAME -> 8;
            // fuse_link_in; payload: "newname\0"
            case LINK -> 8;
            // fuse_open_in; no payload
            case OPEN -> 8;
            // fuse_read_in; no payload
            case READ -> 40;
            // fuse_write_in; payload: write_in.size bytes of data
            case WRITE -> 40;
            // no in args at all; header only
            case STATFS -> 0;
            // fuse_release_in; no payload
            case RELEASE -> 24;
            // fuse_fsync_in; no payload
            case FSYNC -> 16;
            // fuse_setxattr_in (8 without SETXATTR_EXT); payload: "name\0" then setxattr_in.size value bytes
            case SETXATTR -> 16;
            // fuse_getxattr_in; payload: "name\0"
            case GETXATTR -> 8;
            // fuse_getxattr_in; no payload
            case LISTXATTR -> 8;
            // zero-size arg0; payload: "name\0"
            case REMOVEXATTR -> 0;
            // fuse_flush_in; no payload
            case FLUSH -> 24;
            // fuse_init_in; no payload (always /dev/fuse: 40 + 64 = 104 bytes)
            case INIT -> 64;
            // fuse_open_in; no payload
            case OPENDIR -> 8;
            // fuse_read_in; no payload
            case READDIR -> 40;
            // fuse_release_in; no payload
            case RELEASEDIR -> 24;
            // fuse_fsync_in; no payload
            case FSYNCDIR -> 16;
            // fuse_lk_in; no payload
            case GETLK, SETLK, SETLKW -> 48;
            // fuse_access_in; no payload
            case ACCESS -> 8;
            // fuse_create_in; payload: "name\0" [+ create extension]
            case CREATE -> 16;
            // fuse_interrupt_in; no payload; /dev/fuse only (ring: never)
            case INTERRUPT -> 8;
            // fuse_bmap_in; no payload; fuseblk mounts only
            case BMAP -> 16;
            // no in args at all; header only; fuseblk mounts only
            case DESTROY -> 0;
            // fuse_ioctl_in; payload: ioctl_in.in_size bytes of input data (absent when 0)
            case IOCTL -> 32;
            // fuse_poll_in; no payload
            case POLL -> 24;
            // zero-size arg0; payload: fuse_notify_retrieve_in (40) then retrieve_in.size data bytes
            case NOTIFY_REPLY -> 0;
            // fuse_batch_forget_in; payload: fuse_forget_one[count]; /dev/fuse only (ring: never)
            case BATCH_FORGET -> 8;
            // fuse_fallocate_in; no payload
            case FALLOCATE -> 32;
            // fuse_read_in; no payload
            case READDIRPLUS -> 40;
            // fuse_rename2_in; payload: "oldname\0" "newname\0" (flags == 0 is sent as RENAME)
            case RENAME2 -> 16;
            // fuse_lseek_in; no payload
            case LSEEK -> 24;
            // fuse_copy_file_range_in; no payload
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> 56;
            // fuse_create_in; payload: "name\0" of the VFS placeholder dentry [+ create extension]
            case TMPFILE -> 16;
            // fuse_statx_in; no payload
            case STATX -> 24;
            // virtiofs DAX only: fuse_setupmapping_in (40) / zero arg0 + removemapping_in + ones
            case SETUPMAPPING, REMOVEMAPPING -> -1;
            // virtiofs only (fc->sync_fs): fuse_syncfs_in (8)
            case SYNCFS -> -1;
            // /dev/cuse only
            case CUSE_INIT -> -1;
            default -> -1;
        };
    }

    /**
     * Returns the size of the reply body (all out args, without the 16-byte {@link FuseOutHeader}) for
     * opcodes whose successful reply has a fixed size; in ring mode this is the exact
     * {@link FuseUringEntInOut#PAYLOAD_SZ} to commit.
     *
     * @param opcode the opcode
     * @return the size in bytes, 0 for replies without a body, or -1 for variable-size replies (READ,
     *         READLINK, READDIR, READDIRPLUS, GETXATTR and LISTXATTR, IOCTL), opcodes without a reply
     *         ({@link #hasReply(int)} is false) and opcodes never sent on /dev/fuse
     */
    public static int outArgSize(int opcode) {
        return switch (opcode) {
            case LOOKUP, MKNOD, MKDIR, SYMLINK, LINK -> (int) FuseEntryOut.SIZE;
            case GETATTR, SETATTR -> (int) FuseAttrOut.SIZE;
            case OPEN, OPENDIR -> (int) FuseOpenOut.SIZE;
            case CREATE, TMPFILE -> (int) (FuseEntryOut.SIZE + FuseOpenOut.SIZE);
            case WRITE, COPY_FILE_RANGE -> (int) FuseWriteOut.SIZE;
            case STATFS -> (int) FuseStatfsOut.SIZE;
            case GETLK -> (int) FuseLkOut.SIZE;
            case BMAP -> (int) FuseBmapOut.SIZE;
            case POLL -> (int) FusePollOut.SIZE;
            case LSEEK -> (int) FuseLseekOut.SIZE;
            case COPY_FILE_RANGE_64 -> (int) FuseCopyFileRangeOut.SIZE;
            case STATX -> (int) FuseStatxOut.SIZE;
            case INIT -> (int) FuseInitOut.SIZE;
            case UNLINK, RMDIR, RENAME, RENAME2, RELEASE, RELEASEDIR, FLUSH, FSYNC, FSYNCDIR, SETXATTR,
                 REMOVEXATTR, ACCESS, FALLOCATE, SETLK, SETLKW, SYNCFS, DESTROY -> 0;
            // GETXATTR/LISTXATTR: fuse_getxattr_out (8) when the request's size is 0, else the data
            // IOCTL: fuse_ioctl_out (16) followed by output data or iovecs
            case READ, READLINK, READDIR, READDIRPLUS, GETXATTR, LISTXATTR, IOCTL -> -1;
            default -> -1;
        };
    }

    /**
     * Tells whether the kernel waits for a reply to an opcode.
     *
     * @param opcode the opcode
     * @return false for FORGET, BATCH_FORGET and NOTIFY_REPLY, which take no reply, and for INTERRUPT,
     *         which is answered through the interrupted request (an own reply is optional and only
     *         -ENOSYS or -EAGAIN mean something to the kernel); true otherwise
     */
    public static boolean hasReply(int opcode) {
        return switch (opcode) {
            case FORGET, BATCH_FORGET, NOTIFY_REPLY, INTERRUPT -> false;
            default -> true;
        };
    }
}
