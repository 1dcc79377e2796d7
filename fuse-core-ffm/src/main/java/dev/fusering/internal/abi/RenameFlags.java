package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_rename2_in.flags}: the renameat2(2) flags of linux/fs.h that the kernel passes through.
 */
public final class RenameFlags {

    /** {@code RENAME_NOREPLACE}: do not overwrite the target. */
    public static final int NOREPLACE = 1 << 0;

    /** {@code RENAME_EXCHANGE}: exchange source and target. */
    public static final int EXCHANGE = 1 << 1;

    /** {@code RENAME_WHITEOUT}: leave a whiteout object at the source. */
    public static final int WHITEOUT = 1 << 2;

    private RenameFlags() {
    }
}
