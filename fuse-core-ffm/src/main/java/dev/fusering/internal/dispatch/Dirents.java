package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.fusering.internal.abi.FuseDirent;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writing {@code struct fuse_dirent} records (the READDIR record, and the tail of a READDIRPLUS record)
 * and checking entry names the way the kernel does, without allocating. Public for
 * {@link dev.fusering.api.DirectoryListing}, which encodes its records once.
 */
public final class Dirents {

    /**
     * The longest entry name the kernel accepts in a READDIR reply ({@code FUSE_NAME_MAX}); a longer name
     * makes it fail the whole listing with EIO.
     */
    static final int NAME_MAX = 1024;

    /** Native byte order is little-endian: records are then written in whole 8-byte words. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** Reads 8 bytes of a name as one little-endian word. */
    private static final VarHandle BYTES_AS_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Dirents() {
    }

    /**
     * Checks an entry name and returns the length of its UTF-8 encoding.
     *
     * @param name the name
     * @return its length in bytes
     * @throws IllegalArgumentException when the name is empty, longer than {@link #NAME_MAX} bytes or
     *                                  contains '/' or NUL (the kernel would reject the whole reply)
     */
    public static int nameLength(String name) {
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("directory entry name contains '/' or NUL: " + name);
        }
        return checkLength(Utf8.encodedLength(name));
    }

    /**
     * Checks an entry name given as bytes and returns its length.
     *
     * @param name the name
     * @return its length in bytes
     * @throws IllegalArgumentException when the name is empty, longer than {@link #NAME_MAX} bytes or
     *                                  contains '/' or NUL
     */
    public static int nameLength(byte[] name) {
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new IllegalArgumentException("directory entry name contains '/' or NUL");
            }
        }
        return checkLength(name.length);
    }

    /**
     * Writes a {@code fuse_dirent} with a string name and zeroes the padding after the name.
     *
     * @param segment    the reply segment
     * @param at         where the record starts
     * @param ino        the inode number
     * @param nextOffset the offset of the next entry
     * @param mode       the entry's mode (only the type bits are used)
     * @param name       the name
     * @param nameLength the name's encoded length from {@link #nameLength(String)}
     */
    static void put(MemorySegment segment, long at, long ino, long nextOffset, int mode, String name,
                    int nameLength) {
        putHeader(segment, at, ino, nextOffset, mode, nameLength);
        Utf8.encode(name, segment, at + FuseDirent.NAME);
        zeroPadding(segment, at + FuseDirent.NAME, nameLength);
    }

    /**
     * Writes a {@code fuse_dirent} with a byte name and zeroes the padding after the name.
     *
     * @param segment    the reply segment
     * @param at         where the record starts
     * @param ino        the inode number
     * @param nextOffset the offset of the next entry
     * @param mode       the entry's mode (only the type bits are used)
     * @param name       the name, checked with {@link #nameLength(byte[])}
     */
    public static void put(MemorySegment segment, long at, long ino, long nextOffset, int mode, byte[] name) {
        int n = name.length;
        if (!LITTLE_ENDIAN) {
            putHeader(segment, at, ino, nextOffset, mode, n);
            MemorySegment.copy(name, 0, segment, JAVA_BYTE, at + FuseDirent.NAME, n);
            zeroPadding(segment, at + FuseDirent.NAME, n);
            return;
        }
        // Whole 8-byte words only: namelen and type as one word, the name and its zero padding word by word.
        segment.set(JAVA_LONG_UNALIGNED, at + FuseDirent.INO, ino);
        segment.set(JAVA_LONG_UNALIGNED, at + FuseDirent.OFF, nextOffset);
        segment.set(JAVA_LONG_UNALIGNED, at + FuseDirent.NAMELEN, n | ((long) type(mode) << 32));
        long nameAt = at + FuseDirent.NAME;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            segment.set(JAVA_LONG_UNALIGNED, nameAt + i, (long) BYTES_AS_LONG.get(name, i));
        }
        if (i < n) {
            long word = 0;
            for (int k = n - 1; k >= i; k--) {
                word = (word << 8) | (name[k] & 0xFF);
            }
            segment.set(JAVA_LONG_UNALIGNED, nameAt + i, word);
        }
    }

    /**
     * Returns the dirent type of a mode: the {@code S_IFMT} bits shifted down ({@code DT_*}).
     *
     * @param mode an {@code st_mode}
     * @return the type, 0 ({@code DT_UNKNOWN}) when the mode has no type bits
     */
    static int type(int mode) {
        return (mode >>> 12) & 0xF;
    }

    private static int checkLength(int length) {
        if (length == 0 || length > NAME_MAX) {
            throw new IllegalArgumentException("directory entry name must have 1.." + NAME_MAX + " bytes, got "
                    + length);
        }
        return length;
    }

    private static void putHeader(MemorySegment segment, long at, long ino, long nextOffset, int mode,
                                  int nameLength) {
        segment.set(JAVA_LONG_UNALIGNED, at + FuseDirent.INO, ino);
        segment.set(JAVA_LONG_UNALIGNED, at + FuseDirent.OFF, nextOffset);
        segment.set(JAVA_INT_UNALIGNED, at + FuseDirent.NAMELEN, nameLength);
        segment.set(JAVA_INT_UNALIGNED, at + FuseDirent.TYPE, type(mode));
    }

    private static void zeroPadding(MemorySegment segment, long nameAt, int nameLength) {
        int padded = (nameLength + 7) & ~7;
        ReplyMemory.zero(segment, nameAt + nameLength, padded - nameLength);
    }
}
