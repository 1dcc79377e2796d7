package dev.fusering.internal.linux;

import java.lang.management.ManagementFactory;

/** Test helper: measures heap allocation of a call in its JIT-compiled steady state. */
public final class Allocations {

    private Allocations() {
    }

    /**
     * Runs rounds of 10k calls until one round allocates less than 1 KiB, for at most 100 rounds,
     * and returns the smallest per-round allocation seen. Before C2 compiles the call path, the FFM
     * linker allocates a few bytes per downcall (about 40 in C1 code); the steady state must not.
     *
     * @param call the operation to measure
     * @return the bytes allocated by the best round of 10k calls
     */
    public static long steadyState(Runnable call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 100 && best >= 1024; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                call.run();
            }
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return best;
    }
}
