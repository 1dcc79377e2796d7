package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_setxattr_in.setxattr_flags} ({@code FUSE_SETXATTR_*}, with SETXATTR_EXT).
 */
public final class SetxattrFlags {

    /** {@code FUSE_SETXATTR_ACL_KILL_SGID}: clear SGID when system.posix_acl_access is set. */
    public static final int ACL_KILL_SGID = 1 << 0;

    private SetxattrFlags() {
    }
}
