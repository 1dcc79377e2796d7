package dev.fusering.fs;

import dev.fusering.internal.abi.FuseDirent;
import dev.fusering.testing.RecordingFiller;

/**
 * A READDIR filler whose limit is a byte budget computed like the engine's ({@code fuse_dirent} records), for
 * {@link BenchFilesystemTest}: it either records the entries or, for allocation measurements, only counts them.
 * {@link #start(int)} readies the same instance for the next reply.
 */
final class DirentBudgetFiller extends RecordingFiller {

    private int budget;
    private int used;

    /**
     * Creates a filler with an empty budget; call {@link #start(int)} before each reply.
     *
     * @param record true to record the entries (allocates), false to only count them
     */
    DirentBudgetFiller(boolean record) {
        super(Integer.MAX_VALUE, record);
    }

    /**
     * Forgets the previous reply and starts a new one.
     *
     * @param budget the reply's size in bytes
     * @return this filler
     */
    DirentBudgetFiller start(int budget) {
        clear();
        this.budget = budget;
        this.used = 0;
        return this;
    }

    @Override
    protected boolean take(byte[] name) {
        long size = FuseDirent.recordSize(name.length);
        if (used + size > budget) {
            return false;
        }
        used += (int) size;
        return true;
    }
}
