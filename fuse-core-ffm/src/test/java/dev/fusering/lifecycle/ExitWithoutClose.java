package dev.fusering.lifecycle;

import dev.fusering.api.MountOptions;
import dev.fusering.api.Session;
import dev.fusering.fs.MemoryFilesystem;

import java.nio.file.Files;
import java.nio.file.Path;

/** Child-JVM program for {@link ExitHookTest}: mounts, writes a file, then exits without closing. */
public final class ExitWithoutClose {

    private ExitWithoutClose() {
    }

    /**
     * Mounts a memory filesystem on {@code args[0]} and calls {@code System.exit(3)}.
     *
     * @param args the mount point
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path mnt = Path.of(args[0]);
        new Session(mnt, MountOptions.defaults()).start(new MemoryFilesystem());
        Files.writeString(mnt.resolve("hello"), "hello");
        System.out.println("mounted");
        System.out.flush();
        System.exit(3);
    }
}
