package dev.fusering.sample;

import dev.fusering.boot.FuseFilesystem;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.fs.PassthroughFilesystem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The FuseRing sample: mounts an in-memory filesystem ({@code memory}) and a mirror of a directory
 * ({@code mirror}) while it runs, with Actuator health, the {@code fuse} endpoint and Prometheus metrics.
 *
 * <p>By default the mounts are {@code ${java.io.tmpdir}/fusering-sample/memory} and {@code .../mirror}
 * (created when missing), and the mirrored directory is {@code .../source}, created and seeded with a
 * {@code README.txt}. Override them with properties or environment variables, e.g.
 * {@code FUSE_MOUNTS_MEMORY_MOUNT_POINT}, {@code FUSE_MOUNTS_MIRROR_MOUNT_POINT}, {@code SAMPLE_MIRROR_SOURCE},
 * {@code SERVER_PORT}. Run it as root; SIGTERM or Ctrl-C unmounts both and exits.
 */
@SpringBootApplication
public class SampleApplication {

    /** Created by Spring. */
    public SampleApplication() {
    }

    /**
     * Starts the sample.
     *
     * @param args command line arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /**
     * The in-memory filesystem, mounted as {@code memory}.
     *
     * @return an empty in-memory filesystem (1 GiB)
     */
    @Bean
    @FuseFilesystem("memory")
    MemoryFilesystem memoryFilesystem() {
        return new MemoryFilesystem();
    }

    /**
     * The mirror of {@code sample.mirror.source}, mounted as {@code mirror}.
     *
     * @param source the directory to mirror; created and seeded when missing
     * @return the passthrough filesystem
     * @throws IOException if the source directory cannot be prepared
     */
    @Bean
    @FuseFilesystem("mirror")
    PassthroughFilesystem mirrorFilesystem(@Value("${sample.mirror.source}") Path source) throws IOException {
        return new PassthroughFilesystem(MirrorSource.prepare(source));
    }
}
