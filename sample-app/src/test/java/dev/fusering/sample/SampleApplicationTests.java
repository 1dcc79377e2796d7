package dev.fusering.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/** Boots the sample for real, on temporary mount points and a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SampleApplicationTests {

    private static Path root;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void canMount() {
        String reason = null;
        if (!Files.exists(Path.of("/dev/fuse"))) {
            reason = "/dev/fuse does not exist";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            reason = "mounting needs root";
        }
        if (reason != null) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
                fail("cannot mount in CI: " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("fusering-sample-test");
        registry.add("fuse.mounts.memory.mount-point", () -> root.resolve("memory").toString());
        registry.add("fuse.mounts.mirror.mount-point", () -> root.resolve("mirror").toString());
        registry.add("sample.mirror.source", () -> root.resolve("source").toString());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (root == null) {
            return;
        }
        for (String mount : List.of("memory", "mirror")) {
            Path dir = root.resolve(mount);
            if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + dir + " ")) {
                new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void mountsBothFilesystemsAndReportsThem() throws Exception {
        Path memory = root.resolve("memory");
        Path mirror = root.resolve("mirror");
        assertThat(Files.readString(mirror.resolve("README.txt"))).contains("mirrored by the FuseRing sample");

        Files.writeString(memory.resolve("note.txt"), "in memory");
        assertThat(Files.readString(memory.resolve("note.txt"))).isEqualTo("in memory");
        Files.writeString(mirror.resolve("through-mirror.txt"), "mirrored");
        assertThat(Files.readString(root.resolve("source/through-mirror.txt"))).isEqualTo("mirrored");

        String health = get("/actuator/health");
        assertThat(health).contains("\"status\":\"UP\"").contains("\"fuse\"").contains("\"memory\"")
                .contains("\"mirror\"");
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus).contains("fuse_requests_seconds_count{mount=\"memory\",operation=\"write\"")
                .contains("fuse_bytes_written_bytes_total{")
                .contains("fuse_requests_inflight{")
                .contains("mount=\"mirror\"");
        assertThat(get("/actuator/fuse")).contains("\"memory\"").contains("\"mirror\"").contains("\"mounted\"");
        assertThat(get("/actuator/info")).contains("FuseRing sample");
    }
}
