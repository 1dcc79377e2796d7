package dev.fusering.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The threads of this JVM as the kernel lists them under {@code /proc/self/task}: their ids, their names as
 * {@code comm} shows them (the first {@value #COMM_LENGTH} characters of the Java name), their allowed CPUs,
 * scheduling policy and voluntary context switches. A thread may end between the listing and a read: the
 * readers then return a "gone" value instead of throwing.
 */
public final class JvmThreads {

    /** How many characters of a thread's name the kernel keeps in {@code comm}. */
    public static final int COMM_LENGTH = 15;

    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * One thread of this JVM.
     *
     * @param tid  its kernel thread id
     * @param comm its name as the kernel shows it
     */
    public record Task(int tid, String comm) {

        /** @return its {@code Cpus_allowed_list}, or {@code "gone"} when the thread has ended */
        public String allowedCpus() {
            return JvmThreads.allowedCpus(tid);
        }

        /** @return its scheduling policy (field 41 of its {@code stat}), or -1 when the thread has ended */
        public int policy() {
            return JvmThreads.policy(tid);
        }

        /** @return its {@code voluntary_ctxt_switches}, or -1 when the thread has ended */
        public long voluntarySwitches() {
            return JvmThreads.voluntarySwitches(tid);
        }
    }

    private JvmThreads() {
    }

    /** @return every thread of this JVM whose name could still be read */
    public static List<Task> all() {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(TASKS)) {
            dirs = list.toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + TASKS, e);
        }
        List<Task> out = new ArrayList<>();
        for (Path dir : dirs) {
            String comm = read(dir.resolve("comm"));
            if (comm != null) {
                out.add(new Task(Integer.parseInt(dir.getFileName().toString()), comm));
            }
        }
        return out;
    }

    /**
     * @param name a Java thread name; only its first {@value #COMM_LENGTH} characters are compared
     * @return the threads with that name
     */
    public static List<Task> named(String name) {
        String comm = name.substring(0, Math.min(COMM_LENGTH, name.length()));
        return all().stream().filter(t -> t.comm().equals(comm)).toList();
    }

    /**
     * @param regex a regular expression that the whole {@code comm} must match
     * @return the threads whose name matches
     */
    public static List<Task> matching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return all().stream().filter(t -> pattern.matcher(t.comm()).matches()).toList();
    }

    /**
     * @param tid a thread of this JVM
     * @return its {@code Cpus_allowed_list}, or {@code "gone"} when the thread has ended
     */
    public static String allowedCpus(int tid) {
        String value = statusField(TASKS.resolve(Integer.toString(tid)).resolve("status"), "Cpus_allowed_list");
        return value == null ? "gone" : value;
    }

    /** @return the {@code Cpus_allowed_list} of the whole process (what a thread of the JVM may use at most) */
    public static String processAllowedCpus() {
        String value = statusField(Path.of("/proc/self/status"), "Cpus_allowed_list");
        if (value == null) {
            throw new AssertionError("no Cpus_allowed_list in /proc/self/status");
        }
        return value;
    }

    /**
     * @param tid a thread of this JVM
     * @return its {@code voluntary_ctxt_switches}, or -1 when the thread has ended
     */
    public static long voluntarySwitches(int tid) {
        String value = statusField(TASKS.resolve(Integer.toString(tid)).resolve("status"), "voluntary_ctxt_switches");
        return value == null ? -1 : Long.parseLong(value);
    }

    /**
     * @param tid a thread of this JVM
     * @return its scheduling policy (field 41 of its {@code stat}), or -1 when the thread has ended
     */
    public static int policy(int tid) {
        String stat = read(TASKS.resolve(Integer.toString(tid)).resolve("stat"));
        if (stat == null) {
            return -1;
        }
        // The name in parentheses may hold spaces; fields are counted from the state, field 3.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    /** @return the value of {@code field} in a status file, or null when the file is gone */
    private static String statusField(Path status, String field) {
        String text = read(status);
        if (text == null) {
            return null;
        }
        String prefix = field + ":";
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).strip())
                .orElseThrow(() -> new AssertionError("no " + field + " in " + status));
    }

    /** @return the stripped contents of a file under /proc, or null when its thread has ended */
    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // An ended thread's files can also fail with ESRCH.
            if (!Files.exists(file.getParent())) {
                return null;
            }
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
