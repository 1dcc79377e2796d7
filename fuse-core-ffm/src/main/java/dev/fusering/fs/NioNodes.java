package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node table of {@link NioFilesystem}: node id to path and back, with lookup counts.
 *
 * <p>A {@code java.nio} provider has no portable inode number, so nodes are identified by path. Each path
 * seen gets an id from a counter the first time and keeps it until the name is removed (unlink, rmdir,
 * replaced by a rename) or moved (then the id moves with it, and so do the ids of every path below it):
 * so a file keeps one id, usable as a stable inode number, while it keeps its name, across FORGETs.
 * Ids are never reused. The kernel's lookups are counted on the live nodes ({@link NioNode}); a live node
 * is dropped when its count returns to zero (FORGET and BATCH_FORGET). The id map grows with the number of
 * distinct paths seen, which is bounded by the size of the served tree.
 *
 * <p>Node id {@link Filesystem#ROOT_ID} is the served root, path "", and is never dropped.
 *
 * <p>Thread-safe: every method holds the table's monitor for a short, I/O-free critical section.
 */
final class NioNodes {

    private final Map<Long, NioNode> live = new HashMap<>();
    private final Map<String, Long> idByPath = new HashMap<>();
    private final NioNode root = new NioNode(Filesystem.ROOT_ID, "");
    private long nextId = Filesystem.ROOT_ID + 1;

    /** Creates a table holding only the root. */
    NioNodes() {
        live.put(root.id(), root);
        idByPath.put("", root.id());
    }

    /**
     * Returns a live node.
     *
     * @param nodeId a node id given to the kernel
     * @return the node
     * @throws FuseException {@code ESTALE} when the id is not (or no longer) known
     */
    synchronized NioNode node(long nodeId) {
        NioNode node = live.get(nodeId);
        if (node == null) {
            throw FuseException.of(Errno.ESTALE);
        }
        return node;
    }

    /**
     * Returns the current path of a live node.
     *
     * @param nodeId a node id given to the kernel
     * @return its path relative to the served root
     * @throws FuseException {@code ESTALE} for an unknown id, {@code ENOENT} when its name was removed
     */
    synchronized String path(long nodeId) {
        String path = node(nodeId).path();
        if (path == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        return path;
    }

    /**
     * Returns the current path of a node, or null when its name was removed.
     *
     * @param node a node of this table
     * @return its path or null
     */
    synchronized String pathOf(NioNode node) {
        return node.path();
    }

    /**
     * Returns the id of a path, giving it one when it has none (for directory listings and inode numbers).
     *
     * @param path a path relative to the served root
     * @return its id
     */
    synchronized long idOf(String path) {
        return idByPath.computeIfAbsent(path, p -> nextId++);
    }

    /**
     * Counts one lookup of the file at {@code path}, making its node live when it is not.
     *
     * @param path the path it was found at, relative to the served root
     * @param stat its attributes, just read
     * @return the node, whose id goes into the entry reply
     */
    synchronized NioNode lookedUp(String path, NioStat stat) {
        long id = idOf(path);
        NioNode node = live.get(id);
        if (node == null) {
            node = new NioNode(id, path);
            live.put(id, node);
        }
        node.addLookups(1);
        node.lastStat(stat);
        return node;
    }

    /**
     * Releases lookups of a node (FORGET), dropping it when none remain. Unknown ids and the root are
     * ignored.
     *
     * @param nodeId  the node id
     * @param nlookup how many lookups the kernel releases
     */
    synchronized void forget(long nodeId, long nlookup) {
        NioNode node = live.get(nodeId);
        if (node == null || node == root) {
            return;
        }
        if (node.addLookups(-nlookup) <= 0) {
            live.remove(nodeId);
        }
    }

    /**
     * Records that a name was removed: it (and, for a directory, every path below it) loses its id, and its
     * live node its path.
     *
     * @param path      the removed path, relative to the served root
     * @param directory whether it was a directory (then the paths below it are searched, a pass over the
     *                  table)
     */
    synchronized void removed(String path, boolean directory) {
        for (String p : directory ? atOrBelow(path) : List.of(path)) {
            Long id = idByPath.remove(p);
            NioNode node = id == null ? null : live.get(id);
            if (node != null && node != root) {
                node.path(null);
            }
        }
    }

    /**
     * Records a rename: whatever was at {@code to} is removed, then every path at or below {@code from} is
     * re-keyed to be at or below {@code to}, keeping its id.
     *
     * @param from      the old path, relative to the served root
     * @param to        the new path
     * @param directory whether the moved entry is a directory (then the paths below it move too)
     */
    synchronized void renamed(String from, String to, boolean directory) {
        removed(to, directory);
        for (String p : directory ? atOrBelow(from) : List.of(from)) {
            String moved = to + p.substring(from.length());
            Long id = idByPath.remove(p);
            if (id == null) {
                continue;
            }
            idByPath.put(moved, id);
            NioNode node = live.get(id);
            if (node != null) {
                node.path(moved);
            }
        }
    }

    /**
     * Returns the lookup count of a node, for tests and diagnostics.
     *
     * @param nodeId the node id
     * @return the count, or 0 when the node is not live
     */
    synchronized long lookups(long nodeId) {
        NioNode node = live.get(nodeId);
        return node == null ? 0 : node.lookups();
    }

    /**
     * Returns the number of live nodes, the root included, for tests and diagnostics.
     *
     * @return the count
     */
    synchronized int liveCount() {
        return live.size();
    }

    private List<String> atOrBelow(String path) {
        List<String> found = new ArrayList<>();
        String prefix = path + "/";
        for (String p : idByPath.keySet()) {
            if (p.equals(path) || p.startsWith(prefix)) {
                found.add(p);
            }
        }
        return found;
    }
}
