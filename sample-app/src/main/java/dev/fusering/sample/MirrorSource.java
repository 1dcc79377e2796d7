package dev.fusering.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prepares the directory the sample mirrors: creates it and seeds it with a README.txt. */
final class MirrorSource {

    /** The name of the seeded file. */
    static final String README = "README.txt";

    private MirrorSource() {
    }

    /**
     * Creates the directory if it is missing and writes {@value #README} into it unless it exists.
     *
     * @param source the directory to mirror
     * @return the absolute directory
     * @throws IOException if it cannot be created or written
     */
    static Path prepare(Path source) throws IOException {
        Path dir = source.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path readme = dir.resolve(README);
        if (!Files.exists(readme)) {
            Files.writeString(readme, """
                    This directory is mirrored by the FuseRing sample application.
                    Files you create here appear in the mirror mount, and the other way round.
                    """);
        }
        return dir;
    }
}
