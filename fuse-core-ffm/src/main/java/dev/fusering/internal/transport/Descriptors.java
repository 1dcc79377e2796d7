package dev.fusering.internal.transport;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires file descriptors that a thread the engine could not stop might still write to (a filesystem
 * call that never returned writes its reply when it finally does). Closing such a descriptor would let the
 * number be reused for an unrelated file, which the late write would then corrupt; instead its number is
 * pointed at {@code /dev/null} (which also drops the reference to the original file) and kept.
 */
public final class Descriptors {

    private static final Logger log = LoggerFactory.getLogger(Descriptors.class);

    private Descriptors() {
    }

    /**
     * Closes a descriptor, or, when {@code mayStillBeUsed}, replaces it by {@code /dev/null} and keeps the
     * number allocated for the life of the process.
     *
     * @param fd             the descriptor, ignored when negative
     * @param mayStillBeUsed true when a late writer may still use the number
     * @param what           what the descriptor is, for logs
     */
    public static void retire(int fd, boolean mayStillBeUsed, String what) {
        if (fd < 0) {
            return;
        }
        try {
            if (mayStillBeUsed) {
                int devNull = LibC.open("/dev/null", LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC);
                try {
                    LibC.dup2(devNull, fd);
                } finally {
                    LibC.close(devNull);
                }
                log.debug("{} (fd {}) pointed at /dev/null: a request is still held by the filesystem", what, fd);
            } else {
                LibC.close(fd);
            }
        } catch (NativeCallException e) {
            log.warn("retiring {} (fd {}) failed: {}", what, fd, e.getMessage());
        }
    }
}
