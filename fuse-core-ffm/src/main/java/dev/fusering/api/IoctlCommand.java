package dev.fusering.api;

/**
 * Decodes Linux ioctl(2) command numbers and names the flag bits of {@link Filesystem#ioctl}.
 *
 * <p>A command number packs four fields (the kernel's {@code _IOC} encoding on x86, arm and most other
 * architectures): bits 0..7 the number, 8..15 the type (a character such as {@code 'f'}), 16..29 the size
 * of the argument struct and 30..31 the direction ({@link #WRITE}: the caller passes data in,
 * {@link #READ}: the caller gets data out, both for {@code _IOWR}). FUSE only forwards such well-formed
 * ("restricted") commands: the kernel copies {@link #size} bytes from the caller before the request
 * (direction {@link #WRITE}) and copies the reply's data back afterwards (direction {@link #READ}).
 */
public final class IoctlCommand {

    /** Direction bit: the caller passes {@link #size} bytes to the filesystem ({@code _IOW}, {@code _IOWR}). */
    public static final int WRITE = 1;

    /** Direction bit: the filesystem returns {@link #size} bytes to the caller ({@code _IOR}, {@code _IOWR}). */
    public static final int READ = 2;

    /** {@code FUSE_IOCTL_COMPAT}: a 32-bit compat ioctl on a 64-bit kernel. */
    public static final int FLAG_COMPAT = 1;

    /** {@code FUSE_IOCTL_32BIT}: the caller is a 32-bit process (pointers and longs in its structs are 32-bit). */
    public static final int FLAG_32BIT = 1 << 3;

    /** {@code FUSE_IOCTL_DIR}: the ioctl was made on a directory. */
    public static final int FLAG_DIR = 1 << 4;

    /** {@code FUSE_IOCTL_COMPAT_X32}: an x32 compat ioctl (64-bit {@code time_t}). */
    public static final int FLAG_COMPAT_X32 = 1 << 5;

    private IoctlCommand() {
    }

    /**
     * Builds a command number, like the kernel's {@code _IOC(dir, type, nr, size)}.
     *
     * @param direction 0, {@link #WRITE}, {@link #READ} or both
     * @param type      the type character, 0..255
     * @param number    the command number within the type, 0..255
     * @param size      the argument size in bytes, 0..16383
     * @return the command number
     * @throws IllegalArgumentException when a field is out of range
     */
    public static int of(int direction, int type, int number, int size) {
        if (direction < 0 || direction > 3 || type < 0 || type > 255 || number < 0 || number > 255
                || size < 0 || size > 0x3FFF) {
            throw new IllegalArgumentException("ioctl fields out of range: dir " + direction + ", type " + type
                    + ", nr " + number + ", size " + size);
        }
        return direction << 30 | size << 16 | type << 8 | number;
    }

    /**
     * Returns the direction bits of a command.
     *
     * @param cmd the command number
     * @return 0, {@link #WRITE}, {@link #READ} or both
     */
    public static int direction(int cmd) {
        return cmd >>> 30;
    }

    /**
     * Returns the argument size encoded in a command.
     *
     * @param cmd the command number
     * @return the size in bytes, 0..16383
     */
    public static int size(int cmd) {
        return (cmd >>> 16) & 0x3FFF;
    }

    /**
     * Returns the type field of a command.
     *
     * @param cmd the command number
     * @return the type, 0..255
     */
    public static int type(int cmd) {
        return (cmd >>> 8) & 0xFF;
    }

    /**
     * Returns the number field of a command.
     *
     * @param cmd the command number
     * @return the number, 0..255
     */
    public static int number(int cmd) {
        return cmd & 0xFF;
    }
}
