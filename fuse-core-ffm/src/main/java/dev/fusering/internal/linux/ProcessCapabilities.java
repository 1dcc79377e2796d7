package dev.fusering.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective capabilities of this process, read from the {@code CapEff:} line of
 * {@code /proc/self/status}.
 */
public final class ProcessCapabilities {

    /** {@code CAP_SYS_ADMIN}: the capability number the FUSE backing-file ioctls require. */
    public static final int CAP_SYS_ADMIN = 21;

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessCapabilities() {
    }

    /**
     * Tells whether the process has a capability in its effective set.
     *
     * @param capability the capability number, e.g. {@link #CAP_SYS_ADMIN}
     * @return true when the bit is set; false when it is not or the status file cannot be read
     */
    public static boolean hasEffective(int capability) {
        try {
            return isSet(Files.readString(STATUS), capability);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Tells whether a capability is set in the {@code CapEff:} line of a {@code /proc/PID/status} text.
     *
     * @param status     the text of the status file
     * @param capability the capability number (0..63)
     * @return true when the line exists and has the bit set
     */
    static boolean isSet(String status, int capability) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                    return (mask & (1L << capability)) != 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
