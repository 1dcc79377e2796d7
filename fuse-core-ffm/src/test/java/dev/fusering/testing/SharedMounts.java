package dev.fusering.testing;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One mount per (transport, dispatch) pair, made on first use and shared by the tests of a class; keep it
 * in a static field and call {@link #close()} from {@code @AfterAll}. Tests that share a mount must work
 * in their own subdirectories.
 */
public final class SharedMounts implements AutoCloseable {

    private final Supplier<Path> parent;
    private final Supplier<? extends Filesystem> filesystems;
    private final Map<String, TestMounts.Mount> mounts = new LinkedHashMap<>();

    /**
     * Creates an empty set of mounts.
     *
     * @param parent      where the mount points are created (a class-level temporary directory); asked
     *                    on first use, so a static {@code @TempDir} field can be passed as a lambda
     * @param filesystems makes a new filesystem for each mount
     */
    public SharedMounts(Supplier<Path> parent, Supplier<? extends Filesystem> filesystems) {
        this.parent = parent;
        this.filesystems = filesystems;
    }

    /**
     * Returns the mount for a pair, mounting it on first use. A session that has ended since the last
     * call fails this call (once) and is replaced on the next one.
     *
     * @param transport the transport
     * @param dispatch  the dispatch mode
     * @return the mount
     */
    public synchronized TestMounts.Mount get(Transport transport, DispatchMode dispatch) {
        String key = transport + "/" + dispatch;
        TestMounts.Mount mount = mounts.get(key);
        if (mount != null && !mount.session().isRunning()) {
            mounts.remove(key);
            Throwable failure = mount.session().failure();
            mount.close();
            throw new AssertionError("the " + key + " session ended while the tests used it (the next test "
                    + "mounts afresh)", failure);
        }
        if (mount == null) {
            mount = TestMounts.mount(parent.get(), filesystems.get(), transport, dispatch);
            mounts.put(key, mount);
        }
        return mount;
    }

    /** Unmounts everything; failures of single mounts are collected and rethrown after all are closed. */
    @Override
    public synchronized void close() {
        List<Throwable> failures = new ArrayList<>();
        for (TestMounts.Mount mount : mounts.values()) {
            try {
                mount.close();
            } catch (Throwable t) {
                failures.add(t);
            }
        }
        mounts.clear();
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("closing the shared mounts failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
