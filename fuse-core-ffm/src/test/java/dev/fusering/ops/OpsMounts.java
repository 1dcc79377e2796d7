package dev.fusering.ops;

import static org.assertj.core.api.Assertions.fail;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.testing.Python;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Mounts with a request counter, and runs the Python probes of this package. */
final class OpsMounts {

    private OpsMounts() {
    }

    /**
     * Mounts {@code fs} like {@link TestMounts#mount(Path, Filesystem, Transport, DispatchMode)} (timeouts
     * 0, offloaded dispatch) with {@code counter} observing every request.
     *
     * @param parent    a temporary directory of the test
     * @param fs        the filesystem
     * @param transport the transport, which the session must really use
     * @param counter   the observer
     * @return the mount; close it
     */
    static TestMounts.Mount mount(Path parent, Filesystem fs, Transport transport, OpCounter counter) {
        TestMounts.assumeCanMount(transport);
        MountOptions options = MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build();
        try {
            Path dir = Files.createTempDirectory(parent, "mnt");
            RunningSession running = new Session(dir, options).transport(transport).dispatch(DispatchMode.OFFLOADED)
                    .observer(counter).shutdownTimeout(Duration.ofSeconds(5)).start(fs);
            if (running.transport() != transport) {
                running.close();
                fail("asked for " + transport + " but the session uses " + running.transport());
            }
            return new TestMounts.Mount(dir, running);
        } catch (FuseMountException e) {
            throw new AssertionError("mount failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs a Python probe (a resource of this package) and returns its output lines; fails when it does
     * not exit with 0.
     *
     * @param tmp    where to put the script
     * @param script the resource name
     * @param args   the script's arguments
     * @return the lines it printed
     */
    static List<String> python(Path tmp, String script, String... args) {
        Python.assumeAvailable();
        Path file = tmp.resolve(script);
        try (var in = OpsMounts.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new AssertionError("missing resource " + script);
            }
            Files.write(file, in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> command = new ArrayList<>(Python.command(file));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(Duration.ofSeconds(30), command);
        if (!r.ok()) {
            throw new AssertionError(script + " failed (" + r.exitCode() + "): " + r.stderr() + "\n" + r.stdout());
        }
        return r.stdout().lines().toList();
    }
}
