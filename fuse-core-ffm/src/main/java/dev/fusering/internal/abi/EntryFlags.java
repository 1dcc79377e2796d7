package dev.fusering.internal.abi;

/**
 * Bits of {@code fuse_notify_inval_entry_out.flags}.
 */
public final class EntryFlags {

    /** {@code FUSE_EXPIRE_ONLY}: only expire the entry instead of dropping it (needs HAS_EXPIRE_ONLY). */
    public static final int EXPIRE_ONLY = 1 << 0;

    private EntryFlags() {
    }
}
