package dev.fusering.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The launcher ({@code dev.fusering.cli.Main}) running in a child JVM, with its output collected line by
 * line. The child uses the java binary and the class path of the test JVM, so it runs the classes just
 * compiled (no packaged jar needed).
 *
 * <p>{@link #close()} kills the child (and anything it started) if it is still alive: use it in a
 * try-with-resources block so that no test leaves a process behind.
 */
public final class LauncherProcess implements AutoCloseable {

    /** The launcher's main class. */
    public static final String MAIN_CLASS = "dev.fusering.cli.Main";

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.outReader = Thread.ofPlatform().daemon(true).name("launcher-stdout-" + process.pid())
                .start(() -> collectLines(process.getInputStream()));
        this.errReader = Thread.ofPlatform().daemon(true).name("launcher-stderr-" + process.pid())
                .start(() -> collectText(process.getErrorStream()));
    }

    /**
     * Starts the launcher with the test JVM's class path.
     *
     * @param args the launcher's arguments
     * @return the running launcher
     */
    public static LauncherProcess start(List<String> args) {
        return start(List.of(), System.getProperty("java.class.path"), args);
    }

    /**
     * Starts the launcher behind a command prefix (for example {@code setpriv --reuid=65534 ...}).
     *
     * @param prefix    words put before the java command; may be empty
     * @param classPath the class path for the child JVM
     * @param args      the launcher's arguments
     * @return the running launcher
     */
    public static LauncherProcess start(List<String> prefix, String classPath, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaCommand());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xshare:auto");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(Path.of("/").toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return new LauncherProcess(p);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** @return the java binary of the running JVM */
    public static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** @return the child process */
    public Process process() {
        return process;
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for a line on standard output.
     *
     * @param timeout how long at most
     * @param match   what the line must satisfy
     * @return the first matching line, or empty if none came in time (or the process ended without one)
     */
    public Optional<String> awaitStdoutLine(Duration timeout, Predicate<String> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            while (true) {
                for (String line : stdout) {
                    if (match.test(line)) {
                        return Optional.of(line);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    return Optional.empty();
                }
                try {
                    stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Waits until standard error contains a text.
     *
     * @param timeout how long at most
     * @param text    the text
     * @return true if it appeared in time
     */
    public boolean awaitStderr(Duration timeout, String text) {
        return TestMounts.await(timeout, () -> stderr().contains(text));
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long at most
     * @return the exit code, or empty if it is still running
     */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return Optional.of(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** @return a copy of the standard output lines read so far */
    public List<String> stdoutLines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /** @return the standard error text read so far */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** @return a description of the output for assertion messages */
    public String describe() {
        return "launcher pid " + pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout ---\n" + String.join("\n", stdoutLines()) + "\n--- stderr ---\n" + stderr();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Sends a signal with kill(1).
     *
     * @param signal the signal name, e.g. {@code INT}
     */
    public void signal(String signal) {
        Shell.Result r = Shell.run(Duration.ofSeconds(5), List.of("kill", "-" + signal, Long.toString(pid())));
        if (!r.ok()) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed: " + r.stderr());
        }
    }

    /** Kills the child (SIGKILL) and its descendants if still alive, and waits for it. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            outReader.join(2_000);
            errReader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void collectLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stdout) {
                    stdout.add(line);
                    stdout.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (stdout) {
                stdout.notifyAll();
            }
        }
    }

    private void collectText(InputStream in) {
        char[] buf = new char[4096];
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.append(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
