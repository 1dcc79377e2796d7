package dev.fusering.lifecycle;

import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.internal.mount.FuseConnection;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a session can end: {@link RunningSession#close()} under load, the {@code ShutdownHandle}, an
 * external {@code umount} (plain and lazy), a filesystem whose read hangs, and an abort through fusectl.
 * Each must leave no mount, end the engine's threads and call {@code destroy()} exactly once.
 */
@Timeout(90)
class ShutdownTest {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

    /** What close() may take beyond the shutdown timeout (unmount, abort, joins). */
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
    }

    /** (a) close() while 4 threads write and read: prompt, no mount, destroy/init once, no engine threads. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void closeWhileBusy(Transport transport) throws Exception {
        Path mnt = mountPoint(transport);
        CountingFilesystem fs = new CountingFilesystem(new MemoryFilesystem());
        Set<String> before = FuseThreads.live();
        RunningSession running = session(mnt, transport).start(fs);
        List<Thread> clients = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean closing = new AtomicBoolean();
        try {
            assertThat(threadsStartedSince(before)).as("the session's threads").isNotEmpty();

            AtomicInteger rounds = new AtomicInteger();
            AtomicReference<String> corruption = new AtomicReference<>();
            for (int i = 0; i < 4; i++) {
                Path file = mnt.resolve("busy-" + i);
                byte[] data = new byte[64 * 1024];
                Arrays.fill(data, (byte) ('a' + i));
                clients.add(Thread.ofPlatform().name("busy-client-" + i).start(() -> {
                    while (!stop.get()) {
                        try {
                            Files.write(file, data);
                            byte[] back = Files.readAllBytes(file);
                            if (!Arrays.equals(back, data) && !closing.get()) {
                                corruption.compareAndSet(null, file + " read back " + back.length + " bytes");
                            }
                            rounds.incrementAndGet();
                        } catch (IOException e) {
                            // expected once the mount is going away
                        }
                    }
                }));
            }
            assertThat(TestMounts.await(Duration.ofSeconds(20), () -> rounds.get() >= 40))
                    .as("clients make progress").isTrue();

            closing.set(true);
            long t0 = System.nanoTime();
            assertThat(closeInTime(running)).as("close() returns in time").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(corruption.get()).as("data read back while serving").isNull();
            assertThat(TestMounts.isMounted(mnt)).as("unmounted after close (took " + took + ")").isFalse();
            assertThat(running.isRunning()).isFalse();
            assertThat(running.awaitTermination(Duration.ZERO)).isTrue();
            assertThat(fs.inits()).as("init() calls").isEqualTo(1);
            assertThat(fs.destroys()).as("destroy() calls").isEqualTo(1);
            assertThat(threadsStartedSince(before))
                    .as("engine threads (including request runners) alive after close").isEmpty();

            running.close();
            assertThat(fs.destroys()).as("close() is idempotent").isEqualTo(1);
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(10));
            }
            closeQuietly(running, mnt);
        }
        assertThat(clients).as("client threads ended").noneMatch(Thread::isAlive);
    }

    /** (b) ShutdownHandle.shutdown() makes Session.run() return. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void shutdownHandleEndsRun(Transport transport) throws Exception {
        Path mnt = mountPoint(transport);
        CountingFilesystem fs = new CountingFilesystem(new MemoryFilesystem());
        Session session = session(mnt, transport);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().name("session-run").start(() -> {
            try {
                session.run(fs);
            } catch (Throwable t) {
                error.set(t);
            }
        });
        try {
            assertThat(TestMounts.await(Duration.ofSeconds(20),
                    () -> fs.inits() == 1 && TestMounts.isMounted(mnt) || !runner.isAlive()))
                    .as("mounted").isTrue();
            assertThat(error.get()).isNull();
            Files.writeString(mnt.resolve("f"), "run()");
            assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("run()");

            session.shutdownHandle().shutdown();
            assertThat(session.shutdownHandle().isShutdown()).isTrue();
            assertThat(runner.join(SHUTDOWN_TIMEOUT.plus(CLOSE_SLACK))).as("run() returned").isTrue();
            assertThat(error.get()).as("run() ends without an exception").isNull();
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(fs.destroys()).isEqualTo(1);
        } finally {
            session.shutdownHandle().shutdown();
            runner.join(Duration.ofSeconds(30));
            TestMounts.forceUnmount(mnt);
        }
    }

    /** (c) an external umount ends the session by itself. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void externalUmountEndsSession(Transport transport) throws Exception {
        externalUnmount(transport, List.of("umount"));
    }

    /** (c) an external lazy umount ends the session by itself. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void externalLazyUmountEndsSession(Transport transport) throws Exception {
        externalUnmount(transport, List.of("umount", "-l"));
    }

    private void externalUnmount(Transport transport, List<String> umount) throws Exception {
        Path mnt = mountPoint(transport);
        CountingFilesystem fs = new CountingFilesystem(new MemoryFilesystem());
        RunningSession running = session(mnt, transport).start(fs);
        try {
            Files.writeString(mnt.resolve("f"), "x");
            List<String> command = new ArrayList<>(umount);
            command.add(mnt.toString());
            Shell.Result r = Shell.run(Duration.ofSeconds(10), command);
            assertThat(r.ok()).as(command + ": " + r.stderr()).isTrue();

            assertThat(running.awaitTermination(Duration.ofSeconds(10))).as("the session ends by itself").isTrue();
            assertThat(running.isRunning()).isFalse();
            assertThat(running.failure()).as("an unmount is not a failure").isNull();
            assertThat(fs.destroys()).isEqualTo(1);
            assertThat(TestMounts.isMounted(mnt)).isFalse();
        } finally {
            closeQuietly(running, mnt);
        }
    }

    /** (d) a read that never returns: close() still completes within the timeout plus slack, no mount left. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void hangingReadDoesNotBlockClose(Transport transport) throws Exception {
        Path mnt = mountPoint(transport);
        HangingReadFilesystem hanging = new HangingReadFilesystem(new MemoryFilesystem());
        CountingFilesystem fs = new CountingFilesystem(hanging);
        RunningSession running = session(mnt, transport).start(fs);
        Process reader = null;
        try {
            reader = startDirectRead(mnt.resolve("f"));
            assertThat(hanging.awaitReadEntered(10)).as("a READ reached the filesystem").isTrue();

            long t0 = System.nanoTime();
            boolean closed = closeInTime(running);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(closed).as("close() returns despite a hanging read").isTrue();
            assertThat(took).isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT.minusMillis(100));
            assertThat(TestMounts.isMounted(mnt)).isFalse();
            assertThat(fs.destroys()).isEqualTo(1);
            assertThat(reader.waitFor(10, TimeUnit.SECONDS)).as("the blocked reader was released").isTrue();
            assertThat(reader.exitValue()).as("the blocked read failed").isNotZero();
        } finally {
            hanging.release();
            stop(reader);
            closeQuietly(running, mnt);
        }
    }

    /**
     * (d) continued: a reply that the filesystem produces after close() has returned must not be written
     * to the session's old {@code /dev/fuse} descriptor number, which the process may have reused for an
     * unrelated file by then. The test reuses the number on purpose (new files get the lowest free
     * descriptor) and checks that none of them receives bytes when the hanging read finally returns.
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void lateReplyDoesNotWriteToReusedDescriptor(Transport transport) throws Exception {
        Path mnt = mountPoint(transport);
        HangingReadFilesystem hanging = new HangingReadFilesystem(new MemoryFilesystem());
        Set<Integer> fusersBefore = OpenDescriptors.pointingTo("/dev/fuse");
        RunningSession running = session(mnt, transport).start(hanging);
        Process reader = null;
        List<FileChannel> victims = new ArrayList<>();
        try {
            Set<Integer> devFds = OpenDescriptors.pointingTo("/dev/fuse");
            devFds.removeAll(fusersBefore);
            assertThat(devFds).as("the session's /dev/fuse descriptor").hasSize(1);
            int devFd = devFds.iterator().next();

            reader = startDirectRead(mnt.resolve("f"));
            assertThat(hanging.awaitReadEntered(10)).as("a READ reached the filesystem").isTrue();
            assertThat(closeInTime(running)).as("close() returns").isTrue();

            Path victimDir = Files.createDirectory(tmp.resolve("victims"));
            Path reused = null;
            for (int i = 0; i < 64 && reused == null; i++) {
                Path victim = victimDir.resolve("victim-" + i);
                victims.add(FileChannel.open(victim, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                if (OpenDescriptors.pointingTo(victim.toString()).contains(devFd)) {
                    reused = victim;
                }
            }
            hanging.release();
            Thread.sleep(1_000);
            try (Stream<Path> files = Files.list(victimDir)) {
                for (Path victim : files.toList()) {
                    assertThat(Files.size(victim)).as(victim + " (descriptor " + devFd + " reused by "
                            + reused + ") received a stale FUSE reply").isZero();
                }
            }
        } finally {
            hanging.release();
            for (FileChannel c : victims) {
                c.close();
            }
            stop(reader);
            closeQuietly(running, mnt);
        }
    }

    /** (e) writing to /sys/fs/fuse/connections/N/abort ends the session. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void abortThroughFusectlEndsSession(Transport transport) throws Exception {
        Path mnt = mountPoint(transport);
        CountingFilesystem fs = new CountingFilesystem(new MemoryFilesystem());
        Set<String> before = FuseThreads.live();
        RunningSession running = session(mnt, transport).start(fs);
        try {
            Files.writeString(mnt.resolve("f"), "x");
            long id = FuseConnection.id(mnt);
            Files.writeString(FuseConnection.CONNECTIONS.resolve(Long.toString(id)).resolve("abort"), "1");

            assertThat(running.awaitTermination(Duration.ofSeconds(10))).as("the session ends by itself").isTrue();
            assertThat(fs.destroys()).isEqualTo(1);
            assertThat(TestMounts.isMounted(mnt)).as("the engine removes the aborted mount").isFalse();
            assertThat(threadsStartedSince(before))
                    .as("engine threads (including request runners) alive after abort").isEmpty();
        } finally {
            closeQuietly(running, mnt);
        }
    }

    /** Skips the test unless this machine can mount with {@code transport}; returns the test's mount point. */
    private Path mountPoint(Transport transport) throws IOException {
        TestMounts.assumeCanMount(transport);
        return Files.createDirectory(tmp.resolve("mnt"));
    }

    /** @return the live FUSE engine threads that were not alive in {@code before} */
    private static Set<String> threadsStartedSince(Set<String> before) {
        Set<String> threads = new HashSet<>(FuseThreads.live());
        threads.removeAll(before);
        return threads;
    }

    /** Calls {@code close()} in a thread; returns whether it returned within the shutdown timeout plus slack. */
    private static boolean closeInTime(RunningSession running) throws InterruptedException {
        Thread closer = Thread.ofPlatform().name("closer").start(running::close);
        return closer.join(SHUTDOWN_TIMEOUT.plus(CLOSE_SLACK));
    }

    /** Writes 8 KiB to {@code file} and starts a dd reading it with O_DIRECT (so the READ skips the page cache). */
    private static Process startDirectRead(Path file) throws IOException {
        Files.write(file, new byte[8192]);
        return new ProcessBuilder("dd", "if=" + file, "of=/dev/null", "bs=4096", "count=1", "iflag=direct")
                .redirectErrorStream(true).start();
    }

    /** Kills {@code process} (if not null) and waits for it. */
    private static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Session session(Path mnt, Transport transport) {
        return new Session(mnt, MountOptions.defaults()).transport(transport).shutdownTimeout(SHUTDOWN_TIMEOUT);
    }

    /** Closes with a time limit and unmounts by force if needed. */
    private static void closeQuietly(RunningSession running, Path mnt) throws InterruptedException {
        Thread closer = Thread.ofPlatform().start(running::close);
        if (!closer.join(Duration.ofSeconds(30))) {
            TestMounts.forceUnmount(mnt);
            closer.join(Duration.ofSeconds(10));
        }
        TestMounts.forceUnmount(mnt);
    }
}
