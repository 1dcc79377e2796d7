package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_attr.flags} and {@code fuse_statx_out.flags} ({@code FUSE_ATTR_*}).
 */
public final class AttrFlags {

    /** {@code FUSE_ATTR_SUBMOUNT}: the object is a submount root. */
    public static final int SUBMOUNT = 1 << 0;

    /** {@code FUSE_ATTR_DAX}: enable DAX for this file in per-inode DAX mode. */
    public static final int DAX = 1 << 1;

    private AttrFlags() {
    }
}
