package dev.fusering.testing;

import dev.fusering.api.DirectoryFiller;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A READDIR {@link DirectoryFiller} that accepts at most a number of entries and records them, or only counts
 * them (then it does not allocate, for allocation measurements). Once an entry is refused, every later one is
 * too, as with the engine's reply buffer. Subclasses may limit the reply differently through {@link #take}.
 */
public class RecordingFiller implements DirectoryFiller {

    /** The accepted entries, in order; always empty when only counting. */
    public final List<DirEntry> entries = new ArrayList<>();
    /** How many entries were accepted. */
    public int count;
    /** The next offset of the last accepted entry, 0 before the first. */
    public long lastOffset;

    private final int capacity;
    private final boolean record;
    private boolean full;

    /**
     * Creates a recording filler.
     *
     * @param capacity how many entries it accepts
     */
    public RecordingFiller(int capacity) {
        this(capacity, true);
    }

    /**
     * Creates a filler.
     *
     * @param capacity how many entries it accepts
     * @param record   true to record the entries (allocates), false to only count them
     */
    public RecordingFiller(int capacity, boolean record) {
        this.capacity = capacity;
        this.record = record;
    }

    /** Forgets everything accepted, so that the filler can take a new reply. */
    public void clear() {
        entries.clear();
        count = 0;
        lastOffset = 0;
        full = false;
    }

    /**
     * Returns the names of the recorded entries.
     *
     * @return the names, in order
     */
    public List<String> names() {
        return entries.stream().map(DirEntry::name).toList();
    }

    /**
     * Takes room for one more entry if there is some; called once per offered entry until one is refused.
     *
     * @param name the entry's name
     * @return true if the entry fits; by default, whether fewer than the capacity were accepted
     */
    protected boolean take(byte[] name) {
        return count < capacity;
    }

    @Override
    public boolean add(long ino, String name, int mode, long nextOffset) {
        return add(ino, name.getBytes(StandardCharsets.UTF_8), mode, nextOffset);
    }

    @Override
    public boolean add(long ino, byte[] name, int mode, long nextOffset) {
        if (full || !take(name)) {
            full = true;
            return false;
        }
        count++;
        lastOffset = nextOffset;
        if (record) {
            entries.add(new DirEntry(ino, new String(name, StandardCharsets.UTF_8), mode, nextOffset));
        }
        return true;
    }
}
