package dev.fusering.ops;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import dev.fusering.api.FuseOperation;
import dev.fusering.api.IoctlCommand;
import dev.fusering.api.Request;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.ForwardingFilesystem;
import dev.fusering.testing.TestMounts;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ioctl(2) on a real mount, made by Python's {@code fcntl.ioctl}: a read-write command gets the caller's
 * bytes and returns its own, a command without data gets its integer argument, FS_IOC_GETFLAGS and
 * FS_IOC_SETFLAGS (which the kernel sends on a handle of its own) round-trip, a directory ioctl carries
 * FUSE_IOCTL_DIR, and unknown commands or a filesystem without {@code ioctl} give ENOTTY, as on ext4.
 */
@Timeout(60)
class IoctlTest {

    private static final int REVERSE = IoctlCommand.of(IoctlCommand.READ | IoctlCommand.WRITE, 'F', 1, 16);
    private static final int INCREMENT = IoctlCommand.of(0, 'F', 2, 0);
    private static final int FS_IOC_GETFLAGS = IoctlCommand.of(IoctlCommand.READ, 'f', 1, 8);
    private static final int FS_IOC_SETFLAGS = IoctlCommand.of(IoctlCommand.WRITE, 'f', 2, 8);
    private static final int FS_IOC_FSGETXATTR = IoctlCommand.of(IoctlCommand.READ, 'X', 31, 28);
    private static final int FS_NODUMP_FL = 0x40;
    private static final int FS_XFLAG_NODUMP = 0x80;

    @TempDir
    Path tmp;

    /**
     * A memory filesystem with two private commands and per-node inode flags (FS_IOC_GETFLAGS,
     * FS_IOC_SETFLAGS and FS_IOC_FSGETXATTR, which the kernel asks before it sets flags).
     */
    static final class IoctlFilesystem extends ForwardingFilesystem {
        final Map<Long, Integer> inodeFlags = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        IoctlFilesystem() {
            super(new MemoryFilesystem());
        }

        @Override
        public int ioctl(Request request, long nodeId, long fh, int flags, int cmd, long arg, MemorySegment in,
                         MemorySegment out) {
            calls.add(Integer.toHexString(cmd) + " flags " + flags + " in " + in.byteSize() + " out " + out.byteSize());
            if (cmd == REVERSE) {
                for (int i = 0; i < in.byteSize(); i++) {
                    out.set(JAVA_BYTE, out.byteSize() - 1 - i, in.get(JAVA_BYTE, i));
                }
                return (int) in.byteSize();
            }
            if (cmd == INCREMENT) {
                return (int) arg + ((flags & IoctlCommand.FLAG_DIR) != 0 ? 1000 : 1);
            }
            if (cmd == FS_IOC_GETFLAGS) {
                out.set(JAVA_INT_UNALIGNED, 0, inodeFlags.getOrDefault(nodeId, 0));
                return 0;
            }
            if (cmd == FS_IOC_FSGETXATTR) {
                // struct fsxattr: fsx_xflags first; the kernel reads it before it changes the flags
                int nodump = inodeFlags.getOrDefault(nodeId, 0) & FS_NODUMP_FL;
                out.set(JAVA_INT_UNALIGNED, 0, nodump != 0 ? FS_XFLAG_NODUMP : 0);
                return 0;
            }
            if (cmd == FS_IOC_SETFLAGS) {
                inodeFlags.put(nodeId, in.get(JAVA_INT_UNALIGNED, 0));
                return 0;
            }
            throw FuseException.of(Errno.ENOTTY);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void ioctlsReachTheFilesystem(Transport transport) {
        IoctlFilesystem fs = new IoctlFilesystem();
        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, fs, transport, counter)) {
            List<String> lines = OpsMounts.python(tmp, "ioctl_probe.py", m.dir().toString());
            assertThat(lines).containsExactly(
                    "reverse = 16 100f0e0d0c0b0a090807060504030201",
                    "increment = 42",
                    "unknown ! ENOTTY",
                    "nodump before = 0x0",
                    "set nodump = done",
                    "nodump after = 0x40",
                    "directory increment = 1001");
            assertThat(fs.calls).contains(
                    Integer.toHexString(REVERSE) + " flags 0 in 16 out 16",
                    Integer.toHexString(INCREMENT) + " flags 0 in 0 out 0",
                    Integer.toHexString(FS_IOC_GETFLAGS) + " flags 0 in 0 out 4",
                    Integer.toHexString(FS_IOC_FSGETXATTR) + " flags 0 in 0 out 28",
                    Integer.toHexString(FS_IOC_SETFLAGS) + " flags 0 in 4 out 0",
                    Integer.toHexString(INCREMENT) + " flags " + IoctlCommand.FLAG_DIR + " in 0 out 0");
            assertThat(counter.count(FuseOperation.IOCTL)).isEqualTo(fs.calls.size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void withoutIoctlEveryCommandIsEnottyLikeOnDisk(Transport transport) throws Exception {
        Path disk = Files.createDirectory(tmp.resolve("disk"));
        List<String> onDisk = OpsMounts.python(tmp, "ioctl_probe.py", disk.toString());
        OpCounter counter = new OpCounter();
        try (TestMounts.Mount m = OpsMounts.mount(tmp, new MemoryFilesystem(), transport, counter)) {
            List<String> lines = OpsMounts.python(tmp, "ioctl_probe.py", m.dir().toString());
            assertThat(lines).containsExactly(
                    "reverse ! ENOTTY",
                    "increment ! ENOTTY",
                    "unknown ! ENOTTY",
                    "nodump before ! ENOTTY",
                    "set nodump ! ENOTTY",
                    "nodump after ! ENOTTY",
                    "directory increment ! ENOTTY");
            assertThat(onDisk).as("ext4 knows none of the private commands either")
                    .contains("reverse ! ENOTTY", "increment ! ENOTTY", "unknown ! ENOTTY", "set nodump = done",
                            "nodump after = 0x40");
            assertThat(counter.count(FuseOperation.IOCTL))
                    .as("ENOSYS is not remembered: every call is sent (plus Python's isatty probe, TCGETS)")
                    .isGreaterThanOrEqualTo(7);
        }
    }
}
