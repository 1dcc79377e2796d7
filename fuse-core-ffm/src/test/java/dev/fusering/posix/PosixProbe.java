package dev.fusering.posix;

import dev.fusering.testing.Python;
import dev.fusering.testing.Shell;
import dev.fusering.testing.Users;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs POSIX scenarios written in Python against a directory. A scenario is a Python snippet that uses
 * the helpers of {@code posix_probe.py} (a resource next to this class: {@code ok}, {@code show},
 * {@code check}, {@code st}, {@code renameat2}, {@code fallocate}, {@code utimensat}, {@code Dir}, ...) and
 * prints one line per step, {@code label = value} or {@code label ! ENAME}; it runs with the working
 * directory set to the directory under test, so that the same scenario can run on the local disk and on
 * a mount and both outputs can be compared line by line.
 */
public final class PosixProbe {

    private static final String LIBRARY = "posix_probe.py";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path scriptDir;
    private final String library;
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * Prepares a probe whose scripts are written to {@code scriptDir}, which must be readable by
     * {@link Users#NOBODY} for scenarios run as that user.
     *
     * @param scriptDir a directory for the generated scripts
     */
    public PosixProbe(Path scriptDir) {
        this.scriptDir = scriptDir;
        try (InputStream in = PosixProbe.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException(LIBRARY + " is missing from the class path next to "
                        + PosixProbe.class.getName());
            }
            this.library = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The outcome of one scenario run.
     *
     * @param lines    the observation lines it printed
     * @param exitCode the interpreter's exit status (0 unless the scenario itself broke)
     * @param stderr   what the interpreter printed on standard error (a traceback when it broke)
     */
    public record Run(List<String> lines, int exitCode, String stderr) {

        /**
         * Returns the observation of one step.
         *
         * @param label the step's label
         * @return the line's outcome, {@code "= value"} or {@code "! ENAME"}, or null if the step did not run
         */
        public String outcome(String label) {
            for (String line : lines) {
                String l = labelOf(line);
                if (l.equals(label)) {
                    return line.substring(l.length() + 1);
                }
            }
            return null;
        }

        /** @return the lines joined by newlines, for assertion messages */
        public String text() {
            return String.join("\n", lines);
        }
    }

    /**
     * Returns the label of an observation line: the text before the first {@code " = "} or {@code " ! "}.
     *
     * @param line an observation line
     * @return its label (the whole line when it has no outcome)
     */
    public static String labelOf(String line) {
        int eq = line.indexOf(" = ");
        int bang = line.indexOf(" ! ");
        int cut = eq < 0 ? bang : bang < 0 ? eq : Math.min(eq, bang);
        return cut < 0 ? line : line.substring(0, cut);
    }

    /**
     * Runs a scenario.
     *
     * @param cwd      the directory under test (the scenario's working directory)
     * @param scenario the Python snippet
     * @param asNobody run it as {@link Users#NOBODY} instead of root
     * @return what it printed
     */
    public Run run(Path cwd, String scenario, boolean asNobody) {
        Path script = scriptDir.resolve("scenario-" + counter.incrementAndGet() + ".py");
        try {
            Files.writeString(script, library + "\n# ---- scenario ----\nos.umask(0o022)\n" + scenario + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(Users.asNobody());
        }
        command.addAll(Python.command(script));
        Shell.Result r = Shell.run(TIMEOUT, cwd, command);
        List<String> lines = r.stdout().isEmpty() ? List.of() : List.of(r.stdout().split("\n"));
        return new Run(lines, r.exitCode(), r.stderr());
    }
}
