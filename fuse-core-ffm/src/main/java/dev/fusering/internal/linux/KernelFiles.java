package dev.fusering.internal.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads small kernel files ({@code /proc/sys}, {@code /sys}) with one read at offset 0.
 *
 * <p>{@code Files.readString} is wrong for sysctl files: they report size 0, so it starts with a tiny read,
 * and a sysctl answers only a read at offset 0 (a later read returns end of file): {@code max_pages_limit}
 * "256" came back as "2".
 */
public final class KernelFiles {

    /** The largest file this reads. */
    public static final int MAX_SIZE = 4096;

    private KernelFiles() {
    }

    /**
     * Reads a small kernel file and strips white space at both ends.
     *
     * @param file the file
     * @return its content, stripped
     * @throws IOException if it cannot be read
     */
    public static String read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(MAX_SIZE);
            // A new channel is at offset 0; a positional read would fail on files that cannot seek (fusectl).
            int n = ch.read(buf);
            if (n <= 0) {
                return "";
            }
            return new String(buf.array(), 0, n, StandardCharsets.US_ASCII).strip();
        }
    }
}
