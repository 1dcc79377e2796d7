package dev.fusering.boot;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for tests that mount for real: in CI ({@code CI=true}) a machine that cannot mount fails the test,
 * elsewhere the test is skipped with the reason.
 */
public final class FuseTestSupport {

    private FuseTestSupport() {
    }

    /** Skips (outside CI) or fails (in CI) when this machine cannot mount FUSE filesystems. */
    public static void assumeCanMount() {
        String reason = null;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            reason = "/dev/fuse does not exist";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            reason = "mount tests need root (user is " + System.getProperty("user.name") + ")";
        }
        if (reason != null) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
                fail("cannot mount in CI: " + reason);
            }
            Assumptions.abort("skipped: " + reason);
        }
    }

    /**
     * Tells whether a directory is a mount point.
     *
     * @param dir the directory
     * @return true when it appears in /proc/self/mountinfo
     */
    public static boolean isMounted(Path dir) {
        String target = " " + dir.toAbsolutePath().normalize() + " ";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (line.contains(target)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Lazily unmounts a directory if it is still mounted: last-resort cleanup after a failed test.
     *
     * @param dir the directory
     */
    public static void forceUnmount(Path dir) {
        if (!isMounted(dir)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
