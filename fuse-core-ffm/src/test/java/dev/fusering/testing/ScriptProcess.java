package dev.fusering.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A Python script running in a child process, with its standard output collected line by line, for tests
 * that must act while the script runs (signal it, unmount under it). {@link #close()} kills it and its
 * descendants if still alive: use try-with-resources so that no test leaves a process behind.
 */
public final class ScriptProcess extends ChildProcess {

    private ScriptProcess(Process process) {
        super(process, "script");
    }

    /**
     * Copies a script from the class path into a directory (mode 0644, so that any user can run it).
     *
     * @param anchor   the class next to which the resource lies
     * @param resource the resource's name, e.g. {@code block_client.py}
     * @param dir      where to put it
     * @return the copied file
     */
    public static Path install(Class<?> anchor, String resource, Path dir) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing next to " + anchor.getName());
            }
            Path target = dir.resolve(resource);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Python script.
     *
     * @param prefix words put before the interpreter (e.g. {@code taskset -c 0}); may be empty
     * @param script the script file
     * @param args   its arguments
     * @return the running script
     */
    public static ScriptProcess start(List<String> prefix, Path script, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(Python.command(script));
        command.addAll(args);
        return new ScriptProcess(launch(command));
    }

    /**
     * Waits for a line on standard output; see {@link #awaitStdoutLine(Duration, Predicate)}.
     *
     * @param timeout how long at most
     * @param match   what the line must satisfy
     * @return the first matching line, or empty
     */
    public Optional<String> awaitLine(Duration timeout, Predicate<String> match) {
        return awaitStdoutLine(timeout, match);
    }

    /** @return a copy of the standard output lines read so far */
    public List<String> lines() {
        return stdoutLines();
    }

    /** @return a description of the child and its output, for assertion messages */
    public String describe() {
        return describe("");
    }
}
