package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.internal.transport.NativeMemory;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.Smaps;
import dev.fusering.testing.TestMounts;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The payload buffers of the io_uring entries are mappings that start on a 2 MiB boundary and are advised
 * {@code MADV_HUGEPAGE}, so that the kernel backs them with transparent huge pages where it can (measured: faster
 * 128 KiB reads and writes, see docs/performance.md). The filesystem's READ buffers are slices of them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingPayloadMemoryTest {

    @TempDir
    Path tmp;

    /** Records the address of every READ buffer it is handed. */
    static final class BufferAddresses extends ForwardingFilesystem {
        final Set<Long> addresses = ConcurrentHashMap.newKeySet();

        BufferAddresses() {
            super(new BenchFilesystem());
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            addresses.add(buffer.address());
            return super.read(request, nodeId, fh, offset, buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DispatchMode.class, names = {"INLINE", "OFFLOADED"})
    void readBuffersLieInHugePageAdvisedMappings(DispatchMode dispatch) throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        BufferAddresses fs = new BufferAddresses();
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, Transport.IO_URING, dispatch)) {
            String big = mount.path("big").toString();
            Shell.Result r = Shell.run(Duration.ofSeconds(20), List.of("dd", "if=" + big, "of=/dev/null",
                    "bs=128k", "count=64", "iflag=direct", "status=none"));
            assertThat(r.ok()).as(r.stderr()).isTrue();
            assertThat(fs.addresses).as("READ buffers").isNotEmpty();
            boolean supported = Smaps.transparentHugePagesSupported();
            boolean thp = Smaps.transparentHugePagesAvailable();
            for (long address : fs.addresses) {
                Smaps.Mapping m = Smaps.containing(address);
                assertThat(m.hugePageAdvice()).as("MADV_HUGEPAGE on the mapping of buffer 0x%x: %s", address, m)
                        .isEqualTo(supported);
                assertThat(m.start() % NativeMemory.HUGE_PAGE).as("start of %s", m).isZero();
                if (thp) {
                    assertThat(m.anonHugeKib()).as("AnonHugePages of %s", m).isPositive();
                }
            }
        }
    }
}
