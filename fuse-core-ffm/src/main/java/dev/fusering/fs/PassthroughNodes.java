package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The node table of {@link PassthroughFilesystem}: node ids by source file, lookup counts, and the path of
 * each node relative to the source directory.
 *
 * <p>Node id {@link Filesystem#ROOT_ID} is the source directory itself and is never dropped. Other ids are
 * allocated from a counter, one per distinct {@link PassthroughInodeKey} (so hard links share a node), and
 * never reused; a node is dropped when its lookup count returns to zero. Rename rewrites the paths of the
 * moved node and of every node below it, which costs a pass over the table.
 *
 * <p>Thread-safe: every method holds the table's monitor for a short, I/O-free critical section.
 */
final class PassthroughNodes {

    private final Map<Long, PassthroughNode> byId = new HashMap<>();
    private final Map<PassthroughInodeKey, PassthroughNode> byKey = new HashMap<>();
    private final PassthroughNode root;
    private long nextId = Filesystem.ROOT_ID + 1;

    /**
     * Creates a table holding only the root.
     *
     * @param rootKey the key of the source directory
     */
    PassthroughNodes(PassthroughInodeKey rootKey) {
        root = new PassthroughNode(Filesystem.ROOT_ID, rootKey, "");
        byId.put(root.id(), root);
        byKey.put(rootKey, root);
    }

    /**
     * Returns a node by id.
     *
     * @param nodeId a node id given to the kernel
     * @return the node
     * @throws FuseException {@code ESTALE} when the id is not (or no longer) known
     */
    synchronized PassthroughNode node(long nodeId) {
        PassthroughNode node = byId.get(nodeId);
        if (node == null) {
            throw FuseException.of(Errno.ESTALE);
        }
        return node;
    }

    /**
     * Returns the current path of a node.
     *
     * @param node a node of this table
     * @return its path relative to the source directory ("" for the root), or null when every known name of
     *     it was removed
     */
    synchronized String path(PassthroughNode node) {
        return node.primaryPath();
    }

    /**
     * Returns the current path of a node by id.
     *
     * @param nodeId a node id given to the kernel
     * @return its path relative to the source directory
     * @throws FuseException {@code ESTALE} for an unknown id, {@code ENOENT} when the node has no name left
     */
    synchronized String path(long nodeId) {
        String path = node(nodeId).primaryPath();
        if (path == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        return path;
    }

    /**
     * Counts one lookup of the file found at {@code path}, creating its node when it has none.
     *
     * @param stat the file's attributes, just read at {@code path}
     * @param path the path it was found at, relative to the source directory
     * @return the node, whose id goes into the entry reply
     */
    synchronized PassthroughNode lookedUp(PassthroughStat stat, String path) {
        PassthroughInodeKey key = stat.key();
        PassthroughNode node = byKey.get(key);
        if (node == null) {
            node = new PassthroughNode(nextId++, key, path);
            byId.put(node.id(), node);
            byKey.put(key, node);
        } else if (node != root) {
            node.confirmPath(path);
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
        PassthroughNode node = byId.get(nodeId);
        if (node == null || node == root) {
            return;
        }
        if (node.addLookups(-nlookup) <= 0) {
            byId.remove(nodeId);
            byKey.remove(node.key());
        }
    }

    /**
     * Records that a name was removed (unlink, rmdir, or replaced by a rename).
     *
     * @param key  the key of the file the name referred to
     * @param path the removed path, relative to the source directory
     */
    synchronized void removed(PassthroughInodeKey key, String path) {
        PassthroughNode node = byKey.get(key);
        if (node != null) {
            node.removePath(path);
        }
    }

    /**
     * Records a rename: every node at or below {@code from} is now at or below {@code to}.
     *
     * @param from the old path, relative to the source directory
     * @param to   the new path
     */
    synchronized void renamed(String from, String to) {
        for (PassthroughNode node : byId.values()) {
            node.movePaths(from, to);
        }
    }

    /**
     * Returns the lookup count of a node, for tests and diagnostics.
     *
     * @param nodeId the node id
     * @return the count, or 0 when the node is not in the table
     */
    synchronized long lookups(long nodeId) {
        PassthroughNode node = byId.get(nodeId);
        return node == null ? 0 : node.lookups();
    }

    /**
     * Returns the number of nodes in the table, the root included.
     *
     * @return the node count
     */
    synchronized int size() {
        return byId.size();
    }
}
