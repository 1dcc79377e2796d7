package dev.fusering.testing;

import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A READDIRPLUS {@link DirectoryPlusFiller} that accepts at most a number of entries and records each with the
 * {@link RecordedEntry} it hands out: {@code replies.get(i)} belongs to {@code entries.get(i)}.
 */
public final class RecordingPlusFiller implements DirectoryPlusFiller {

    /** The accepted entries, in order. */
    public final List<DirEntry> entries = new ArrayList<>();
    /** The entry replies of the accepted entries, in the same order. */
    public final List<RecordedEntry> replies = new ArrayList<>();

    private final int capacity;

    /**
     * Creates a filler.
     *
     * @param capacity how many entries it accepts
     */
    public RecordingPlusFiller(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Returns the names of the recorded entries.
     *
     * @return the names, in order
     */
    public List<String> names() {
        return entries.stream().map(DirEntry::name).toList();
    }

    @Override
    public EntryReply add(long ino, byte[] name, int mode, long nextOffset) {
        return add(ino, new String(name, StandardCharsets.UTF_8), mode, nextOffset);
    }

    @Override
    public EntryReply add(long ino, String name, int mode, long nextOffset) {
        if (entries.size() >= capacity) {
            return null;
        }
        entries.add(new DirEntry(ino, name, mode, nextOffset));
        RecordedEntry reply = new RecordedEntry();
        replies.add(reply);
        return reply;
    }
}
