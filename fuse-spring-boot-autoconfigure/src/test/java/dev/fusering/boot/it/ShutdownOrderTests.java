package dev.fusering.boot.it;

import dev.fusering.boot.FuseTestSupport;
import dev.fusering.boot.metrics.FuseMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The mount's lifecycle phase against the embedded web server (on a random port): mounted before the server
 * accepts requests, still mounted while the server drains a request during graceful shutdown, unmounted
 * after, with its meters removed.
 *
 * <p>The application is started with {@link SpringApplicationBuilder} rather than {@code @SpringBootTest},
 * because the test closes the context itself, which the test framework's context cache does not allow.
 */
class ShutdownOrderTests {

    private Path mountPoint;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void prepare() throws IOException {
        FuseTestSupport.assumeCanMount();
        mountPoint = Files.createTempDirectory("fuse-boot-order");
    }

    private ConfigurableApplicationContext start(int port) {
        return new SpringApplicationBuilder(MemoryApplication.class)
                .properties("server.port=" + port, "server.shutdown=graceful",
                        "spring.lifecycle.timeout-per-shutdown-phase=10s",
                        "fuse.mounts.memory.mount-point=" + mountPoint)
                .run();
    }

    @AfterEach
    void stop() throws IOException {
        if (context != null) {
            context.close();
        }
        if (mountPoint != null) {
            FuseTestSupport.forceUnmount(mountPoint);
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void mountOutlivesTheWebServer() throws Exception {
        context = start(0);
        MemoryApplication.Events events = context.getBean(MemoryApplication.Events.class);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Files.writeString(mountPoint.resolve("slow.txt"), "still here");
        assertThat(registry.find(FuseMetrics.REQUESTS).meters()).isNotEmpty();

        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/file?name=slow.txt&delayMs=1500")).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!events.list().contains("request-started") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(events.list()).contains("request-started");

        context.close();

        HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("still here");
        assertThat(events.list()).containsExactly("mounted", "web-started", "request-started",
                "request-done mounted=true", "unmounted");
        assertThat(FuseTestSupport.isMounted(mountPoint)).isFalse();
        assertThat(registry.find(FuseMetrics.REQUESTS).meters()).isEmpty();
        assertThat(registry.find(FuseMetrics.INFLIGHT).meters()).isEmpty();
    }

    @Test
    void aWebServerThatCannotStartLeavesNothingMounted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Throwable failure = catchThrowable(() -> start(taken.getLocalPort()));
            assertThat(failure).isNotNull();
        }
        assertThat(FuseTestSupport.isMounted(mountPoint)).isFalse();
    }
}
