package dev.fusering.faults;

import dev.fusering.testing.ScriptProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code block_client.py} processes, each pinned with {@code taskset} to CPU {@code i % 2} (so that
 * requests arrive on both io_uring queues) and working on its own 64 KiB file, and reads their summaries.
 */
final class BlockClients implements AutoCloseable {

    private static final Pattern SUMMARY = Pattern.compile("ops=(\\d+) errors=(\\d+) first=(\\S+)");

    private final List<ScriptProcess> clients = new ArrayList<>();

    /**
     * The summary one client printed.
     *
     * @param ops    operations completed
     * @param errors operations that failed or read back wrong data
     * @param first  the first error's errno name, {@code mismatch}, or {@code -}
     */
    record Summary(long ops, long errors, String first) {
    }

    /**
     * Creates the files and starts the clients, and waits until each has opened its file.
     *
     * @param scriptDir      where to put the script
     * @param dir            the directory for the clients' files (on the mount)
     * @param count          how many clients
     * @param seconds        how long each runs at most
     * @param maxOps         how many operations each does at most
     * @param stopOnError    whether a client stops at its first error
     * @param statEachOp     whether each operation also stats the file by name (a LOOKUP)
     * @return the running clients
     * @throws IOException if the files cannot be created
     */
    static BlockClients start(Path scriptDir, Path dir, int count, double seconds, long maxOps, boolean stopOnError,
                              boolean statEachOp) throws IOException {
        Path script = ScriptProcess.install(BlockClients.class, "block_client.py", scriptDir);
        BlockClients all = new BlockClients();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve("client-" + i);
            Files.write(file, new byte[64 * 1024]);
            all.clients.add(ScriptProcess.start(List.of("taskset", "-c", Integer.toString(i % 2)), script,
                    List.of(file.toString(), Double.toString(seconds), Long.toString(maxOps), stopOnError ? "1" : "0",
                            Integer.toString(i + 1), statEachOp ? "1" : "0")));
        }
        for (ScriptProcess c : all.clients) {
            assertThat(c.awaitLine(Duration.ofSeconds(20), "started"::equals)).as(c.describe()).isPresent();
        }
        return all;
    }

    /**
     * Waits for every client to end and returns their summaries.
     *
     * @param timeout how long to wait for all of them
     * @return one summary per client
     */
    List<Summary> await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Summary> out = new ArrayList<>();
        for (ScriptProcess c : clients) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            assertThat(c.awaitExit(left)).as("client ends in time (no hang): " + c.describe()).contains(0);
            String line = c.lines().stream().filter(l -> l.startsWith("ops=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary: " + c.describe()));
            Matcher m = SUMMARY.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            out.add(new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3)));
        }
        return out;
    }

    /** Kills the clients that are still running. */
    @Override
    public void close() {
        clients.forEach(ScriptProcess::close);
    }
}
