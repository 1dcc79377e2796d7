package dev.fusering.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shell tools from tests with a timeout; a process that overruns is killed (with its descendants), so
 * tests never leave processes behind.
 */
public final class Shell {

    private Shell() {
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode the exit status (-1 when it timed out)
     * @param stdout   standard output
     * @param stderr   standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** @return true when the exit status was 0 */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command.
     *
     * @param timeout how long it may take
     * @param command the command and its arguments
     * @return the result
     */
    public static Result run(Duration timeout, List<String> command) {
        return run(timeout, null, command);
    }

    /**
     * Runs a command in a directory.
     *
     * @param timeout how long it may take
     * @param dir     the working directory, or null
     * @param command the command and its arguments
     * @return the result
     */
    public static Result run(Duration timeout, Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot start " + command + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            var outBuf = new StringBuilder();
            var out = Thread.ofVirtual().start(() -> outBuf.append(readQuietly(p.getInputStream())));
            var errBuf = new StringBuilder();
            var err = Thread.ofVirtual().start(() -> errBuf.append(readQuietly(p.getErrorStream())));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "", "timed out after " + timeout + ": " + command);
            }
            out.join();
            err.join();
            return new Result(p.exitValue(), outBuf.toString(), errBuf.toString());
        } catch (InterruptedException | IOException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }

    private static String readQuietly(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs {@code sh -c script}.
     *
     * @param timeout how long it may take
     * @param script  the shell script
     * @return the result
     */
    public static Result sh(Duration timeout, String script) {
        return run(timeout, List.of("sh", "-c", script));
    }
}
