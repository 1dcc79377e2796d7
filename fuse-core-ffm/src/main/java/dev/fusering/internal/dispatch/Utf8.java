package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding of strings straight into native memory and comparison with native bytes, without
 * allocating. The encoding is the one of {@code String.getBytes(UTF_8)}: a lone surrogate becomes
 * {@code '?'}.
 */
final class Utf8 {

    private static final byte REPLACEMENT = '?';

    private Utf8() {
    }

    /**
     * Returns the number of bytes of a string's UTF-8 encoding.
     *
     * @param s the string
     * @return the encoded length in bytes
     */
    static int encodedLength(String s) {
        int n = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (isPairAt(s, i)) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Writes a string's UTF-8 encoding; the caller has checked that {@link #encodedLength} bytes fit.
     *
     * @param s       the string
     * @param segment where to write
     * @param offset  where the bytes start
     * @return the number of bytes written
     */
    static int encode(String s, MemorySegment segment, long offset) {
        long p = offset;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                segment.set(JAVA_BYTE, p++, (byte) c);
            } else if (c < 0x800) {
                segment.set(JAVA_BYTE, p++, (byte) (0xC0 | (c >> 6)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | (c & 0x3F)));
            } else if (isPairAt(s, i)) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
                segment.set(JAVA_BYTE, p++, (byte) (0xF0 | (cp >> 18)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                segment.set(JAVA_BYTE, p++, REPLACEMENT);
            } else {
                segment.set(JAVA_BYTE, p++, (byte) (0xE0 | (c >> 12)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                segment.set(JAVA_BYTE, p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return (int) (p - offset);
    }

    /**
     * Tells whether native bytes equal a string's UTF-8 encoding.
     *
     * @param segment the segment holding the bytes
     * @param offset  where they start
     * @param length  how many bytes there are
     * @param s       the string
     * @return true when the encoding of {@code s} is exactly those bytes
     */
    static boolean contentEquals(MemorySegment segment, long offset, int length, String s) {
        int p = 0;
        int chars = s.length();
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (!byteEquals(segment, offset, length, p++, c)) {
                    return false;
                }
            } else if (c < 0x800) {
                if (!byteEquals(segment, offset, length, p++, 0xC0 | (c >> 6))
                        || !byteEquals(segment, offset, length, p++, 0x80 | (c & 0x3F))) {
                    return false;
                }
            } else if (isPairAt(s, i)) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
                if (!byteEquals(segment, offset, length, p++, 0xF0 | (cp >> 18))
                        || !byteEquals(segment, offset, length, p++, 0x80 | ((cp >> 12) & 0x3F))
                        || !byteEquals(segment, offset, length, p++, 0x80 | ((cp >> 6) & 0x3F))
                        || !byteEquals(segment, offset, length, p++, 0x80 | (cp & 0x3F))) {
                    return false;
                }
            } else if (Character.isSurrogate(c)) {
                if (!byteEquals(segment, offset, length, p++, REPLACEMENT)) {
                    return false;
                }
            } else {
                if (!byteEquals(segment, offset, length, p++, 0xE0 | (c >> 12))
                        || !byteEquals(segment, offset, length, p++, 0x80 | ((c >> 6) & 0x3F))
                        || !byteEquals(segment, offset, length, p++, 0x80 | (c & 0x3F))) {
                    return false;
                }
            }
        }
        return p == length;
    }

    /**
     * Decodes native bytes as UTF-8; malformed input becomes U+FFFD.
     *
     * @param segment the segment holding the bytes
     * @param offset  where they start
     * @param length  how many bytes there are
     * @return a new string
     */
    static String decode(MemorySegment segment, long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static boolean byteEquals(MemorySegment segment, long offset, int length, int index, int expected) {
        return index < length && segment.get(JAVA_BYTE, offset + index) == (byte) expected;
    }
}
