package dev.fusering.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code dev.fusering.cli.Main}) running in a child JVM, with its output collected line by
 * line. The child uses the java binary and the class path of the test JVM, so it runs the classes just
 * compiled (no packaged jar needed).
 *
 * <p>{@link #close()} kills the child (and anything it started) if it is still alive: use it in a
 * try-with-resources block so that no test leaves a process behind.
 */
public final class LauncherProcess extends ChildProcess {

    /** The launcher's main class. */
    public static final String MAIN_CLASS = "dev.fusering.cli.Main";

    /** How long {@link #awaitMounted()} waits for the {@code mounted} line. */
    public static final Duration MOUNT_WAIT = Duration.ofSeconds(20);

    /** How long {@link #assertCleanExit(Path)} waits for the launcher to exit. */
    public static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    private LauncherProcess(Process process) {
        super(process, "launcher");
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
        return new LauncherProcess(launch(command));
    }

    /** @return the java binary of the running JVM */
    public static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
     * Waits up to {@link #MOUNT_WAIT} for the launcher's {@code mounted ...} line on standard output.
     *
     * @return the line
     * @throws AssertionError with the launcher's output if no such line came in time
     */
    public String awaitMounted() {
        return awaitStdoutLine(MOUNT_WAIT, l -> l.startsWith("mounted"))
                .orElseThrow(() -> new AssertionError("no 'mounted' line\n" + describe()));
    }

    /**
     * Asserts a graceful stop (after {@link #terminate()} or another signal): the launcher exits with status 0
     * within {@link #EXIT_WAIT}, and its mount point is no longer mounted.
     *
     * @param mountPoint the launcher's mount point
     */
    public void assertCleanExit(Path mountPoint) {
        assertThat(awaitExit(EXIT_WAIT)).as(describe()).contains(0);
        assertThat(TestMounts.isMounted(mountPoint)).isFalse();
    }

    /** @return a description of the output for assertion messages */
    public String describe() {
        return describe("launcher ");
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process().destroy();
    }
}
