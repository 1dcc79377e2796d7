package dev.fusering.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns FUSE-over-io_uring off for the next mounts ({@code enable_uring=N}) and back on ({@code Y}) when
 * closed. The kernel reads the switch when a mount is made, so close it as soon as the mount under test
 * exists: the switch is global and other mounts made meanwhile on this machine would not get io_uring.
 */
final class UringSwitch implements AutoCloseable {

    /** The fuse module parameter. */
    static final Path ENABLE_URING = Path.of("/sys/module/fuse/parameters/enable_uring");

    private boolean off;

    private UringSwitch() {
    }

    /**
     * Writes {@code N} to the switch.
     *
     * @return the switch; close it to write {@code Y} again
     */
    static UringSwitch disable() {
        UringSwitch s = new UringSwitch();
        write("N");
        s.off = true;
        return s;
    }

    /** Writes {@code Y} back (idempotent). */
    @Override
    public void close() {
        if (off) {
            off = false;
            write("Y");
        }
    }

    /** @return the current value of the switch, e.g. {@code Y} */
    static String value() {
        try {
            return Files.readString(ENABLE_URING).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String value) {
        try {
            Files.writeString(ENABLE_URING, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " to " + ENABLE_URING, e);
        }
    }
}
