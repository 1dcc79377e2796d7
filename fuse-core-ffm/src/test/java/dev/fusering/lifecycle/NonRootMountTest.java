package dev.fusering.lifecycle;

import dev.fusering.api.Transport;
import dev.fusering.internal.mount.FusermountMount;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mounting without root: the launcher runs as {@link Users#NOBODY} and mounts through {@code fusermount3}.
 *
 * <p>This machine's {@code /dev/fuse} has mode 0600 (no udev rule), and fusermount3 opens it with the user's
 * permissions. Rather than changing the device for everybody, each launcher runs in a private mount namespace
 * ({@code unshare --mount}) where a 0666 node of the same device (10:229) is bind-mounted over
 * {@code /dev/fuse}. The FUSE mount therefore lives in that namespace: the test reads
 * {@code /proc/PID/mountinfo} of a process inside it and does file I/O there with {@code nsenter}. To see
 * what happens after the launcher is gone, a {@code sleep} process is kept in the namespace (a "holder"); the
 * namespace, and with it any mount left in it, disappears when the last of its processes ends, so nothing
 * can be left on the host. Where a test needs {@code user_allow_other}, a fuse.conf that enables it is
 * bind-mounted over {@code /etc/fuse.conf} in the same way.
 */
@Timeout(120)
class NonRootMountTest {

    private static final Duration MOUNT_WAIT = Duration.ofSeconds(20);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final String NOBODY = Integer.toString(Users.NOBODY);

    private static Path shared;
    private static String classPath;
    private static Path fuseNode;
    private static Path fuseConf;

    private final List<Process> holders = new ArrayList<>();
    private final List<ProcessHandle> watchers = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        TestMounts.assumeCanMount(Transport.AUTO);
        for (String tool : List.of("unshare", "nsenter", "mknod", FusermountMount.PROGRAM)) {
            if (!Shell.run(Duration.ofSeconds(5), List.of("sh", "-c", "command -v " + tool)).ok()) {
                String reason = tool + " is not installed (packages util-linux, coreutils, fuse3)";
                if (TestMounts.inCi()) {
                    fail(reason);
                }
                Assumptions.abort(reason);
            }
        }
        shared = Files.createTempDirectory(Path.of("/tmp"), "fusering-nonroot");
        Users.openUp(shared);
        classPath = Users.publicClassPath(shared);
        fuseNode = shared.resolve("fuse-node");
        Shell.Result mknod = Shell.run(Duration.ofSeconds(5),
                List.of("mknod", "-m", "0666", fuseNode.toString(), "c", "10", "229"));
        assertThat(mknod.ok()).as("mknod: " + mknod.stderr()).isTrue();
        fuseConf = Files.writeString(shared.resolve("fuse.conf"), "user_allow_other\n");
        Files.setPosixFilePermissions(fuseConf, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (shared != null) {
            try (Stream<Path> walk = Files.walk(shared)) {
                for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    TestMounts.forceUnmount(p);
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @AfterEach
    void endHelpers() {
        for (Process holder : holders) {
            holder.destroyForcibly();
            try {
                holder.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle watcher : watchers) {
            if (watcher.isAlive()) {
                watcher.destroyForcibly();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "classic"})
    void servesAsTheUserAndUnmountsOnSigterm(String transport) throws Exception {
        TestMounts.assumeCanMount(transport.equals("io-uring") ? Transport.IO_URING : Transport.CLASSIC);
        Path mnt = ownedMountPoint("serve-" + transport);
        // Inline dispatch: that is where idle ring owners would apply (checked at the end).
        try (LauncherProcess launcher = startAsNobody(List.of("memory", mnt.toString(), "--transport", transport,
                "--dispatch", "inline"))) {
            String line = awaitMounted(launcher);
            assertThat(line).as(launcher.describe()).startsWith("mounted " + mnt + " transport=" + transport + " ");
            Process holder = holdNamespace(launcher.pid());

            String entry = mountEntry(launcher.pid(), mnt).orElseThrow(() -> new AssertionError("no mount on " + mnt
                    + " in the launcher's namespace\n" + launcher.describe()));
            assertThat(entry).as("a FUSE mount owned by nobody").containsPattern(" - fuse(\\.\\S+)? ")
                    .contains("user_id=" + NOBODY).contains("group_id=" + NOBODY).contains("nosuid").contains("nodev");

            Shell.Result io = asNobodyIn(launcher.pid(), "printf 'written by nobody' > '" + mnt + "/f' && cat '"
                    + mnt + "/f' && echo && stat -c %u '" + mnt + "/f' && ls '" + mnt + "'");
            assertThat(io.ok()).as(io.stderr()).isTrue();
            assertThat(io.stdout().lines().toList()).containsExactly("written by nobody", NOBODY, "f");

            launcher.terminate();
            assertThat(launcher.awaitExit(EXIT_WAIT)).as(launcher.describe()).contains(0);
            assertThat(mountEntry(holder.pid(), mnt)).as("fusermount3 -u removed the mount").isEmpty();
            assertThat(launcher.stderr()).as(launcher.describe()).doesNotContain("failed").doesNotContain("ERROR");
            if (transport.equals("io-uring")) {
                // nobody cannot switch a thread back from SCHED_IDLE: the ring owners keep the normal policy.
                assertThat(launcher.stderr()).as(launcher.describe())
                        .contains("keep the normal scheduling policy").contains("needs CAP_SYS_NICE");
            }
        }
    }

    /**
     * fusermount3 3.14 (this machine's) checks from its watcher, as root, that the mount's server is gone;
     * that needs allow_other, and it misreads the end of an io_uring connection (see
     * {@code FusermountMount}). Hence allow_other (with a namespace-private fuse.conf that enables
     * user_allow_other) and the classic transport.
     */
    @Test
    void autoUnmountRemovesTheMountWhenTheDaemonIsKilled() throws Exception {
        Path mnt = ownedMountPoint("auto");
        try (LauncherProcess launcher = startAsNobody(List.of("memory", mnt.toString(), "--auto-unmount",
                "--allow-other", "--transport", "classic"), true)) {
            awaitMounted(launcher);
            assertThat(mountEntry(launcher.pid(), mnt).orElseThrow()).contains("allow_other");
            Process holder = holdNamespace(launcher.pid());
            ProcessHandle watcher = launcher.process().children()
                    .filter(p -> p.info().command().orElse("").endsWith(FusermountMount.PROGRAM))
                    .findFirst().orElseThrow(() -> new AssertionError("no fusermount3 watcher below the launcher"));
            watchers.add(watcher);
            assertThat(mountEntry(holder.pid(), mnt)).isPresent();

            launcher.process().destroyForcibly();
            assertThat(launcher.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TestMounts.await(Duration.ofSeconds(10), () -> mountEntry(holder.pid(), mnt).isEmpty()))
                    .as("the watcher unmounted " + mnt + " after SIGKILL").isTrue();
            assertThat(watcher.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the watcher exited").isFalse();
        }
    }

    /**
     * {@code allowRoot}: root may use nobody's mount (a user mount without {@code allow_other} refuses even
     * root, which the control mount shows), while a third user still gets EACCES, now from the engine.
     */
    @Test
    void allowRootLetsRootInAndKeepsOtherUsersOut() throws Exception {
        Path mnt = ownedMountPoint("allow-root");
        Path control = ownedMountPoint("allow-root-control");
        try (LauncherProcess launcher = startAsNobody(List.of("memory", mnt.toString(), "--allow-root"), true);
             LauncherProcess plain = startAsNobody(List.of("memory", control.toString()), true)) {
            awaitMounted(launcher);
            awaitMounted(plain);
            Shell.Result write = asNobodyIn(launcher.pid(), "printf root-may-read > '" + mnt + "/f'");
            assertThat(write.ok()).as(write.stderr()).isTrue();

            Shell.Result asRoot = inNamespace(launcher.pid(), List.of("cat", mnt + "/f"));
            assertThat(asRoot.ok()).as(asRoot.stderr()).isTrue();
            assertThat(asRoot.stdout()).isEqualTo("root-may-read");

            Shell.Result other = inNamespace(launcher.pid(), List.of("setpriv", "--reuid=65533", "--regid=65533",
                    "--clear-groups", "stat", mnt + "/f"));
            assertThat(other.ok()).isFalse();
            assertThat(other.stderr()).contains("Permission denied");

            Shell.Result rootOnControl = inNamespace(plain.pid(), List.of("stat", control.toString()));
            assertThat(rootOnControl.ok()).as("root on a user mount without allow_root").isFalse();
            assertThat(rootOnControl.stderr()).contains("Permission denied");
        }
    }

    /**
     * The launcher's {@code nio} (a zip archive) and {@code passthrough --passthrough} commands work for an
     * ordinary user: the zip is served as is, and the mirror is served without kernel passthrough (which needs
     * CAP_SYS_ADMIN) after a one-line warning instead of failing.
     */
    @Test
    void launcherServesAZipAndAMirrorAsTheUser() throws Exception {
        Path sources = ownedMountPoint("sources");
        Path zip = sources.resolve("site.zip");
        try (var zipOut = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            zipOut.putNextEntry(new java.util.zip.ZipEntry("docs/readme.txt"));
            zipOut.write("from the zip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zipOut.closeEntry();
        }
        Path dir = Files.createDirectory(sources.resolve("dir"));
        Files.writeString(dir.resolve("f"), "from the directory");
        Shell.Result chown = Shell.run(Duration.ofSeconds(5), List.of("chown", "-R", NOBODY + ":" + NOBODY,
                sources.toString()));
        assertThat(chown.ok()).as(chown.stderr()).isTrue();
        Path zipMnt = ownedMountPoint("nio-zip");
        Path mirrorMnt = ownedMountPoint("mirror");
        try (LauncherProcess nio = startAsNobody(List.of("nio", zipMnt.toString(), "--source", zip.toString(),
                "--read-only"));
             LauncherProcess mirror = startAsNobody(List.of("passthrough", mirrorMnt.toString(), "--source",
                     dir.toString(), "--passthrough"))) {
            awaitMounted(nio);
            awaitMounted(mirror);
            Shell.Result zipRead = asNobodyIn(nio.pid(), "cat '" + zipMnt + "/docs/readme.txt'");
            assertThat(zipRead.ok()).as(zipRead.stderr() + nio.describe()).isTrue();
            assertThat(zipRead.stdout()).isEqualTo("from the zip");
            Shell.Result mirrorRead = asNobodyIn(mirror.pid(), "cat '" + mirrorMnt + "/f'");
            assertThat(mirrorRead.ok()).as(mirrorRead.stderr() + mirror.describe()).isTrue();
            assertThat(mirrorRead.stdout()).isEqualTo("from the directory");
            assertThat(mirror.stderr()).contains("--passthrough needs root");
            nio.terminate();
            mirror.terminate();
            assertThat(nio.awaitExit(EXIT_WAIT)).as(nio.describe()).contains(0);
            assertThat(mirror.awaitExit(EXIT_WAIT)).as(mirror.describe()).contains(0);
        }
    }

    /** Runs a command as root in the mount namespace of a process. */
    private static Shell.Result inNamespace(long pid, List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--mount", "--"));
        full.addAll(command);
        return Shell.run(Duration.ofSeconds(15), full);
    }

    /**
     * The control for {@link #autoUnmountRemovesTheMountWhenTheDaemonIsKilled}: without auto-unmount, SIGKILL
     * leaves a dead mount behind. The next launcher (as nobody, in the same namespace) detaches that stale mount
     * with {@code fusermount3 -u -z} and mounts again.
     */
    @Test
    void withoutAutoUnmountSigkillLeavesAStaleMountThatTheNextStartDetaches() throws Exception {
        Path mnt = ownedMountPoint("no-auto");
        try (LauncherProcess launcher = startAsNobody(List.of("memory", mnt.toString(), "--transport", "classic"))) {
            awaitMounted(launcher);
            Process holder = holdNamespace(launcher.pid());
            assertThat(launcher.process().children().count()).as("no fusermount3 left running").isZero();
            launcher.process().destroyForcibly();
            assertThat(launcher.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1_000);
            assertThat(mountEntry(holder.pid(), mnt)).as("the mount stays (stale) without auto-unmount").isPresent();
            assertThat(asNobodyIn(holder.pid(), "ls '" + mnt + "'").stderr()).contains("not connected");

            List<String> sameNamespace = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holder.pid()),
                    "--mount", "--"));
            sameNamespace.addAll(Users.asNobody());
            try (LauncherProcess second = LauncherProcess.start(sameNamespace, classPath,
                    List.of("memory", mnt.toString(), "--transport", "classic"))) {
                awaitMounted(second);
                assertThat(second.stderr()).as(second.describe()).contains("stale FUSE mount");
                Shell.Result io = asNobodyIn(holder.pid(), "echo again > '" + mnt + "/g' && cat '" + mnt + "/g'");
                assertThat(io.stdout()).as(io.stderr()).isEqualTo("again\n");
                assertThat(mountCount(holder.pid(), mnt)).as("the stale mount was detached, not stacked").isOne();
                second.terminate();
                assertThat(second.awaitExit(EXIT_WAIT)).as(second.describe()).contains(0);
                assertThat(mountEntry(holder.pid(), mnt)).isEmpty();
            }
        }
    }

    private static long mountCount(long pid, Path mnt) throws IOException {
        String needle = " " + mnt + " ";
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo")).stream()
                .filter(l -> l.contains(needle)).count();
    }

    @Test
    void inaccessibleMountPointIsAClearError() throws Exception {
        Path closed = Files.createDirectory(shared.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path mnt = Files.createDirectory(closed.resolve("mnt"));
        String error = failingLaunch(List.of("memory", mnt.toString()));
        assertThat(error).contains(mnt.toString()).contains("not accessible").containsIgnoringCase("permission denied");
    }

    @Test
    void mountPointOfAnotherUserIsAClearError() throws Exception {
        Path mnt = Files.createDirectory(shared.resolve("roots"));
        Users.openUp(mnt);
        String error = failingLaunch(List.of("memory", mnt.toString()));
        assertThat(error).contains(mnt.toString()).contains("owned by uid 0").contains("uid " + NOBODY);
    }

    @Test
    void allowOtherNeedsUserAllowOther() throws Exception {
        Assumptions.assumeFalse(fuseConfAllowsOther(), "/etc/fuse.conf enables user_allow_other");
        Path mnt = ownedMountPoint("allow-other");
        String error = failingLaunch(List.of("memory", mnt.toString(), "--allow-other"));
        assertThat(error).contains("user_allow_other").contains("/etc/fuse.conf");
    }

    // ------------------------------------------------------------------ helpers

    private static LauncherProcess startAsNobody(List<String> args) {
        return startAsNobody(args, false);
    }

    /**
     * Starts the launcher as nobody in a new mount namespace whose /dev/fuse is the 0666 node and, with
     * {@code userAllowOther}, whose /etc/fuse.conf enables user_allow_other.
     */
    private static LauncherProcess startAsNobody(List<String> args, boolean userAllowOther) {
        String conf = userAllowOther ? " && mount --bind \"$1\" /etc/fuse.conf" : "";
        List<String> prefix = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
                "mount --bind \"$0\" /dev/fuse" + conf + " && shift && exec \"$@\"", fuseNode.toString(),
                fuseConf.toString()));
        prefix.addAll(Users.asNobody());
        return LauncherProcess.start(prefix, classPath, args);
    }

    private static String awaitMounted(LauncherProcess launcher) {
        return launcher.awaitStdoutLine(MOUNT_WAIT, l -> l.startsWith("mounted "))
                .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + launcher.describe()));
    }

    private static String failingLaunch(List<String> args) {
        long t0 = System.nanoTime();
        try (LauncherProcess launcher = startAsNobody(args)) {
            assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as(launcher.describe()).contains(1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            List<String> errors = launcher.stderr().lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as(launcher.describe()).hasSize(1);
            assertThat(launcher.stderr()).as("no stack trace").doesNotContain("\tat ");
            assertThat(launcher.stdoutLines()).noneMatch(l -> l.startsWith("mounted"));
            return errors.getFirst();
        }
    }

    /** A process that keeps the launcher's mount namespace alive after the launcher has gone. */
    private Process holdNamespace(long pid) throws IOException {
        Process holder = new ProcessBuilder("nsenter", "--target", Long.toString(pid), "--mount", "--", "sleep", "60")
                .redirectErrorStream(true).start();
        holders.add(holder);
        assertThat(TestMounts.await(Duration.ofSeconds(5), () -> sameMountNamespace(holder.pid(), pid)))
                .as("holder entered the namespace").isTrue();
        return holder;
    }

    private static boolean sameMountNamespace(long a, long b) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(a), "ns", "mnt"))
                    .equals(Files.readSymbolicLink(Path.of("/proc", Long.toString(b), "ns", "mnt")));
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a shell script as nobody in the mount namespace of a process. */
    private static Shell.Result asNobodyIn(long pid, String script) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--mount", "--"));
        command.addAll(Users.asNobody());
        command.addAll(List.of("sh", "-c", script));
        return Shell.run(Duration.ofSeconds(15), command);
    }

    /** The mountinfo line for a mount point, as seen by a process. */
    private static Optional<String> mountEntry(long pid, Path mnt) {
        try {
            String needle = " " + mnt + " ";
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo")).stream()
                    .filter(l -> l.contains(needle)).findFirst();
        } catch (IOException e) {
            throw new AssertionError("cannot read the mount table of " + pid + ": " + e.getMessage(), e);
        }
    }

    /** An empty directory owned by nobody. */
    private static Path ownedMountPoint(String name) throws IOException {
        Path mnt = Files.createDirectory(shared.resolve(name));
        Users.openUp(mnt);
        Shell.Result chown = Shell.run(Duration.ofSeconds(5), List.of("chown", NOBODY + ":" + NOBODY, mnt.toString()));
        assertThat(chown.ok()).as(chown.stderr()).isTrue();
        return mnt;
    }

    private static boolean fuseConfAllowsOther() {
        try {
            return Files.readAllLines(Path.of("/etc/fuse.conf")).stream().map(String::strip)
                    .anyMatch(l -> l.equals("user_allow_other"));
        } catch (IOException e) {
            return false;
        }
    }

}
