package dev.fusering.internal.uring;

import dev.fusering.internal.linux.Allocations;
import dev.fusering.internal.linux.LibC;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ring threads call after every piece of filesystem code costs no allocation. */
class InheritedAffinityRepairTest {

    @Test
    void checkAfterFilesystemCodeAllocatesNothing() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        // A thread of its own registers as a pinned owner (the repair is JVM-wide; a mask equal to the
        // thread's own leaves every other thread alone), so the check runs its active path.
        Thread owner = Thread.ofPlatform().start(() -> {
            try {
                long[] mask = LibC.schedGetaffinity(0);
                int cpu = Long.numberOfTrailingZeros(mask[0]);
                InheritedAffinityRepair.ownerPinned(cpu, mask);
                try {
                    long[] seen = {InheritedAffinityRepair.startedThreads()};
                    result.set(Allocations.steadyState(
                            () -> seen[0] = InheritedAffinityRepair.afterFilesystemCode(seen[0])));
                } finally {
                    InheritedAffinityRepair.ringThreadEnded();
                }
            } catch (Exception e) {
                result.set(e);
            }
        });
        owner.join();
        assertThat(result.get()).as("bytes per 10,000 checks").isInstanceOf(Long.class);
        assertThat((Long) result.get()).isLessThan(1024);
    }
}
