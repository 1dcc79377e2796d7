package dev.fusering.fs;

import dev.fusering.api.FileName;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The entries of one directory of a {@link MemoryFilesystem}, by name and by readdir cookie.
 *
 * <p>Names are raw bytes, as Linux treats them. They are keyed by a "name key": the bytes decoded as
 * ISO-8859-1, which maps every byte to one char and back, so distinct byte strings never collide (which a
 * UTF-8 decoding with replacement characters would not guarantee).
 *
 * <p>Each entry gets a cookie when it is inserted: 3, 4, 5, ... in insertion order, never reused (1 and 2
 * are the offsets after "." and ".."). READDIR hands out the cookie as the entry's next offset and resumes
 * with the entries whose cookie is greater, so entries added or removed between two READDIR calls never
 * make a surviving entry appear twice or vanish.
 *
 * <p>Not thread-safe: guarded by the filesystem's tree lock.
 */
final class MemoryDirectory {

    /** The cookie of the first entry; 1 and 2 are used by "." and "..". */
    static final long FIRST_COOKIE = 3;

    /**
     * One directory entry.
     *
     * @param key    the name key (the name's bytes as ISO-8859-1)
     * @param name   the name's bytes; never modified
     * @param cookie the readdir offset after this entry
     * @param node   the node the entry refers to
     */
    record Entry(String key, byte[] name, long cookie, MemoryNode node) {
    }

    private final HashMap<String, Entry> byName = new HashMap<>();
    private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
    private long nextCookie = FIRST_COOKIE;

    /** Creates an empty directory. */
    MemoryDirectory() {
    }

    /**
     * Returns the name key of a name.
     *
     * @param name the name as the kernel sent it
     * @return the bytes as an ISO-8859-1 string
     */
    static String key(FileName name) {
        return new String(name.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the entry with a name.
     *
     * @param key the name key
     * @return the entry, or null
     */
    Entry get(String key) {
        return byName.get(key);
    }

    /**
     * Adds an entry with the next cookie; the name must not be present.
     *
     * @param key  the name key
     * @param node the node
     * @return the new entry
     */
    Entry insert(String key, MemoryNode node) {
        Entry entry = new Entry(key, key.getBytes(StandardCharsets.ISO_8859_1), nextCookie++, node);
        byName.put(key, entry);
        byCookie.put(entry.cookie(), entry);
        return entry;
    }

    /**
     * Points an existing entry at another node, keeping its cookie (for RENAME_EXCHANGE).
     *
     * @param key  the name key of an existing entry
     * @param node the new node
     */
    void replace(String key, MemoryNode node) {
        Entry old = byName.get(key);
        Entry entry = new Entry(key, old.name(), old.cookie(), node);
        byName.put(key, entry);
        byCookie.put(entry.cookie(), entry);
    }

    /**
     * Removes an entry.
     *
     * @param key the name key
     * @return the removed entry, or null when there was none
     */
    Entry remove(String key) {
        Entry entry = byName.remove(key);
        if (entry != null) {
            byCookie.remove(entry.cookie());
        }
        return entry;
    }

    /**
     * Returns the entries whose cookie is greater than an offset, in cookie order.
     *
     * @param offset the offset to resume after
     * @return a live view; do not modify the directory while iterating
     */
    Collection<Entry> after(long offset) {
        return byCookie.tailMap(offset, false).values();
    }

    /**
     * Returns all entries, in cookie order.
     *
     * @return a live view
     */
    Collection<Entry> entries() {
        return byCookie.values();
    }

    /**
     * Returns the number of entries ("." and ".." not counted).
     *
     * @return the entry count
     */
    int size() {
        return byName.size();
    }

    /**
     * Tells whether the directory has no entries besides "." and "..".
     *
     * @return true when empty
     */
    boolean isEmpty() {
        return byName.isEmpty();
    }
}
