package dev.fusering.testing;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A log of what a scenario observed, line by line, so that the same scenario run on two filesystems can
 * be compared as a whole. Lines must not contain absolute paths (the two runs use different roots).
 */
public final class Observations {

    /** An action that may fail with any exception. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the action.
         *
         * @return what to record ({@code null} records "ok")
         * @throws Exception any failure, recorded by its type and reason
         */
        Object run() throws Exception;
    }

    /** An action without a result. */
    @FunctionalInterface
    public interface VoidAction {
        /**
         * Runs the action.
         *
         * @throws Exception any failure, recorded by its type and reason
         */
        void run() throws Exception;
    }

    private final List<String> lines = new ArrayList<>();

    /**
     * Records a value.
     *
     * @param label what was observed
     * @param value the observation
     */
    public void add(String label, Object value) {
        lines.add(label + " = " + value);
    }

    /**
     * Runs an action and records its result or the exception it threw.
     *
     * @param label  what is done
     * @param action the action
     */
    public void attempt(String label, Action action) {
        try {
            Object value = action.run();
            lines.add(label + " = " + (value == null ? "ok" : value));
        } catch (Exception e) {
            lines.add(label + " ! " + describe(e));
        }
    }

    /**
     * Runs an action without a result and records "ok" or the exception it threw.
     *
     * @param label  what is done
     * @param action the action
     */
    public void run(String label, VoidAction action) {
        attempt(label, () -> {
            action.run();
            return null;
        });
    }

    /** @return the lines recorded so far */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return the lines joined by newlines (for readable assertion diffs) */
    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    /**
     * Describes an exception without paths: its simple class name and, for file-system exceptions, the
     * reason (the C library's error text).
     *
     * @param e the exception
     * @return for example {@code FileSystemException(No data available)}
     */
    public static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof FileSystemException fse) {
            return fse.getReason() == null ? name : name + "(" + fse.getReason() + ")";
        }
        return name;
    }

    /**
     * Describes the stat fields that must agree between two filesystems: type and permission bits,
     * size (not for directories, whose size is filesystem-specific), link count, owner and group.
     * Symbolic links are not followed.
     *
     * @param p the path
     * @return for example {@code mode=100644 size=5 nlink=1 uid=0 gid=0}
     * @throws IOException if the attributes cannot be read
     */
    public static String stat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,nlink,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        boolean dir = (mode & 0170000) == 0040000;
        return "mode=" + Integer.toOctalString(mode) + (dir ? "" : " size=" + a.get("size")) + " nlink="
                + a.get("nlink") + " uid=" + a.get("uid") + " gid=" + a.get("gid");
    }

    /**
     * Lists a directory's names, sorted.
     *
     * @param dir the directory
     * @return the sorted names
     * @throws IOException if it cannot be listed
     */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Lists a tree below {@code root}: every path relative to it with its {@link #stat}, sorted.
     *
     * @param root the tree's root
     * @return one line per path
     * @throws IOException if the tree cannot be walked
     */
    public static List<String> tree(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                out.add(root.relativize(p) + " " + stat(p));
            }
        }
        return out;
    }
}
