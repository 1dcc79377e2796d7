package dev.fusering.boot;

import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Mounts one {@link FuseFilesystem @FuseFilesystem} bean while the application context runs: one such bean
 * is registered per mount (named {@code fuseMountLifecycle.<mount name>}).
 *
 * <p>Phase {@value #PHASE} ({@code Integer.MAX_VALUE - 4096}): lower than the phases of Spring Boot's web
 * server lifecycles ({@code WebServerStartStopLifecycle}, {@code Integer.MAX_VALUE - 2048}, and
 * {@code WebServerGracefulShutdownLifecycle}, {@code Integer.MAX_VALUE - 1024}), so the filesystem is mounted
 * before the embedded web server accepts requests, and unmounted only after the server has drained its
 * requests and stopped.
 *
 * <p>{@link #stop(Runnable)} returns at once and unmounts on a separate thread: in-flight FUSE requests are
 * drained within the shutdown timeout (derived from {@code spring.lifecycle.timeout-per-shutdown-phase}),
 * then the filesystem is unmounted and the callback runs. If the context gives up waiting,
 * {@link #destroy()} still waits for the unmount, so the application never exits with the filesystem
 * mounted. The lifecycle is not pauseable: pausing the context keeps the filesystem mounted.
 */
public class FuseMountLifecycle implements SmartLifecycle, DisposableBean {

    /** The lifecycle phase: mounted before, and unmounted after, the embedded web server. */
    public static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Logger log = LoggerFactory.getLogger(FuseMountLifecycle.class);

    private final FuseMountSettings settings;
    private final Filesystem filesystem;
    private final ObjectProvider<FuseMountListener> listeners;
    private final Duration shutdownTimeout;
    private final boolean autoStartup;
    private final Object lock = new Object();
    private volatile RunningSession session;
    private volatile boolean running;

    /**
     * Creates the lifecycle of one mount.
     *
     * @param settings        the mount's settings
     * @param filesystem      the filesystem bean
     * @param listeners       the listeners to call around mounting, looked up when mounting
     * @param shutdownTimeout how long stopping waits for in-flight requests before unmounting
     * @param autoStartup     whether to mount when the application context starts
     */
    public FuseMountLifecycle(FuseMountSettings settings, Filesystem filesystem,
                              ObjectProvider<FuseMountListener> listeners, Duration shutdownTimeout,
                              boolean autoStartup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.filesystem = Objects.requireNonNull(filesystem, "filesystem");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        this.autoStartup = autoStartup;
    }

    /**
     * Returns the mount's settings.
     *
     * @return the settings
     */
    public FuseMountSettings settings() {
        return settings;
    }

    /**
     * Returns the mounted filesystem bean.
     *
     * @return the filesystem
     */
    public Filesystem filesystem() {
        return filesystem;
    }

    /**
     * Returns the session of the current or last mount.
     *
     * @return the session, or null before the first start
     */
    public RunningSession session() {
        return session;
    }

    /**
     * Returns how long stopping waits for in-flight requests.
     *
     * @return the drain timeout
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Creates the mount point if asked to, and mounts the filesystem.
     *
     * @throws FuseMountFailedException when the filesystem cannot be mounted
     */
    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            createMountPointIfAsked();
            Session newSession = settings.newSession(shutdownTimeout);
            List<FuseMountListener> current = listeners.orderedStream().toList();
            for (FuseMountListener listener : current) {
                listener.beforeMount(settings, newSession);
            }
            RunningSession started;
            try {
                started = newSession.start(filesystem);
            } catch (FuseMountException e) {
                throw new FuseMountFailedException(settings, e);
            }
            session = started;
            running = true;
            log.info("Mounted '{}' on {} (transport {}, {} queues, {} workers)", settings.name(),
                    started.mountPoint(), started.transport(), started.queues(), started.workers());
            try {
                for (FuseMountListener listener : current) {
                    listener.mounted(settings, started);
                }
            } catch (RuntimeException e) {
                running = false;
                started.close();
                throw e;
            }
        }
    }

    private void createMountPointIfAsked() {
        if (!settings.createMountPoint() || Files.exists(settings.mountPoint())) {
            return;
        }
        try {
            Files.createDirectories(settings.mountPoint());
            log.info("Created mount point {} for '{}'", settings.mountPoint(), settings.name());
        } catch (IOException e) {
            throw new FuseMountFailedException(settings, new FuseMountException(
                    FuseMountException.Reason.MOUNT_POINT_MISSING,
                    "cannot create mount point " + settings.mountPoint() + ": " + e, e));
        }
    }

    /**
     * Unmounts on a separate thread after draining in-flight requests, then runs the callback.
     *
     * @param callback told when the filesystem is unmounted
     */
    @Override
    public void stop(Runnable callback) {
        RunningSession current = takeForStop();
        if (current == null) {
            callback.run();
            return;
        }
        Thread.ofPlatform().name("fuse-unmount-" + settings.name()).start(() -> {
            try {
                unmount(current);
            } finally {
                callback.run();
            }
        });
    }

    /** Unmounts after draining in-flight requests, and returns once unmounted. */
    @Override
    public void stop() {
        RunningSession current = takeForStop();
        if (current != null) {
            unmount(current);
        }
    }

    private RunningSession takeForStop() {
        synchronized (lock) {
            if (!running) {
                return null;
            }
            running = false;
            return session;
        }
    }

    private void unmount(RunningSession current) {
        log.info("Unmounting '{}' from {} (draining in-flight requests for at most {})", settings.name(),
                current.mountPoint(), shutdownTimeout);
        try {
            current.close();
        } catch (RuntimeException e) {
            log.warn("Unmounting '{}' from {} failed: {}", settings.name(), current.mountPoint(), e.toString(), e);
        }
        for (FuseMountListener listener : listeners.orderedStream().toList()) {
            try {
                listener.unmounted(settings);
            } catch (RuntimeException e) {
                log.warn("FuseMountListener {} failed after unmounting '{}': {}", listener, settings.name(),
                        e.toString(), e);
            }
        }
        log.info("Unmounted '{}' from {}", settings.name(), current.mountPoint());
    }

    /**
     * Tells whether the filesystem was mounted by {@link #start()} and not stopped since (it may have been
     * unmounted from outside meanwhile: see {@link RunningSession#isRunning()}).
     *
     * @return whether this lifecycle is started
     */
    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Tells whether the filesystem is mounted when the context starts ({@code fuse.auto-startup}).
     *
     * @return whether to start automatically
     */
    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /**
     * Returns {@link #PHASE}.
     *
     * @return the phase
     */
    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Returns false: pausing the application context keeps the filesystem mounted.
     *
     * @return false
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Makes sure the filesystem is unmounted when the context closes, waiting for it if needed. */
    @Override
    public void destroy() {
        RunningSession current = session;
        if (current == null) {
            return;
        }
        if (current.isRunning()) {
            log.info("Unmounting '{}' from {} while the context closes", settings.name(), current.mountPoint());
        }
        current.close(); // idempotent: also waits for an unmount still in progress on the stop thread

    }

    @Override
    public String toString() {
        return "FuseMountLifecycle[" + settings.name() + " on " + settings.mountPoint() + "]";
    }
}
