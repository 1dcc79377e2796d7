package dev.fusering.testing;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real mounts for tests. In CI ({@code CI=true}) a mount that cannot be made fails the test; elsewhere the
 * test is skipped with the reason (no /dev/fuse, not root, io_uring switched off).
 *
 * <p>Every mount made here is unmounted by {@link Mount#close()}, which also runs {@code umount -l} when the
 * session did not manage to, so no test leaves a mount behind even when it fails.
 */
public final class TestMounts {

    private TestMounts() {
    }

    /** @return true when running in CI, where mount tests must not be skipped */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    }

    /**
     * Skips (outside CI) or fails (in CI) when this machine cannot mount FUSE filesystems at all.
     *
     * @param transport the transport the test needs
     */
    public static void assumeCanMount(Transport transport) {
        String reason = null;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            reason = "/dev/fuse does not exist";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            reason = "mount tests need root (user is " + System.getProperty("user.name") + ")";
        } else if (transport == Transport.IO_URING && !uringEnabled()) {
            reason = "FUSE-over-io_uring is disabled: echo Y > /sys/module/fuse/parameters/enable_uring";
        }
        if (reason != null) {
            if (inCi()) {
                fail("cannot mount in CI: " + reason);
            }
            Assumptions.abort("skipped: " + reason);
        }
    }

    /** @return whether /sys/module/fuse/parameters/enable_uring is Y */
    public static boolean uringEnabled() {
        try {
            return Files.readString(Path.of("/sys/module/fuse/parameters/enable_uring")).trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Mounts {@code fs} on a new empty directory below {@code parent}.
     *
     * @param parent    a temporary directory of the test
     * @param fs        the filesystem
     * @param transport the transport ({@link Transport#IO_URING} and {@link Transport#CLASSIC} are checked to
     *                  be what the session really uses)
     * @param dispatch  the dispatch mode
     * @param options   the mount options
     * @return the mount; close it in a finally block or {@code @AfterEach}
     */
    public static Mount mount(Path parent, Filesystem fs, Transport transport, DispatchMode dispatch,
                              MountOptions options) {
        return mount(parent, fs, transport, dispatch, options, session -> { });
    }

    /**
     * Mounts {@code fs} on a new empty directory below {@code parent}, with further session settings.
     *
     * @param parent    a temporary directory of the test
     * @param fs        the filesystem
     * @param transport the transport (checked as in {@link #mount(Path, Filesystem, Transport, DispatchMode,
     *                  MountOptions)})
     * @param dispatch  the dispatch mode
     * @param options   the mount options
     * @param tuning    applied to the session before it starts, e.g. {@code s -> s.idleRingOwners(false)}
     * @return the mount; close it in a finally block or {@code @AfterEach}
     */
    public static Mount mount(Path parent, Filesystem fs, Transport transport, DispatchMode dispatch,
                              MountOptions options, Consumer<Session> tuning) {
        assumeCanMount(transport);
        try {
            Path dir = Files.createTempDirectory(parent, "mnt");
            Session session = new Session(dir, options).transport(transport).dispatch(dispatch)
                    .shutdownTimeout(Duration.ofSeconds(5));
            tuning.accept(session);
            RunningSession running = session.start(fs);
            if (transport != Transport.AUTO && running.transport() != transport) {
                running.close();
                fail("asked for " + transport + " but the session uses " + running.transport());
            }
            return new Mount(dir, running);
        } catch (FuseMountException e) {
            throw new AssertionError("mount failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Mounts with default options (timeouts 0 so that every operation reaches the filesystem).
     *
     * @param parent    a temporary directory of the test
     * @param fs        the filesystem
     * @param transport the transport
     * @param dispatch  the dispatch mode
     * @return the mount
     */
    public static Mount mount(Path parent, Filesystem fs, Transport transport, DispatchMode dispatch) {
        return mount(parent, fs, transport, dispatch, MountOptions.builder()
                .entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build());
    }

    /** @return true when {@code dir} is a mount point in /proc/self/mountinfo */
    public static boolean isMounted(Path dir) {
        try {
            String target = " " + dir.toAbsolutePath().normalize() + " ";
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

    /** Lazily unmounts {@code dir} if it is still mounted (last-resort cleanup). */
    public static void forceUnmount(Path dir) {
        if (isMounted(dir)) {
            Shell.run(Duration.ofSeconds(10), List.of("umount", "-l", dir.toString()));
        }
    }

    /**
     * A mounted filesystem for one test.
     *
     * @param dir     the mount point
     * @param session the running session
     */
    public record Mount(Path dir, RunningSession session) implements AutoCloseable {

        /**
         * Resolves a path below the mount point.
         *
         * @param relative the relative path
         * @return the absolute path
         */
        public Path path(String relative) {
            return dir.resolve(relative);
        }

        /** Unmounts (gracefully, then by force if needed) and waits for the session to end. */
        @Override
        public void close() {
            try {
                Thread closer = Thread.ofPlatform().start(session::close);
                if (!closer.join(Duration.ofSeconds(30))) {
                    forceUnmount(dir);
                    closer.join(Duration.ofSeconds(15));
                    fail("session at " + dir + " did not close within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                forceUnmount(dir);
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // the temp dir cleanup will report it
                }
            }
        }
    }

    /**
     * Waits until a condition holds.
     *
     * @param timeout   how long at most
     * @param condition what to wait for
     * @return true if it held in time
     */
    public static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
