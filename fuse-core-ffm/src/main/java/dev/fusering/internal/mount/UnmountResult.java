package dev.fusering.internal.mount;

/**
 * What {@link KernelMount#unmount(java.nio.file.Path)} did.
 */
public enum UnmountResult {
    /** The filesystem was unmounted at once ({@code umount2(path, 0)}). */
    UNMOUNTED,
    /**
     * The filesystem was busy and was detached lazily ({@code MNT_DETACH}): it is gone from the
     * namespace now and the kernel finishes the unmount when the last user lets go.
     */
    DETACHED,
    /** Nothing was mounted there any more (EINVAL or ENOENT from umount2). */
    NOT_MOUNTED
}
