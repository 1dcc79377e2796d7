package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With inline dispatch on io_uring, small requests run on the ring owner ({@code fuse-ring-*}) while READ
 * and WRITE of 64 KiB or more run on the entry's own runner thread ({@code fuse-q*}), which keeps a
 * single-threaded application doing large sequential I/O on its CPU (see docs/performance.md). That is the
 * rule when the ring owners keep the normal scheduling policy ({@code idleRingOwners(false)}); with idle
 * ring owners large requests stay on the owner ({@link IdleRingOwnersTest}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineLargeIoTest {

    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    /** Records the names of the threads that served each kind of request. */
    static final class ThreadRecorder extends ForwardingFilesystem {
        final Set<String> smallReads = ConcurrentHashMap.newKeySet();
        final Set<String> largeReads = ConcurrentHashMap.newKeySet();
        final Set<String> largeWrites = ConcurrentHashMap.newKeySet();
        final Set<String> getattrs = ConcurrentHashMap.newKeySet();

        ThreadRecorder() {
            super(new BenchFilesystem());
        }

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            (buffer.byteSize() >= 64 * 1024 ? largeReads : smallReads).add(kind());
            return super.read(request, nodeId, fh, offset, buffer);
        }

        @Override
        public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
            if (data.byteSize() >= 64 * 1024) {
                largeWrites.add(kind());
            }
            return super.write(request, nodeId, fh, offset, data, writeFlags);
        }

        @Override
        public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
            getattrs.add(kind());
            super.getattr(request, nodeId, fh, reply);
        }

        private static String kind() {
            String name = Thread.currentThread().getName();
            return name.startsWith("fuse-ring-") ? "owner" : name.startsWith("fuse-q") ? "runner" : name;
        }
    }

    @Test
    void largeReadsAndWritesLeaveTheRingOwner() throws Exception {
        TestMounts.assumeCanMount(Transport.IO_URING);
        ThreadRecorder fs = new ThreadRecorder();
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, Transport.IO_URING, DispatchMode.INLINE,
                MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build(),
                session -> session.idleRingOwners(false))) {
            String big = mount.path("big").toString();
            String sink = mount.path("sink").toString();
            Shell.Result r = Shell.run(SHELL_TIMEOUT, List.of("sh", "-c",
                    "dd if='" + big + "' of=/dev/null bs=128k count=16 iflag=direct status=none"
                            + " && dd if='" + big + "' of=/dev/null bs=4k count=16 iflag=direct status=none"
                            + " && dd if=/dev/zero of='" + sink + "' bs=128k count=16 oflag=direct conv=notrunc"
                            + " status=none && stat -c %s '" + big + "'"));
            assertThat(r.ok()).as(r.stderr()).isTrue();
            assertThat(fs.largeReads).as("128 KiB READs").containsExactly("runner");
            assertThat(fs.largeWrites).as("128 KiB WRITEs").containsExactly("runner");
            assertThat(fs.smallReads).as("4 KiB READs").containsExactly("owner");
            assertThat(fs.getattrs).as("GETATTRs").containsExactly("owner");
        }
    }
}
