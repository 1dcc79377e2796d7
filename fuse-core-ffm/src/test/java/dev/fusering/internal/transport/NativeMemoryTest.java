package dev.fusering.internal.transport;

import dev.fusering.testing.Smaps;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryTest {

    @Test
    void hugeMappingsStartOnAHugePageBoundaryAndAreAdvised() throws Exception {
        long size = 3 * NativeMemory.HUGE_PAGE + 4096;
        MemorySegment seg = NativeMemory.mapHuge(size - 100);
        try {
            assertThat(seg.address() % NativeMemory.HUGE_PAGE).as("alignment").isZero();
            assertThat(seg.byteSize()).as("rounded up to whole pages").isEqualTo(size);
            for (long off = 0; off < size; off += 4096) {
                seg.set(ValueLayout.JAVA_BYTE, off, (byte) 1);
            }
            Smaps.Mapping m = Smaps.containing(seg.address());
            assertThat(m.start()).as("the mapping is exactly the segment (head and tail unmapped)")
                    .isEqualTo(seg.address());
            assertThat(m.end()).isEqualTo(seg.address() + size);
            assertThat(m.hugePageAdvice()).as("MADV_HUGEPAGE").isEqualTo(Smaps.transparentHugePagesSupported());
            if (Smaps.transparentHugePagesAvailable()) {
                assertThat(m.anonHugeKib()).as("AnonHugePages of the touched mapping (KiB)").isPositive();
            }
        } finally {
            NativeMemory.unmap(seg);
        }
    }

    @Test
    void smallHugeMappingsAreOrdinaryMappings() throws Exception {
        MemorySegment seg = NativeMemory.mapHuge(64 * 1024);
        try {
            assertThat(seg.byteSize()).isEqualTo(64 * 1024);
            seg.set(ValueLayout.JAVA_LONG, 0, 42L);
            assertThat(seg.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42L);
        } finally {
            NativeMemory.unmap(seg);
        }
    }
}
