package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.Observations;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight workers hammer one mounted {@link MemoryFilesystem} for a few seconds with mixed operations:
 * four Java threads (create, positional overwrite, append, truncate, read-and-verify, rename, unlink,
 * mkdir/rmdir, listing, plus a directory shared by all), and four shell loops pinned with
 * {@code taskset -c 0} and {@code taskset -c 1} (two each), so that requests arrive on both io_uring
 * queues. Every read is checked against what was written; at the end every surviving file is read back,
 * and the session must report no internal errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrencyTest {

    private static final int JAVA_WORKERS = 4;
    private static final int SHELL_WORKERS = 4;
    private static final int MAX_FILES = 40;
    private static final int MAX_FILE_SIZE = 128 * 1024;
    private static final Pattern SHELL_SUMMARY = Pattern.compile("ops=(\\d+) bad=(\\d+)");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.fusering.testing.TransportMatrix#all")
    void mixedOperationsOnBothQueues(Transport transport, DispatchMode dispatch) throws Exception {
        Duration runFor = dispatch == DispatchMode.OFFLOADED ? Duration.ofSeconds(10) : Duration.ofSeconds(4);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, new MemoryFilesystem(), transport, dispatch)) {
            Path shared = Files.createDirectory(mount.path("shared"));
            long deadline = System.nanoTime() + runFor.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(JAVA_WORKERS + SHELL_WORKERS);
            try {
                List<Future<JavaWorker>> javaWorkers = new ArrayList<>();
                for (int i = 0; i < JAVA_WORKERS; i++) {
                    JavaWorker w = new JavaWorker(i, Files.createDirectory(mount.path("j" + i)), shared, deadline);
                    javaWorkers.add(pool.submit(w::runAndReturn));
                }
                List<Future<Shell.Result>> shellWorkers = new ArrayList<>();
                for (int i = 0; i < SHELL_WORKERS; i++) {
                    int cpu = i % 2;
                    Path dir = Files.createDirectory(mount.path("s" + i));
                    Path scratch = Files.createDirectory(tmp.resolve("scratch" + i));
                    shellWorkers.add(pool.submit(() -> Shell.run(runFor.plusSeconds(60),
                            List.of("taskset", "-c", Integer.toString(cpu), "sh", "-c",
                                    shellLoop(dir, scratch, runFor.toSeconds())))));
                }
                long totalOps = 0;
                for (Future<JavaWorker> f : javaWorkers) {
                    JavaWorker w = f.get(runFor.toSeconds() + 60, TimeUnit.SECONDS);
                    assertThat(w.failures).as("java worker %d failures", w.id).isEmpty();
                    w.verifyEverything();
                    assertThat(w.failures).as("java worker %d final check", w.id).isEmpty();
                    totalOps += w.ops;
                }
                for (int i = 0; i < SHELL_WORKERS; i++) {
                    Shell.Result r = shellWorkers.get(i).get(runFor.toSeconds() + 90, TimeUnit.SECONDS);
                    assertThat(r.exitCode()).as("shell worker %d (cpu %d): %s %s", i, i % 2, r.stdout(), r.stderr())
                            .isZero();
                    Matcher m = SHELL_SUMMARY.matcher(r.stdout());
                    assertThat(m.find()).as("shell worker %d summary in %s", i, r.stdout()).isTrue();
                    assertThat(Integer.parseInt(m.group(2))).as("shell worker %d mismatches: %s %s", i, r.stdout(),
                            r.stderr()).isZero();
                    assertThat(Integer.parseInt(m.group(1))).as("shell worker %d iterations", i).isPositive();
                    totalOps += Integer.parseInt(m.group(1));
                }
                assertThat(totalOps).isPositive();
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            SessionStats stats = mount.session().stats();
            assertThat(stats.internalErrors()).as("internal errors in %s", stats).isZero();
            if (transport == Transport.IO_URING) {
                assertThat(stats.ringRequests()).as("ring requests in %s", stats).isPositive();
            } else {
                assertThat(stats.ringRequests()).as("ring requests in %s", stats).isZero();
            }
            assertThat(mount.session().isRunning()).isTrue();
        }
    }

    /**
     * A shell loop that copies random data into the mount, checks it with cmp and md5sum, renames and
     * removes files until {@code seconds} have passed, then prints {@code ops=N bad=M}.
     */
    private static String shellLoop(Path dir, Path scratch, long seconds) {
        return "cd '" + dir + "' || exit 9; T='" + scratch + "'; end=$(( $(date +%s) + " + seconds + " ))\n" + """
                i=0; bad=0
                while [ "$(date +%s)" -lt "$end" ]; do
                  n=$(( (i % 37 + 1) * 3001 ))
                  head -c "$n" /dev/urandom > "$T/src"
                  cp "$T/src" "f$i" || bad=$((bad + 1))
                  cmp -s "$T/src" "f$i" || bad=$((bad + 1))
                  dd if="$T/src" of="g$i" bs=4k status=none || bad=$((bad + 1))
                  a=$(md5sum < "$T/src"); b=$(md5sum < "g$i"); [ "$a" = "$b" ] || bad=$((bad + 1))
                  mv "g$i" "h$i" || bad=$((bad + 1))
                  c=$(md5sum < "h$i"); [ "$a" = "$c" ] || bad=$((bad + 1))
                  rm "f$i" || bad=$((bad + 1))
                  [ "$i" -ge 5 ] && { rm "h$((i - 5))" || bad=$((bad + 1)); }
                  i=$((i + 1))
                done
                [ "$(ls | wc -l)" -le 5 ] || bad=$((bad + 1))
                echo "ops=$i bad=$bad"
                """;
    }

    /** One Java worker: its own directory, its expectations, and what went wrong. */
    private static final class JavaWorker {
        private final int id;
        private final Path dir;
        private final Path shared;
        private final long deadline;
        private final Random rnd;
        private final Map<String, byte[]> files = new TreeMap<>();
        private final TreeSet<String> dirs = new TreeSet<>();
        private final List<String> failures = new ArrayList<>();
        private int counter;
        private long ops;

        /**
         * Creates a worker.
         *
         * @param id       its number (seeds its random generator and names its shared files)
         * @param dir      its own directory in the mount
         * @param shared   the directory all workers use
         * @param deadline {@link System#nanoTime()} at which to stop
         */
        JavaWorker(int id, Path dir, Path shared, long deadline) {
            this.id = id;
            this.dir = dir;
            this.shared = shared;
            this.deadline = deadline;
            this.rnd = new Random(1000 + id);
        }

        /**
         * Runs random operations until the deadline (or ten failures).
         *
         * @return this worker, with its failures and its expectations
         */
        JavaWorker runAndReturn() {
            while (System.nanoTime() < deadline && failures.size() < 10) {
                int op = rnd.nextInt(11);
                try {
                    step(op);
                } catch (Exception e) {
                    failures.add("op " + op + ": " + e);
                }
                ops++;
            }
            return this;
        }

        private String pick() {
            List<String> names = new ArrayList<>(files.keySet());
            return names.get(rnd.nextInt(names.size()));
        }

        private byte[] randomBytes(int max) {
            byte[] b = new byte[rnd.nextInt(max + 1)];
            rnd.nextBytes(b);
            return b;
        }

        private void step(int op) throws IOException {
            if (files.isEmpty() || (op <= 1 && files.size() < MAX_FILES)) {
                String name = "f" + counter++;
                byte[] data = randomBytes(MAX_FILE_SIZE);
                Files.write(dir.resolve(name), data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                files.put(name, data);
                return;
            }
            switch (op) {
                case 0, 1, 2 -> verify(pick());
                case 3 -> {
                    String name = pick();
                    byte[] old = files.get(name);
                    byte[] patch = randomBytes(20_000);
                    int pos = rnd.nextInt(old.length + 4096);
                    try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE)) {
                        ByteBuffer b = ByteBuffer.wrap(patch);
                        while (b.hasRemaining()) {
                            ch.write(b, pos + b.position());
                        }
                    }
                    byte[] now = Arrays.copyOf(old, Math.max(old.length, pos + patch.length));
                    System.arraycopy(patch, 0, now, pos, patch.length);
                    files.put(name, now);
                }
                case 4 -> {
                    String name = pick();
                    byte[] extra = randomBytes(5000);
                    Files.write(dir.resolve(name), extra, StandardOpenOption.APPEND);
                    byte[] old = files.get(name);
                    byte[] now = Arrays.copyOf(old, old.length + extra.length);
                    System.arraycopy(extra, 0, now, old.length, extra.length);
                    files.put(name, now);
                }
                case 5 -> {
                    String name = pick();
                    byte[] old = files.get(name);
                    int size = old.length == 0 ? 0 : rnd.nextInt(old.length);
                    try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE)) {
                        ch.truncate(size);
                    }
                    files.put(name, Arrays.copyOf(old, size));
                }
                case 6 -> {
                    String name = pick();
                    String to = "f" + counter++;
                    Files.move(dir.resolve(name), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE);
                    files.put(to, files.remove(name));
                    verify(to);
                }
                case 7 -> {
                    String name = pick();
                    Files.delete(dir.resolve(name));
                    files.remove(name);
                    if (Files.exists(dir.resolve(name))) {
                        failures.add("deleted " + name + " still exists");
                    }
                }
                case 8 -> {
                    if (dirs.isEmpty() || rnd.nextBoolean()) {
                        String name = "d" + counter++;
                        Files.writeString(Files.createDirectory(dir.resolve(name)).resolve("inner"), name);
                        dirs.add(name);
                    } else {
                        String name = dirs.pollFirst();
                        Path d = dir.resolve(name);
                        String inner = Files.readString(d.resolve("inner"));
                        if (!inner.equals(name)) {
                            failures.add(name + "/inner holds " + inner);
                        }
                        Files.delete(d.resolve("inner"));
                        Files.delete(d);
                    }
                }
                case 9 -> checkListing();
                default -> {
                    String name = "w" + id + "-" + counter++;
                    byte[] data = randomBytes(10_000);
                    Path p = shared.resolve(name);
                    Files.write(p, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    if (!Observations.names(shared).contains(name)) {
                        failures.add("shared listing lacks " + name);
                    }
                    if (!Arrays.equals(Files.readAllBytes(p), data)) {
                        failures.add("shared file " + name + " differs");
                    }
                    Files.delete(p);
                }
            }
        }

        private void verify(String name) throws IOException {
            byte[] actual = Files.readAllBytes(dir.resolve(name));
            byte[] expected = files.get(name);
            if (!Arrays.equals(actual, expected)) {
                failures.add(name + ": read " + actual.length + " bytes, expected " + expected.length
                        + " (first difference at " + Arrays.mismatch(actual, expected) + ")");
            }
        }

        private void checkListing() throws IOException {
            TreeSet<String> expected = new TreeSet<>(files.keySet());
            expected.addAll(dirs);
            List<String> actual = Observations.names(dir);
            if (!actual.equals(new ArrayList<>(expected))) {
                failures.add("listing " + actual + " expected " + expected);
            }
        }

        /** Checks the listing and every surviving file against the expectations; adds to the failures. */
        void verifyEverything() {
            try {
                checkListing();
                for (String name : files.keySet()) {
                    verify(name);
                }
            } catch (IOException e) {
                failures.add("final check: " + e);
            }
        }
    }
}
