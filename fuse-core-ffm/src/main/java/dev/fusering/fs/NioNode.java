package dev.fusering.fs;

/**
 * One node of {@link NioFilesystem} that the kernel holds lookups of: its id, the path it is currently known
 * by, and the attributes last read for it.
 *
 * <p>The path and the lookup count are guarded by the {@link NioNodes} table that owns the node; the id and
 * the last attributes may be read without its lock.
 */
final class NioNode {

    private final long id;
    /** Relative to the served root ("" for the root itself), or null once the name was removed. */
    private String path;
    private long lookups;
    private volatile NioStat lastStat;

    /**
     * Creates a node without lookups.
     *
     * @param id   the node id
     * @param path its path relative to the served root
     */
    NioNode(long id, String path) {
        this.id = id;
        this.path = path;
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
     * Returns the current path. Caller holds the table's lock.
     *
     * @return the path relative to the served root, or null when the name was removed
     */
    String path() {
        return path;
    }

    /**
     * Sets the current path. Caller holds the table's lock.
     *
     * @param path the new path, or null when the name was removed
     */
    void path(String path) {
        this.path = path;
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

    /**
     * Returns the attributes last read for this node, to answer GETATTR after its name was removed.
     *
     * @return the attributes, or null when never read
     */
    NioStat lastStat() {
        return lastStat;
    }

    /**
     * Remembers the attributes last read for this node.
     *
     * @param stat the attributes
     */
    void lastStat(NioStat stat) {
        this.lastStat = stat;
    }
}
