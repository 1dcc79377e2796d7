package dev.fusering.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Locates the Python 3 interpreter that tests use to make system calls {@code java.nio} cannot express
 * (open flags, renameat2, fallocate modes, utimensat, xattr flags, seekdir/telldir). Only the standard
 * library is needed. The system interpreter ({@code /usr/bin/python3}) is preferred over one found on the
 * {@code PATH}, because tests also run it as an unprivileged user, who cannot reach a per-user install
 * below {@code /root}.
 */
public final class Python {

    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    /** @return the interpreter to run: {@code /usr/bin/python3} when it exists, else {@code python3} */
    public static String executable() {
        return Files.isExecutable(SYSTEM_PYTHON) ? SYSTEM_PYTHON.toString() : "python3";
    }

    /**
     * Returns the command that runs a script file in isolated mode ({@code -I -S}: no user site, no
     * environment variables, no {@code site} import, which also makes start-up faster).
     *
     * @param script the script file
     * @return the command words
     */
    public static List<String> command(Path script) {
        return List.of(executable(), "-I", "-S", script.toString());
    }

    /** Skips (outside CI) or fails (in CI) when no Python 3 interpreter can be started. */
    public static void assumeAvailable() {
        Shell.Result r = Shell.run(Duration.ofSeconds(20), List.of(executable(), "-I", "-S", "-c", "import ctypes"));
        if (!r.ok()) {
            String reason = "python3 with ctypes is needed: " + r.stderr().strip();
            if (TestMounts.inCi()) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
    }
}
