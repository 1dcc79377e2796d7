package dev.fusering.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * One node handed to the kernel by {@link PassthroughFilesystem}: a source file (all its hard links), the
 * names it is known by, and how many lookups the kernel holds.
 *
 * <p>The mutable state is guarded by the {@link PassthroughNodes} table that owns the node; only
 * {@link #id()}, {@link #key()} and the last seen attributes may be read without its lock.
 */
final class PassthroughNode {

    private final long id;
    private final PassthroughInodeKey key;
    /** Paths relative to the source directory, most recently confirmed first; "" is the source itself. */
    private final List<String> paths = new ArrayList<>(1);
    private long lookups;
    private volatile PassthroughStat lastStat;

    /**
     * Creates a node without lookups.
     *
     * @param id   the node id
     * @param key  the source file's device and inode number
     * @param path its first known path relative to the source directory
     */
    PassthroughNode(long id, PassthroughInodeKey key, String path) {
        this.id = id;
        this.key = key;
        this.paths.add(path);
    }

    /**
     * Returns the node id the kernel knows this node by.
     *
     * @return the node id
     */
    long id() {
        return id;
    }

    /**
     * Returns the key of the source file.
     *
     * @return device and inode number
     */
    PassthroughInodeKey key() {
        return key;
    }

    /**
     * Returns the attributes most recently read for this node, to answer GETATTR once every name of an
     * open file is gone.
     *
     * @return the attributes, or null when never read
     */
    PassthroughStat lastStat() {
        return lastStat;
    }

    /**
     * Remembers the attributes most recently read for this node.
     *
     * @param stat the attributes
     */
    void lastStat(PassthroughStat stat) {
        this.lastStat = stat;
    }

    /**
     * Returns the path to use for the node. Caller holds the table's lock.
     *
     * @return the most recently confirmed path, or null when every known name was removed
     */
    String primaryPath() {
        return paths.isEmpty() ? null : paths.getFirst();
    }

    /**
     * Records a confirmed path, making it the primary one. Caller holds the table's lock.
     *
     * @param path a path relative to the source directory
     */
    void confirmPath(String path) {
        paths.remove(path);
        paths.addFirst(path);
    }

    /**
     * Forgets a path that no longer names this node. Caller holds the table's lock.
     *
     * @param path a path relative to the source directory
     */
    void removePath(String path) {
        paths.remove(path);
    }

    /**
     * Rewrites the paths at or below {@code from} to be at or below {@code to}. Caller holds the table's lock.
     *
     * @param from the old path of a renamed entry
     * @param to   its new path
     */
    void movePaths(String from, String to) {
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (path.equals(from)) {
                paths.set(i, to);
            } else if (path.length() > from.length() && path.startsWith(from)
                && path.charAt(from.length()) == '/') {
                paths.set(i, to + path.substring(from.length()));
            }
        }
    }

    /**
     * Returns the number of lookups the kernel holds. Caller holds the table's lock.
     *
     * @return the lookup count
     */
    long lookups() {
        return lookups;
    }

    /**
     * Adds to the lookup count. Caller holds the table's lock.
     *
     * @param delta how many lookups to add (negative to release)
     * @return the new count
     */
    long addLookups(long delta) {
        lookups += delta;
        return lookups;
    }
}
