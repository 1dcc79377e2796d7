package dev.fusering.fsx;

import dev.fusering.testing.Python;
import dev.fusering.testing.ScriptProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The long-lived {@code fsx_helper.py} process, one command per line: fallocate with modes, a whole-file
 * O_DIRECT read that returns what really reached the filesystem (length and CRC-32), and reads and writes
 * through shared mappings.
 *
 * <p>Mapped access happens in this separate process on purpose: a JVM that maps a file of a mount it serves
 * deadlocks (seen with {@code FileChannel.map} in an earlier version of this test). A thread running Java
 * code that page-faults on the mapping stops every thread at the next safepoint, including the engine
 * threads that would answer the fault's READ; and unmapping a dirty shared mapping waits for its writeback
 * while holding the process's {@code mmap_lock}, which the engine threads answering those WRITEs may need.
 */
final class FsxHelper implements AutoCloseable {

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private FsxHelper(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Starts the helper on a file.
     *
     * @param scriptDir where to put the script
     * @param file      the file under test (must exist)
     * @return the running helper
     */
    static FsxHelper start(Path scriptDir, Path file) {
        Path script = ScriptProcess.install(FsxHelper.class, "fsx_helper.py", scriptDir);
        List<String> command = new ArrayList<>(Python.command(script));
        command.add(file.toString());
        try {
            return new FsxHelper(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Calls fallocate(2) on the file.
     *
     * @param mode   the mode bits
     * @param offset where
     * @param length how many bytes
     * @return null on success, else the errno name
     */
    String fallocate(int mode, long offset, long length) {
        String answer = call("F " + mode + " " + offset + " " + length);
        return answer.equals("ok") ? null : answer.substring(answer.indexOf(' ') + 1);
    }

    /**
     * Reads the whole file with O_DIRECT.
     *
     * @return {length, crc32}
     */
    long[] directCrc() {
        String answer = call("C");
        String[] words = answer.split(" ");
        if (!words[0].equals("ok")) {
            throw new AssertionError("O_DIRECT read of the whole file failed: " + answer);
        }
        return new long[]{Long.parseLong(words[1]), Long.parseLong(words[2])};
    }

    /**
     * Reads a range through a shared read-only mapping in the helper process.
     *
     * @param offset where
     * @param length how many bytes, inside the file
     * @return the CRC-32 of the bytes
     */
    long mapRead(long offset, int length) {
        String answer = call("MR " + offset + " " + length);
        if (!answer.startsWith("ok ")) {
            throw new AssertionError("mapped read failed: " + answer);
        }
        return Long.parseLong(answer.substring(3));
    }

    /**
     * Writes {@link FsxPattern#bytes} through a shared writable mapping in the helper process.
     *
     * @param offset where
     * @param length how many bytes, inside the file
     * @param seed   the pattern's seed
     * @param msync  whether to msync before unmapping
     */
    void mapWrite(long offset, int length, int seed, boolean msync) {
        String answer = call("MW " + offset + " " + length + " " + seed + " " + (msync ? 1 : 0));
        if (!answer.equals("ok")) {
            throw new AssertionError("mapped write failed: " + answer);
        }
    }

    private String call(String command) {
        try {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new AssertionError("the fsx helper died (exit " + (process.isAlive() ? "?" : process.exitValue())
                        + ") on: " + command);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the helper to quit, and kills it if it does not. */
    @Override
    public void close() {
        try {
            in.write("Q\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
