package dev.fusering.faults;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.posix.PosixProbe;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filesystem that breaks the protocol: errnos outside 1..511 (600, 0, -5), a READ that claims more
 * bytes than the buffer holds, a WRITE that claims more than it got, xattr lengths below zero, a link
 * target longer than the kernel accepts. The engine answers EIO (ENAMETOOLONG for the target) before
 * anything malformed reaches the kernel, which the kernel log confirms (no new line about fuse), and the
 * session keeps serving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvalidReplyTest {

    @TempDir
    Path tmp;

    /**
     * Every protocol violation becomes an errno; no new kernel log line about fuse.
     *
     * @param transport the transport
     * @throws Exception on unexpected failures
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void protocolViolationsBecomeErrnosAndNeverReachTheKernel(Transport transport) throws Exception {
        Python.assumeAvailable();
        Optional<List<String>> logBefore = KernelLog.fuseLines();
        FaultyFilesystem fs = new FaultyFilesystem(new MemoryFilesystem());
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, DispatchMode.OFFLOADED)) {
            fs.armLookup("errno-600", Fault.ERRNO_600);
            fs.armLookup("errno-0", Fault.ERRNO_ZERO);
            fs.armLookup("errno-negative", Fault.ERRNO_NEGATIVE);
            Files.write(mount.path("oversized"), new byte[8192]);
            fs.armNode(ino(mount.path("oversized")), Fault.OVERSIZED);
            Files.writeString(mount.path("xattrs"), "x");
            Files.setAttribute(mount.path("xattrs"), "user:a", java.nio.ByteBuffer.wrap(new byte[]{1}));
            fs.armNode(ino(mount.path("xattrs")), Fault.NEGATIVE_LENGTH);
            Files.createSymbolicLink(mount.path("huge-link"), Path.of("short"));
            fs.armNode((Long) Files.getAttribute(mount.path("huge-link"), "unix:ino",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS), Fault.HUGE_TARGET);
            long internalBefore = mount.session().stats().internalErrors();

            PosixProbe.Run run = new PosixProbe(tmp).run(mount.dir(), """
                    show("errno 600", lambda: os.stat("errno-600"))
                    show("errno 0", lambda: os.stat("errno-0"))
                    show("errno -5", lambda: os.stat("errno-negative"))
                    fd = os.open("oversized", os.O_RDWR | os.O_DIRECT)
                    show("read claiming one byte too many", lambda: os.preadv(fd, [aligned(4096)], 0))
                    show("write claiming one byte too many", lambda: os.pwrite(fd, aligned(4096), 0))
                    os.close(fd)
                    show("getxattr with a negative length", lambda: os.getxattr("xattrs", "user.a"))
                    show("getxattr size probe with a negative length", lambda: getxattr_sized("xattrs", "user.a", 0))
                    show("listxattr with a negative length", lambda: os.listxattr("xattrs"))
                    show("readlink of a 5000-byte target", lambda: os.readlink("huge-link"))
                    ok("still serving", lambda: put("fine", "x"))
                    show("read back", lambda: data("fine"))
                    """, false);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            Map<String, String> expected = Map.of(
                    "errno 600", "! EIO",
                    "errno 0", "! EIO",
                    "errno -5", "! EIO",
                    "read claiming one byte too many", "! EIO",
                    "write claiming one byte too many", "! EIO",
                    "getxattr with a negative length", "! EIO",
                    "getxattr size probe with a negative length", "! EIO",
                    "listxattr with a negative length", "! EIO",
                    "readlink of a 5000-byte target", "! ENAMETOOLONG",
                    "read back", "= b'x'");
            expected.forEach((label, outcome) ->
                    assertThat(run.outcome(label)).as(label + "\n" + run.text()).isEqualTo(outcome));
            assertThat(mount.session().isRunning()).isTrue();
            assertThat(mount.session().stats().internalErrors() - internalBefore)
                    .as("protocol violations are counted as internal errors").isGreaterThanOrEqualTo(8);
        }
        Optional<List<String>> logAfter = KernelLog.fuseLines();
        if (logBefore.isPresent() && logAfter.isPresent()) {
            assertThat(KernelLog.added(logBefore.get(), logAfter.get()))
                    .as("new kernel log lines about fuse").isEmpty();
        }
    }

    private static long ino(Path p) throws java.io.IOException {
        return (Long) Files.getAttribute(p, "unix:ino");
    }
}
