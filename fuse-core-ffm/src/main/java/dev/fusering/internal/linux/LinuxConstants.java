package dev.fusering.internal.linux;

/**
 * Linux x86_64 flag values used with the calls in {@link LibC}: {@code open(2)}, {@code mount(2)},
 * {@code umount2(2)}, {@code mmap(2)}, {@code eventfd(2)}, {@code statx(2)}.
 *
 * <p>Values were checked against the C headers of this platform (glibc 2.36, x86_64). Error numbers
 * are not repeated here: use {@link dev.fusering.api.Errno}.
 */
public final class LinuxConstants {

    private LinuxConstants() {
    }

    // ---- open(2) ----

    /** {@code O_RDONLY}: open for reading only. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}: open for writing only. */
    public static final int O_WRONLY = 1;
    /** {@code O_RDWR}: open for reading and writing. */
    public static final int O_RDWR = 2;
    /** {@code O_NONBLOCK}: non-blocking I/O (octal 04000). */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_DIRECTORY}: fail unless the path is a directory (octal 0200000). */
    public static final int O_DIRECTORY = 0x10000;
    /** {@code O_CLOEXEC}: close the descriptor on exec (octal 02000000). */
    public static final int O_CLOEXEC = 0x80000;
    /** {@code O_NOFOLLOW}: fail with ELOOP when the last path component is a symbolic link (octal 0400000). */
    public static final int O_NOFOLLOW = 0x20000;

    // ---- mount(2) flags ----

    /** {@code MS_RDONLY}: mount read-only. */
    public static final long MS_RDONLY = 1L;
    /** {@code MS_NOSUID}: ignore set-user-ID and set-group-ID bits. */
    public static final long MS_NOSUID = 2L;
    /** {@code MS_NODEV}: do not interpret device files. */
    public static final long MS_NODEV = 4L;
    /** {@code MS_NOEXEC}: do not allow programs to be executed. */
    public static final long MS_NOEXEC = 8L;
    /** {@code MS_SYNCHRONOUS}: writes are synced at once. */
    public static final long MS_SYNCHRONOUS = 16L;
    /** {@code MS_DIRSYNC}: directory modifications are synchronous. */
    public static final long MS_DIRSYNC = 128L;
    /** {@code MS_NOATIME}: do not update access times. */
    public static final long MS_NOATIME = 1024L;

    // ---- umount2(2) flags ----

    /** {@code MNT_FORCE}: force unmounting (only some filesystems honour it). */
    public static final int MNT_FORCE = 1;
    /** {@code MNT_DETACH}: lazy unmount: detach now, clean up when no longer busy. */
    public static final int MNT_DETACH = 2;
    /** {@code UMOUNT_NOFOLLOW}: do not dereference the target if it is a symbolic link. */
    public static final int UMOUNT_NOFOLLOW = 8;

    // ---- mmap(2) ----

    /** {@code PROT_READ}: pages may be read. */
    public static final int PROT_READ = 1;
    /** {@code PROT_WRITE}: pages may be written. */
    public static final int PROT_WRITE = 2;
    /** {@code MAP_SHARED}: share the mapping with other mappings of the same object. */
    public static final int MAP_SHARED = 1;
    /** {@code MAP_PRIVATE}: private copy-on-write mapping. */
    public static final int MAP_PRIVATE = 2;
    /** {@code MAP_ANONYMOUS}: memory not backed by a file (fd must be -1). */
    public static final int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_POPULATE}: pre-fault the pages. */
    public static final int MAP_POPULATE = 0x8000;

    // ---- eventfd(2) ----

    /** {@code EFD_NONBLOCK}: non-blocking eventfd (same value as O_NONBLOCK). */
    public static final int EFD_NONBLOCK = 0x800;
    /** {@code MADV_HUGEPAGE}: back the range with transparent huge pages where possible. */
    public static final int MADV_HUGEPAGE = 14;
    /** {@code SCHED_OTHER}: the default time-sharing scheduling policy. */
    public static final int SCHED_OTHER = 0;
    /** {@code SCHED_IDLE}: runs only when no normal task wants the CPU; leaving it needs CAP_SYS_NICE. */
    public static final int SCHED_IDLE = 5;

    /** {@code EFD_CLOEXEC}: close the eventfd on exec (same value as O_CLOEXEC). */
    public static final int EFD_CLOEXEC = 0x80000;

    // ---- statx(2) ----

    /** {@code AT_FDCWD}: resolve relative paths against the current directory. */
    public static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}: do not follow a final symbolic link. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code STATX_BASIC_STATS}: request all the fields of a classic {@code struct stat}. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code S_IFMT}: file type mask of a mode. */
    public static final int S_IFMT = 0xf000;
    /** {@code S_IFDIR}: directory file type. */
    public static final int S_IFDIR = 0x4000;
    /** {@code S_IFCHR}: character device file type. */
    public static final int S_IFCHR = 0x2000;
}
