package dev.fusering.internal.dispatch;

import java.lang.foreign.MemorySegment;

/**
 * Remembers the last slice handed out for one purpose of one exchange, so that a run of requests with the
 * same shape (sequential 128 KiB READs or WRITEs into the same ring entry) reuses one {@link MemorySegment}
 * instead of allocating a new slice per request. A slice is only valid during the request it was handed out
 * for; reusing it for the next request of the same exchange is therefore safe.
 */
final class SliceCache {

    private final boolean readOnly;
    private MemorySegment base;
    private long offset = -1;
    private long size = -1;
    private MemorySegment slice;

    /**
     * Creates an empty cache.
     *
     * @param readOnly whether the slices handed out are read-only views
     */
    SliceCache(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /**
     * Returns {@code base.asSlice(offset, size)} (read-only if so configured), reusing the previous slice when
     * base, offset and size are unchanged.
     *
     * @param base   the segment to slice
     * @param offset the slice's offset in {@code base}
     * @param size   the slice's size
     * @return the slice
     */
    MemorySegment slice(MemorySegment base, long offset, long size) {
        if (base == this.base && offset == this.offset && size == this.size) {
            return slice;
        }
        MemorySegment s = base.asSlice(offset, size);
        if (readOnly) {
            s = s.asReadOnly();
        }
        this.base = base;
        this.offset = offset;
        this.size = size;
        this.slice = s;
        return s;
    }
}
