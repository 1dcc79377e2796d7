package dev.fusering.internal.transport;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;

/**
 * Page-aligned native buffers from anonymous private mappings. The kernel keeps raw pointers to transport
 * buffers, so they must never move; mappings also stay untouched (not resident) until first used, so a
 * generous queue depth costs address space, not memory (with {@link #mapHuge}, in steps of 2 MiB).
 */
public final class NativeMemory {

    private static final Logger log = LoggerFactory.getLogger(NativeMemory.class);

    private NativeMemory() {
    }

    /**
     * Maps zeroed, page-aligned, lazily committed memory.
     *
     * @param bytes the size, rounded up to whole pages
     * @return the mapping
     * @throws NativeCallException if mmap fails
     */
    public static MemorySegment map(long bytes) throws NativeCallException {
        long size = (bytes + 4095) & ~4095L;
        return LibC.mmap(size, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE,
                LinuxConstants.MAP_PRIVATE | LinuxConstants.MAP_ANONYMOUS, -1, 0);
    }

    /** The size of a transparent huge page on x86-64 and most arm64 kernels (2 MiB). */
    public static final long HUGE_PAGE = 2L * 1024 * 1024;

    /**
     * Like {@link #map(long)}, but the mapping starts on a {@link #HUGE_PAGE} boundary and asks for transparent
     * huge pages ({@code MADV_HUGEPAGE}), so that each 2 MiB the buffers touch can be one huge page: fewer TLB
     * misses when the filesystem and the kernel copy payloads, and shorter page walks when the kernel pins the
     * buffer's pages to copy a reply. A range that is not a multiple of 2 MiB keeps small pages in its tail, and
     * one under 2 MiB is an ordinary mapping. Where the kernel has no transparent huge pages (the advice fails)
     * or they are switched to {@code never}, the mapping works as from {@link #map(long)}.
     *
     * @param bytes the size, rounded up to whole pages
     * @return the mapping, {@code bytes} rounded up to whole pages long
     * @throws NativeCallException if mmap fails
     */
    public static MemorySegment mapHuge(long bytes) throws NativeCallException {
        long size = (bytes + 4095) & ~4095L;
        if (size < HUGE_PAGE) {
            return map(size);
        }
        MemorySegment raw = map(size + HUGE_PAGE); // then trimmed to the aligned part
        long start = raw.address();
        long aligned = (start + HUGE_PAGE - 1) & -HUGE_PAGE;
        long head = aligned - start;
        long tail = raw.byteSize() - head - size;
        if (head > 0) {
            unmap(MemorySegment.ofAddress(start).reinterpret(head));
        }
        if (tail > 0) {
            unmap(MemorySegment.ofAddress(aligned + size).reinterpret(tail));
        }
        MemorySegment seg = MemorySegment.ofAddress(aligned).reinterpret(size);
        try {
            LibC.madvise(seg, LinuxConstants.MADV_HUGEPAGE);
        } catch (NativeCallException e) {
            log.debug("no transparent huge pages for {} bytes of buffers: {}", size, e.getMessage());
        }
        return seg;
    }

    /**
     * Unmaps memory from {@link #map(long)} or {@link #mapHuge(long)}; failures are logged.
     *
     * @param segment the mapping
     */
    public static void unmap(MemorySegment segment) {
        try {
            LibC.munmap(segment);
        } catch (NativeCallException e) {
            log.warn("munmap of {} bytes failed: {}", segment.byteSize(), e.getMessage());
        }
    }
}
