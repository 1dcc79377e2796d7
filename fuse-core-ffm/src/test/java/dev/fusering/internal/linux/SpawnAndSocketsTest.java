package dev.fusering.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.Errno;
import dev.fusering.testing.Python;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Spawn} and {@link UnixSockets} against real child processes: exit status and reaping, descriptor
 * placement in the child, and {@code SCM_RIGHTS} passing (a Python child sends a descriptor with
 * {@code socket.send_fds}).
 */
class SpawnAndSocketsTest {

    private static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LC_ALL=C");

    @TempDir
    Path tmp;

    @Test
    void spawnReportsTheExitCodeAndReapsTheChild() throws Exception {
        int[] out = Spawn.pipe();
        int pid;
        try {
            pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "echo \"to $0\" >&2; exit 3", "stderr"), ENV,
                    new int[] {-1, -1, out[1]});
        } finally {
            LibC.close(out[1]);
        }
        try {
            Optional<Spawn.Exit> exit = Spawn.waitFor(pid, 10_000);
            assertThat(exit).isPresent();
            assertThat(exit.get().exited()).isTrue();
            assertThat(exit.get().code()).isEqualTo(3);
            assertThat(exit.get().success()).isFalse();
            assertThat(readAll(out[0])).isEqualTo("to stderr\n");
        } finally {
            LibC.close(out[0]);
        }
        assertThatThrownBy(() -> Spawn.waitFor(pid, 0)).as("already reaped: no zombie left")
                .isInstanceOfSatisfying(NativeCallException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ECHILD.code()));
    }

    @Test
    void waitForIsBoundedAndKillEndsTheChild() throws Exception {
        int pid = Spawn.spawn("/bin/sleep", List.of("sleep", "30"), ENV, new int[] {-1, -1, -1});
        long t0 = System.nanoTime();
        assertThat(Spawn.waitFor(pid, 100)).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(90L, 5_000L);
        Spawn.kill(pid, Spawn.SIGKILL);
        Optional<Spawn.Exit> exit = Spawn.waitFor(pid, 10_000);
        assertThat(exit).isPresent();
        assertThat(exit.get().signal()).isEqualTo(Spawn.SIGKILL);
    }

    @Test
    void onlyTheChosenDescriptorsReachTheChild() throws Exception {
        int[] sockets = UnixSockets.socketPair();
        int[] out = Spawn.pipe();
        int pid;
        try {
            pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "ls /proc/self/fd"), ENV,
                    new int[] {-1, out[1], -1, sockets[1]});
        } finally {
            LibC.close(out[1]);
            LibC.close(sockets[1]);
        }
        try {
            assertThat(Spawn.waitFor(pid, 10_000).orElseThrow().success()).isTrue();
            // 0-3, plus the directory ls reads
            assertThat(readAll(out[0]).lines().map(Integer::parseInt).filter(fd -> fd != 4).toList())
                    .containsExactly(0, 1, 2, 3);
        } finally {
            LibC.close(out[0]);
            LibC.close(sockets[0]);
        }
    }

    @Test
    void receivesADescriptorOverTheSocket() throws Exception {
        Path file = Files.writeString(tmp.resolve("payload"), "passed over SCM_RIGHTS");
        String script = "import os, socket\n"
                + "s = socket.socket(fileno=3)\n"
                + "socket.send_fds(s, [b'\\0'], [os.open('" + file + "', os.O_RDONLY)])\n";
        int[] sockets = UnixSockets.socketPair();
        int pid;
        try {
            pid = Spawn.spawn(Python.executable().startsWith("/") ? Python.executable() : "/usr/bin/python3",
                    List.of("python3", "-c", script), ENV, new int[] {-1, -1, 2, sockets[1]});
        } finally {
            LibC.close(sockets[1]);
        }
        try {
            assertThat(UnixSockets.awaitReadable(sockets[0], 10_000)).isTrue();
            int fd = UnixSockets.receiveDescriptor(sockets[0]);
            assertThat(fd).isGreaterThan(2);
            try {
                assertThat(readAll(fd)).isEqualTo("passed over SCM_RIGHTS");
            } finally {
                LibC.close(fd);
            }
            assertThat(Spawn.waitFor(pid, 10_000).orElseThrow().success()).isTrue();
            assertThat(UnixSockets.awaitReadable(sockets[0], 1_000)).as("end of file").isTrue();
            assertThat(UnixSockets.receiveDescriptor(sockets[0])).as("closed without a descriptor").isEqualTo(-1);
        } finally {
            LibC.close(sockets[0]);
        }
    }

    @Test
    void awaitReadableTimesOut() throws Exception {
        int[] sockets = UnixSockets.socketPair();
        try {
            assertThat(UnixSockets.awaitReadable(sockets[0], 50)).isFalse();
        } finally {
            LibC.close(sockets[0]);
            LibC.close(sockets[1]);
        }
    }

    private static String readAll(int fd) throws NativeCallException {
        StringBuilder text = new StringBuilder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            while (UnixSockets.awaitReadable(fd, 5_000)) {
                long n = LibC.readRaw(fd, buf, buf.byteSize());
                if (n <= 0) {
                    break;
                }
                text.append(new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }
}
