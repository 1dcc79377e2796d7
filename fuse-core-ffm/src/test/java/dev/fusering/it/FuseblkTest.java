package dev.fusering.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Request;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.mount.MountTable;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.Python;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code fuseblk} mounts ({@link MountOptions#blockDevice()}) on a loop device: the kernel sends BMAP for
 * FIBMAP (which it never does for plain {@code fuse} mounts) and DESTROY at unmount, and the mount is listed
 * as {@code fuseblk} with the device as its source.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FuseblkTest {

    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    /** Maps file block b to device block 7b + 3 and counts the calls. */
    static final class MappingFilesystem extends ForwardingFilesystem {
        final AtomicInteger bmaps = new AtomicInteger();
        final AtomicInteger destroys = new AtomicInteger();
        volatile int lastBlockSize;

        MappingFilesystem() {
            super(new MemoryFilesystem());
        }

        @Override
        public long bmap(Request request, long nodeId, int blockSize, long block) {
            bmaps.incrementAndGet();
            lastBlockSize = blockSize;
            return block * 7 + 3;
        }

        @Override
        public void destroy() {
            destroys.incrementAndGet();
            super.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void fibmapReachesTheFilesystemOnAFuseblkMount(Transport transport) throws Exception {
        TestMounts.assumeCanMount(transport);
        Path device = attachLoopDevice();
        MappingFilesystem fs = new MappingFilesystem();
        try {
            MountOptions options = MountOptions.builder().blockDevice(device).build();
            TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.AUTO, options);
            try {
                MountTable.Entry entry = MountTable.read().find(mount.dir()).orElseThrow();
                assertThat(entry.describe()).contains("fuseblk").contains(device.toString());
                Files.write(mount.path("f"), new byte[64 * 1024]);
                Path probe = tmp.resolve("fibmap.py");
                Files.writeString(probe, """
                        import fcntl, struct, sys
                        with open(sys.argv[1], 'rb') as f:
                            for block in (0, 5):
                                res = fcntl.ioctl(f.fileno(), 1, struct.pack('i', block))  # FIBMAP
                                print(struct.unpack('i', res)[0])
                        """);
                List<String> command = new ArrayList<>(Python.command(probe));
                command.add(mount.path("f").toString());
                Shell.Result r = Shell.run(SHELL_TIMEOUT, command);
                assertThat(r.ok()).as(r.stderr()).isTrue();
                assertThat(r.stdout().lines().toList()).containsExactly("3", "38");
                assertThat(fs.bmaps.get()).isEqualTo(2);
                assertThat(fs.lastBlockSize).as("the blksize the engine mounts with").isEqualTo(4096);
            } finally {
                mount.close();
            }
            assertThat(fs.destroys.get()).as("destroy() once").isEqualTo(1);
        } finally {
            detach(device);
        }
    }

    @Test
    void aFileThatIsNotABlockDeviceIsAClearError() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path notADevice = Files.write(tmp.resolve("plain"), new byte[4096]);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Session session = new Session(mnt, MountOptions.builder().blockDevice(notADevice).build());
        assertThatThrownBy(() -> session.start(new MemoryFilesystem()))
                .isInstanceOf(FuseMountException.class)
                .hasMessageContaining("not a block device").hasMessageContaining("losetup");
        assertThat(TestMounts.isMounted(mnt)).isFalse();
    }

    @Test
    void aRelativeDeviceIsRejectedByTheOptions() {
        assertThatThrownBy(() -> MountOptions.builder().blockDevice(Path.of("loop0")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    }

    /** Attaches a 16 MiB sparse file to a free loop device. */
    private Path attachLoopDevice() throws Exception {
        Path image = tmp.resolve("image");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16L * 1024 * 1024);
        }
        Shell.Result r = Shell.run(SHELL_TIMEOUT, List.of("losetup", "-f", "--show", image.toString()));
        if (!r.ok()) {
            String reason = "no loop device: " + r.stderr().strip();
            if (TestMounts.inCi()) {
                fail(reason);
            }
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        return Path.of(r.stdout().strip());
    }

    private static void detach(Path device) {
        Shell.run(SHELL_TIMEOUT, List.of("losetup", "-d", device.toString()));
    }
}
