package dev.fusering.internal.uring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/** The threads of this process as {@code /proc/self/task} lists them, for the repairs of inherited scheduling. */
final class ProcTasks {

    private static final Logger log = LoggerFactory.getLogger(ProcTasks.class);
    private static final Path TASKS = Path.of("/proc/self/task");

    private ProcTasks() {
    }

    /**
     * Calls an action with the kernel thread id of every thread of this process (threads that start or end
     * meanwhile may be missed or included).
     *
     * @param action what to do with each thread id
     */
    static void forEach(IntConsumer action) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                action.accept(Integer.parseInt(task.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("listing {}: {}", TASKS, e.toString());
        }
    }

    /**
     * Returns a thread's name as the kernel knows it ({@code comm}, at most 15 characters).
     *
     * @param tid the kernel thread id
     * @return the name, or {@code "ended"} when the thread is gone
     */
    static String comm(int tid) {
        try {
            return Files.readString(TASKS.resolve(tid + "/comm")).strip();
        } catch (IOException e) {
            return "ended";
        }
    }
}
