package dev.fusering.cli;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.MountOptions;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.fs.NioFilesystem;
import dev.fusering.fs.PassthroughFilesystem;
import dev.fusering.internal.mount.FusermountMount;
import dev.fusering.internal.session.SessionEngine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher: mounts one of the ready filesystems and serves it until SIGTERM or SIGINT (then it drains,
 * unmounts and exits 0) or until the mount disappears.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -jar fusering-cli.jar memory MOUNTPOINT [options]
 * java --enable-native-access=ALL-UNNAMED -jar fusering-cli.jar passthrough MOUNTPOINT --source DIR [options]
 * java --enable-native-access=ALL-UNNAMED -jar fusering-cli.jar bench MOUNTPOINT [options]
 * java --enable-native-access=ALL-UNNAMED -jar fusering-cli.jar nio MOUNTPOINT --source FILE.zip|DIR [options]
 * </pre>
 *
 * <p>Exit codes: 0 after a clean shutdown, 1 when the mount fails or the session ends with an error, 2 for
 * a usage error.
 */
public final class Main {

    static final String USAGE = """
            usage: fusering-cli.jar <filesystem> MOUNTPOINT [options]
              filesystems:
                memory                   an in-memory POSIX filesystem
                passthrough --source DIR mirror the directory DIR
                bench                    the synthetic benchmark filesystem (see BenchFilesystem)
                nio --source FILE.zip|DIR
                                         serve a zip archive or a directory through java.nio
                                         (NioFilesystem); a writable zip is rewritten at unmount
              options:
                --transport auto|io-uring|classic   (default auto)
                --dispatch auto|offloaded|inline    (default auto: inline for bench, offloaded otherwise)
                --queue-depth N                     io_uring entries per queue (default 16)
                --workers N                         transport threads (default: possible CPUs)
                --no-idle-ring-owners               ring owners and runners never run under SCHED_IDLE (by
                                                    default they serve and wait under it, when permitted)
                --allow-other                       let other users access the mount
                --allow-root                        non-root: let root (only) access the mount too
                --default-permissions               let the kernel check file modes
                --read-only                         mount read-only
                --auto-unmount                      non-root: unmount even when the launcher is killed
                --fs-name NAME                      source name shown in /proc/mounts
                --max-write BYTES                   largest write request (default 131072)
                --passthrough                       passthrough only: the kernel reads and writes the source
                                                    files directly (FUSE_PASSTHROUGH, Linux 6.9+; needs root,
                                                    ignored with a warning otherwise)
                -o OPT[,OPT...]                     further mount options (noatime, noexec, ...)
                --help                              this text
            """;

    private Main() {
    }

    /**
     * Runs the launcher.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (a.help) {
            out.print(USAGE);
            return 0;
        }
        if (a.passthrough && FusermountMount.required()) {
            // the kernel allows FUSE_DEV_IOC_BACKING_OPEN only with CAP_SYS_ADMIN: mirror without it
            err.println("warning: --passthrough needs root (CAP_SYS_ADMIN); serving " + a.source
                    + " without kernel passthrough");
            a.options.passthrough(false);
        }
        Session session;
        Filesystem fs;
        try {
            session = new Session(a.mountPoint, a.options.build())
                    .transport(a.transport)
                    .dispatch(a.dispatch)
                    .idleRingOwners(a.idleRingOwners);
            if (a.queueDepth != -1) {
                session.queueDepth(a.queueDepth);
            }
            if (a.workers != -1) {
                session.workerCount(a.workers);
            }
            fs = a.filesystem();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        RunningSession running;
        try {
            running = session.start(fs);
        } catch (FuseMountException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        // SIGTERM/SIGINT end the session gracefully and the launcher exits 0 (the engine's own exit hook would
        // also unmount, but the JVM would then exit with 143/130).
        Signals.onTerminate(running.shutdownHandle()::shutdown);
        out.println("mounted " + running.mountPoint() + " transport=" + SessionEngine.transportName(running.transport())
                + " queues=" + running.queues() + " workers=" + running.workers());
        out.flush();
        try {
            running.awaitTermination();
        } catch (InterruptedException e) {
            running.close();
        }
        Throwable failure = running.failure();
        if (failure != null) {
            err.println("error: session ended with a failure: " + failure.getMessage());
            return 1;
        }
        return 0;
    }

    /** Parsed command line. */
    static final class Arguments {
        String kind;
        Path mountPoint;
        Path source;
        Transport transport = Transport.AUTO;
        DispatchMode dispatch = DispatchMode.AUTO;
        int queueDepth = -1;
        int workers = -1;
        boolean idleRingOwners = true;
        boolean help;
        boolean passthrough;
        final MountOptions.Builder options = MountOptions.builder();

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> a.help = true;
                    case "--transport" -> a.transport = parseTransport(value(args, ++i, arg));
                    case "--dispatch" -> a.dispatch = parseDispatch(value(args, ++i, arg));
                    case "--queue-depth" -> a.queueDepth = parsePositive(value(args, ++i, arg), arg);
                    case "--workers" -> a.workers = parsePositive(value(args, ++i, arg), arg);
                    case "--no-idle-ring-owners" -> a.idleRingOwners = false;
                    case "--source" -> a.source = Path.of(value(args, ++i, arg));
                    case "--allow-other" -> a.options.allowOther(true);
                    case "--allow-root" -> a.options.allowRoot(true);
                    case "--default-permissions" -> a.options.defaultPermissions(true);
                    case "--read-only" -> a.options.readOnly(true);
                    case "--auto-unmount" -> a.options.autoUnmount(true);
                    case "--fs-name" -> a.options.fsName(value(args, ++i, arg));
                    case "--max-write" -> a.options.maxWrite(parseInt(value(args, ++i, arg), arg));
                    case "-o" -> a.options.custom(value(args, ++i, arg).split(","));
                    case "--passthrough" -> {
                        a.passthrough = true;
                        a.options.passthrough(true);
                    }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        positional.add(arg);
                    }
                }
            }
            if (a.help) {
                return a;
            }
            if (positional.size() != 2) {
                throw new IllegalArgumentException("expected <filesystem> MOUNTPOINT, got " + positional);
            }
            a.kind = positional.get(0);
            a.mountPoint = Path.of(positional.get(1));
            if (a.passthrough && !a.kind.equals("passthrough")) {
                throw new IllegalArgumentException("--passthrough is only for the passthrough filesystem");
            }
            switch (a.kind) {
                case "memory" -> {
                    if (a.source != null) {
                        throw new IllegalArgumentException("--source is only for passthrough and nio");
                    }
                    a.options.fsName("fusering-memory").subtype("fusering");
                }
                case "passthrough" -> {
                    if (a.source == null) {
                        throw new IllegalArgumentException("passthrough needs --source DIR");
                    }
                    if (!Files.isDirectory(a.source)) {
                        throw new IllegalArgumentException("--source " + a.source + " is not a directory");
                    }
                    a.options.fsName("fusering-passthrough").subtype("fusering");
                }
                case "nio" -> {
                    if (a.source == null) {
                        throw new IllegalArgumentException("nio needs --source FILE.zip or --source DIR");
                    }
                    if (!Files.isDirectory(a.source) && !Files.isRegularFile(a.source)) {
                        throw new IllegalArgumentException("--source " + a.source + " is neither a directory nor a file");
                    }
                    a.options.fsName("fusering-nio").subtype("fusering");
                }
                case "bench" -> {
                    if (a.source != null) {
                        throw new IllegalArgumentException("--source is only for passthrough and nio");
                    }
                    a.options.fsName("fusering-bench").subtype("fusering");
                }
                default -> throw new IllegalArgumentException("unknown filesystem '" + a.kind
                        + "' (expected memory, passthrough, nio or bench)");
            }
            return a;
        }

        Filesystem filesystem() {
            return switch (kind) {
                case "memory" -> new MemoryFilesystem();
                case "passthrough" -> new PassthroughFilesystem(source);
                case "bench" -> new BenchFilesystem();
                case "nio" -> nioFilesystem();
                default -> throw new IllegalArgumentException("unknown filesystem " + kind);
            };
        }

        /**
         * Serves {@code --source} through {@link NioFilesystem}: a directory as it is, a file as a zip archive
         * that the filesystem closes (and so rewrites, when writable) once the session has ended.
         */
        private NioFilesystem nioFilesystem() {
            boolean readOnly = options.build().readOnly();
            if (Files.isDirectory(source)) {
                return new NioFilesystem(source, readOnly);
            }
            try {
                return NioFilesystem.openZip(source, readOnly);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("--source " + source + " cannot be opened as a zip archive: " + e, e);
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int parseInt(String s, String option) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, got '" + s + "'");
            }
        }

        private static int parsePositive(String s, String option) {
            int v = parseInt(s, option);
            if (v < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + v);
            }
            return v;
        }

        private static Transport parseTransport(String s) {
            return switch (s) {
                case "auto" -> Transport.AUTO;
                case "io-uring", "io_uring", "uring" -> Transport.IO_URING;
                case "classic" -> Transport.CLASSIC;
                default -> throw new IllegalArgumentException("--transport must be auto, io-uring or classic, got '"
                        + s + "'");
            };
        }

        private static DispatchMode parseDispatch(String s) {
            return switch (s) {
                case "auto" -> DispatchMode.AUTO;
                case "offloaded" -> DispatchMode.OFFLOADED;
                case "inline" -> DispatchMode.INLINE;
                default -> throw new IllegalArgumentException("--dispatch must be auto, offloaded or inline, got '" + s
                        + "'");
            };
        }
    }
}
