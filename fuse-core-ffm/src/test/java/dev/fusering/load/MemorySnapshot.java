package dev.fusering.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory of this JVM (which serves the mount in-process) at one moment, taken after a full GC:
 * used heap, the JDK's direct and mapped buffer pools, and the resident set size of the process (which
 * includes the engine's native ring and /dev/fuse buffers).
 *
 * @param heapUsed     bytes of heap in use after GC
 * @param directBuffers bytes held by direct ByteBuffers
 * @param mappedBuffers bytes held by mapped ByteBuffers
 * @param rss          resident set size of the process, bytes
 */
record MemorySnapshot(long heapUsed, long directBuffers, long mappedBuffers, long rss) {

    private static final long MIB = 1024 * 1024;

    /**
     * Takes a snapshot after asking for full garbage collections.
     *
     * @return the snapshot
     * @throws InterruptedException if interrupted while letting the GC settle
     */
    static MemorySnapshot take() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long direct = 0;
        long mapped = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
            } else if (pool.getName().equals("mapped")) {
                mapped = pool.getMemoryUsed();
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new MemorySnapshot(heap, direct, mapped, residentSetSize());
    }

    private static long residentSetSize() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the snapshot in MiB, one line */
    @Override
    public String toString() {
        return String.format("heap %.1f MiB, direct %.1f MiB, mapped %.1f MiB, RSS %.1f MiB", heapUsed / (double) MIB,
                directBuffers / (double) MIB, mappedBuffers / (double) MIB, rss / (double) MIB);
    }
}
