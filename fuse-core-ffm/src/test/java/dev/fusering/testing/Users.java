package dev.fusering.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Running parts of a test as an unprivileged user: uid and gid 65534 ({@code nobody}/{@code nogroup} on
 * Debian) with no supplementary groups, through {@code setpriv} (util-linux).
 */
public final class Users {

    /** The unprivileged user and group id tests switch to. */
    public static final int NOBODY = 65534;

    private Users() {
    }

    /**
     * Returns the command prefix that runs a program as {@link #NOBODY}.
     *
     * @return {@code setpriv --reuid=65534 --regid=65534 --clear-groups}
     */
    public static List<String> asNobody() {
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
    }

    /**
     * Makes a directory readable and traversable by everybody (mode 0755), as the parents of a path that
     * {@link #NOBODY} must reach have to be (temporary directories are created with mode 0700).
     *
     * @param dir the directory
     * @throws IOException if the mode cannot be changed
     */
    public static void openUp(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Copies what a launcher running as {@link #NOBODY} needs from this JVM's class path (the module's
     * {@code target/classes} directories and the SLF4J jars) below {@code dir}, readable by everybody, because
     * root's build directories and Maven repository are not.
     *
     * @param dir a directory that nobody can traverse (see {@link #openUp(Path)})
     * @return the class path of the copies
     * @throws IOException when copying fails
     */
    public static String publicClassPath(Path dir) throws IOException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            boolean classes = entry.endsWith("target/classes") || entry.endsWith("target/classes/");
            boolean logging = source.getFileName() != null && source.getFileName().toString().startsWith("slf4j-");
            if ((!classes && !logging) || !Files.exists(source)) {
                continue;
            }
            Path target = lib.resolve(entries.size() + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        Path t = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            entries.add(target.toString());
        }
        Shell.Result chmod = Shell.run(Duration.ofSeconds(10), List.of("chmod", "-R", "a+rX", lib.toString()));
        if (!chmod.ok() || entries.size() < 2) {
            throw new IOException("cannot prepare a class path for nobody (" + entries + "): " + chmod.stderr());
        }
        return String.join(File.pathSeparator, entries);
    }
}
