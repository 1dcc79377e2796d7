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
 * generous queue depth costs address space, not memory.
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

    /**
     * Unmaps memory from {@link #map(long)}; failures are logged.
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
