package dev.fusering.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose standard output is collected line by line and whose standard error is collected as
 * text, by two daemon reader threads. {@link #close()} kills it and its descendants if still alive: use
 * try-with-resources so that no test leaves a process behind.
 */
public abstract class ChildProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    /**
     * Starts collecting a started process's output.
     *
     * @param process the process, with its standard input already closed
     * @param name    a short name for the reader threads
     */
    protected ChildProcess(Process process, String name) {
        this.process = process;
        this.outReader = Thread.ofPlatform().daemon(true).name(name + "-stdout-" + process.pid())
                .start(() -> collectLines(process.getInputStream()));
        this.errReader = Thread.ofPlatform().daemon(true).name(name + "-stderr-" + process.pid())
                .start(() -> collectText(process.getErrorStream()));
    }

    /**
     * Starts a command with {@code /} as its working directory and no standard input.
     *
     * @param command the command
     * @return the started process
     */
    protected static Process launch(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(java.nio.file.Path.of("/").toFile()).start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** @return the child process */
    public Process process() {
        return process;
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child is still running */
    public boolean isAlive() {
        return process.isAlive();
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
     * Waits for the child to exit and for its output to be read.
     *
     * @param timeout how long at most
     * @return the exit status, or empty if it is still running
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

    /**
     * Sends a signal with kill(1).
     *
     * @param signal the signal's name, e.g. {@code USR1}
     */
    public void signal(String signal) {
        Shell.Result r = Shell.run(Duration.ofSeconds(5), List.of("kill", "-" + signal, Long.toString(pid())));
        if (!r.ok()) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed: " + r.stderr());
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

    /**
     * Describes the child and its output, for assertion messages.
     *
     * @param label what the child is, e.g. {@code launcher}
     * @return the description
     */
    protected String describe(String label) {
        return label + "pid " + pid() + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout ---\n" + String.join("\n", stdoutLines()) + "\n--- stderr ---\n" + stderr();
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
