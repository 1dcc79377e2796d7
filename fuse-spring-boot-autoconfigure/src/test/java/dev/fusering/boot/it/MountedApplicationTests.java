package dev.fusering.boot.it;

import dev.fusering.boot.FuseMountLifecycle;
import dev.fusering.boot.FuseTestSupport;
import dev.fusering.boot.metrics.FuseMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots a web application that mounts an in-memory filesystem for real, and checks the mount, the health
 * contributor, the metrics and the endpoint over HTTP. ({@link ShutdownOrderTests} checks that closing the
 * context unmounts.)
 */
@SpringBootTest(classes = MemoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "fuse.mounts.memory.create-mount-point=true",
                "fuse.mounts.memory.entry-timeout=0s",
                "fuse.mounts.memory.attr-timeout=0s",
                "management.endpoints.web.exposure.include=health,fuse,metrics",
                "management.endpoint.health.show-details=always",
                "spring.lifecycle.timeout-per-shutdown-phase=10s"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MountedApplicationTests {

    private static Path root;
    private static Path mountPoint;

    @Autowired
    private ConfigurableApplicationContext context;

    @Autowired
    private MeterRegistry registry;

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void canMount() {
        FuseTestSupport.assumeCanMount();
    }

    @DynamicPropertySource
    static void mountPoint(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("fuse-boot-it");
        mountPoint = root.resolve("not-yet/memory");
        registry.add("fuse.mounts.memory.mount-point", mountPoint::toString);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (mountPoint != null) {
            FuseTestSupport.forceUnmount(mountPoint);
        }
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    @Order(1)
    void createsTheMountPointAndMounts() {
        assertThat(FuseTestSupport.isMounted(mountPoint)).isTrue();
        assertThat(context.getBean(FuseMountLifecycle.class).isRunning()).isTrue();
    }

    @Test
    @Order(2)
    void filesWrittenThroughTheMountReadBack() throws IOException {
        Path file = mountPoint.resolve("hello.txt");
        Files.writeString(file, "hello from spring");
        assertThat(Files.readString(file)).isEqualTo("hello from spring");
        try (Stream<Path> list = Files.list(mountPoint)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("hello.txt");
        }
    }

    @Test
    @Order(3)
    void healthIsUpWithDetails() throws Exception {
        JsonNode health = get("/actuator/health/fuse");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode memory = health.path("components").path("memory");
        assertThat(memory.path("status").asString()).isEqualTo("UP");
        JsonNode details = memory.path("details");
        assertThat(details.path("mountPoint").asString()).isEqualTo(mountPoint.toString());
        assertThat(details.path("transport").asString()).isIn("io-uring", "classic");
        assertThat(details.has("queues")).isTrue();
        assertThat(details.path("workers").asInt()).isPositive();
        assertThat(details.has("inFlight")).isTrue();
        assertThat(get("/actuator/health").path("status").asString()).isEqualTo("UP");
    }

    @Test
    @Order(4)
    void metricsArePresentAndCounting() throws Exception {
        Files.writeString(mountPoint.resolve("metrics.txt"), "0123456789");
        assertThat(Files.readString(mountPoint.resolve("metrics.txt"))).hasSize(10);
        assertThat(Files.exists(mountPoint.resolve("missing"))).isFalse();
        Timer writes = registry.get(FuseMetrics.REQUESTS)
                .tags("mount", "memory", "operation", "write", "outcome", "success").timer();
        assertThat(writes.count()).isPositive();
        Timer failedLookups = registry.get(FuseMetrics.REQUESTS)
                .tags("mount", "memory", "operation", "lookup", "outcome", "error").timer();
        assertThat(failedLookups.count()).isPositive();
        assertThat(registry.get(FuseMetrics.ERRORS).tags("mount", "memory", "errno", "enoent").counter().count())
                .isPositive();
        assertThat(registry.get(FuseMetrics.BYTES_WRITTEN).tag("mount", "memory").functionCounter().count())
                .isGreaterThanOrEqualTo(10);
        assertThat(registry.get(FuseMetrics.BYTES_READ).tag("mount", "memory").functionCounter().count())
                .isGreaterThanOrEqualTo(10);
        assertThat(registry.get(FuseMetrics.INTERRUPTS).tag("mount", "memory").functionCounter().count()).isZero();
        assertThat(registry.get(FuseMetrics.OWNER_STARVATIONS).tag("mount", "memory").functionCounter().count())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get(FuseMetrics.INFLIGHT).tags("mount", "memory", "queue", "dev-fuse").gauge().value())
                .isGreaterThanOrEqualTo(0);
        FuseMountLifecycle lifecycle = context.getBean(FuseMountLifecycle.class);
        if (lifecycle.session().queues() > 0) {
            double armed = registry.get(FuseMetrics.RING_ENTRIES)
                    .tags("mount", "memory", "queue", "0", "state", "armed").gauge().value();
            double busy = registry.get(FuseMetrics.RING_ENTRIES)
                    .tags("mount", "memory", "queue", "0", "state", "busy").gauge().value();
            assertThat(armed + busy).isEqualTo(lifecycle.settings().queueDepth());
        }
        JsonNode metric = get("/actuator/metrics/fuse.requests?tag=mount:memory&tag=operation:write");
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).isPositive();
    }

    @Test
    @Order(5)
    void endpointListsTheMountWithNegotiatedSettingsAndCounters() throws Exception {
        JsonNode memory = get("/actuator/fuse").path("mounts").path("memory");
        assertThat(memory.path("state").asString()).isEqualTo("mounted");
        assertThat(memory.path("mountPoint").asString()).isEqualTo(mountPoint.toString());
        assertThat(memory.path("bean").asString()).isEqualTo("memoryFilesystem");
        assertThat(memory.path("config").path("queueDepth").asInt()).isEqualTo(16);
        assertThat(memory.path("config").path("idleRingOwners").isBoolean()).isTrue();
        assertThat(memory.path("config").path("idleRingOwners").asBoolean()).isTrue();
        assertThat(memory.path("config").path("options").path("fsName").asString()).isEqualTo("memory");
        assertThat(memory.path("connection").path("protocol").asString()).startsWith("7.");
        assertThat(memory.path("connection").path("maxWrite").asInt()).isEqualTo(128 * 1024);
        assertThat(memory.path("stats").path("bytesWritten").asLong()).isPositive();
        assertThat(memory.path("queues").isArray()).isTrue();
        assertThat(get("/actuator/fuse/memory").path("state").asString()).isEqualTo("mounted");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/fuse/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
