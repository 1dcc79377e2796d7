package dev.fusering.lifecycle;

import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.LauncherProcess;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Mounting with bad input fails fast (under 5 s), with a {@link FuseMountException} of the right
 * {@link Reason} and a one-line message that names the cause and the fix, and leaves no mount behind.
 */
@Timeout(60)
class BadInputTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private final List<Path> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    @AfterEach
    void unmountAll() {
        for (Path dir : cleanup) {
            TestMounts.forceUnmount(dir);
        }
    }

    @Test
    void missingMountPoint() {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path mnt = tmp.resolve("does-not-exist");
        FuseMountException e = failToMount(mnt, Transport.AUTO);
        assertThat(e.reason()).isEqualTo(Reason.MOUNT_POINT_MISSING);
        assertThat(e.getMessage()).contains(mnt.toString()).contains("does not exist").contains("mkdir -p " + mnt);
        assertThat(Files.exists(mnt)).as("the engine must not create the mount point").isFalse();
    }

    @Test
    void regularFile() throws IOException {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        FuseMountException e = failToMount(file, Transport.AUTO);
        assertThat(e.reason()).isEqualTo(Reason.NOT_A_DIRECTORY);
        assertThat(e.getMessage()).contains(file.toString()).contains("not a directory").contains("directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void nonEmptyDirectory() throws IOException {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path dir = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(dir.resolve("keep"), "data");
        FuseMountException e = failToMount(dir, Transport.AUTO);
        assertThat(e.reason()).isEqualTo(Reason.NOT_EMPTY);
        assertThat(e.getMessage()).contains(dir.toString()).contains("not empty").contains("empty directory");
        assertThat(Files.readString(dir.resolve("keep"))).isEqualTo("data");
    }

    @Test
    void alreadyALiveFuseMount() throws IOException {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        cleanup.add(dir);
        try (RunningSession first = new Session(dir, MountOptions.defaults()).start(new MemoryFilesystem())) {
            Files.writeString(dir.resolve("before"), "first mount");
            int mountsBefore = Mounts.countOn(dir);

            long t0 = System.nanoTime();
            FuseMountException e = catchThrowableOfType(FuseMountException.class,
                    () -> new Session(dir, MountOptions.defaults()).start(new MemoryFilesystem()));
            assertFast(t0);
            assertThat(e).as("mounting on a live FUSE mount must fail").isNotNull();
            assertOneLine(e);
            assertThat(e.reason()).isEqualTo(Reason.ALREADY_MOUNTED);
            assertThat(e.getMessage()).contains(dir.toString()).contains("already mounted").contains("umount");

            assertThat(Mounts.countOn(dir)).as("no second mount stacked").isEqualTo(mountsBefore);
            assertThat(first.isRunning()).as("the first session is untouched").isTrue();
            assertThat(Files.readString(dir.resolve("before"))).isEqualTo("first mount");
        }
        assertThat(TestMounts.isMounted(dir)).isFalse();
    }

    @Test
    void ioUringRequiredButDisabled() throws IOException {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        cleanup.add(dir);
        FuseMountException e;
        try (UringSwitch _ = UringSwitch.disable()) {
            e = failToMount(dir, Transport.IO_URING);
        }
        assertThat(UringSwitch.value()).isEqualTo("Y");
        assertThat(e.reason()).isEqualTo(Reason.IO_URING_UNAVAILABLE);
        assertThat(e.getMessage()).contains("io-uring").contains("enable_uring").contains("echo Y");
    }

    @Test
    void startTwice() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        cleanup.add(dir);
        Session session = new Session(dir, MountOptions.defaults());
        try (RunningSession running = session.start(new MemoryFilesystem())) {
            assertThatThrownBy(() -> session.start(new MemoryFilesystem()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toString());
            assertThatThrownBy(() -> session.queueDepth(4)).isInstanceOf(IllegalStateException.class);
            assertThat(running.isRunning()).isTrue();
            assertThat(Mounts.countOn(dir)).isEqualTo(1);
            Files.writeString(dir.resolve("f"), "still serving");
            assertThat(Files.readString(dir.resolve("f"))).isEqualTo("still serving");
        }
        assertThat(TestMounts.isMounted(dir)).isFalse();

        Session failed = new Session(tmp.resolve("missing"), MountOptions.defaults());
        assertThatThrownBy(() -> failed.start(new MemoryFilesystem())).isInstanceOf(FuseMountException.class);
        assertThatThrownBy(() -> failed.start(new MemoryFilesystem()))
                .as("a session starts once, even after a failed start")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badOptionsNameTheField() {
        assertThatThrownBy(() -> MountOptions.builder().maxWrite(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWrite");
        assertThatThrownBy(() -> MountOptions.builder().maxWrite(MountOptions.MAX_MAX_WRITE + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWrite");
        assertThatThrownBy(() -> MountOptions.builder().fsName("a,b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsName");
        assertThatThrownBy(() -> MountOptions.builder().fsName("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsName");
        assertThatThrownBy(() -> MountOptions.builder().entryTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entryTimeout");
        assertThatThrownBy(() -> MountOptions.builder().attrTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attrTimeout");
        assertThatThrownBy(() -> MountOptions.builder().custom("noatime,exec").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom");
        assertThatThrownBy(() -> MountOptions.builder().subtype("a.b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subtype");

        Session session = new Session(tmp.resolve("unused"), MountOptions.defaults());
        assertThatThrownBy(() -> session.queueDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueDepth");
        assertThatThrownBy(() -> session.workerCount(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerCount");
        assertThatThrownBy(() -> session.shutdownTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout");
    }

    /**
     * The launcher run as nobody cannot open /dev/fuse (mode 0600): exit status 1 and one {@code error:}
     * line that says what is wrong and what to do. The class path is copied to a world-readable directory
     * because root's Maven repository is not readable by nobody.
     */
    @Test
    void notRootLauncher() throws Exception {
        TestMounts.assumeCanMount(Transport.AUTO);
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "fusering-nobody");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            String classPath = Users.publicClassPath(shared);
            Path mnt = Files.createDirectory(shared.resolve("mnt"));
            Files.setPosixFilePermissions(mnt, PosixFilePermissions.fromString("rwxrwxrwx"));

            long t0 = System.nanoTime();
            try (LauncherProcess launcher = LauncherProcess.start(
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), classPath,
                    List.of("memory", mnt.toString()))) {
                Integer exit = launcher.awaitExit(Duration.ofSeconds(30)).orElse(null);
                assertThat(exit).as(launcher.describe()).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(launcher.describe())
                        .isLessThan(Duration.ofSeconds(15));
                List<String> errors = launcher.stderr().lines().filter(l -> l.startsWith("error:")).toList();
                assertThat(errors).as(launcher.describe()).hasSize(1);
                assertThat(errors.getFirst()).containsIgnoringCase("permission denied").contains("/dev/fuse")
                        .contains("run as root");
                assertThat(launcher.stderr()).as("no stack trace").doesNotContain("\tat ");
                assertThat(launcher.stdoutLines()).as(launcher.describe()).noneMatch(l -> l.startsWith("mounted"));
            }
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            TestMounts.forceUnmount(shared.resolve("mnt"));
            deleteTree(shared);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static FuseMountException failToMount(Path mountPoint, Transport transport) {
        long t0 = System.nanoTime();
        FuseMountException e = catchThrowableOfType(FuseMountException.class,
                () -> new Session(mountPoint, MountOptions.defaults()).transport(transport)
                        .start(new MemoryFilesystem()).close());
        assertFast(t0);
        assertThat(e).as("mounting on " + mountPoint + " must fail").isNotNull();
        assertOneLine(e);
        assertThat(TestMounts.isMounted(mountPoint)).as("no mount left on " + mountPoint).isFalse();
        return e;
    }

    private static void assertFast(long startNanos) {
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).as("failing takes under 5 s").isLessThan(FAST);
    }

    private static void assertOneLine(FuseMountException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        assertThat(e.getMessage()).as("the message names a fix after a colon").contains(": ");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root) || TestMounts.isMounted(root.resolve("mnt"))) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
