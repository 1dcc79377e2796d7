package dev.fusering.boot.it;

import dev.fusering.api.RunningSession;
import dev.fusering.boot.FuseFilesystem;
import dev.fusering.boot.FuseMountListener;
import dev.fusering.boot.FuseMountSettings;
import dev.fusering.boot.FuseTestSupport;
import dev.fusering.fs.MemoryFilesystem;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A web application with one in-memory filesystem, mounted on {@code fuse.mounts.memory.mount-point}, that
 * records the order of lifecycle events.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class MemoryApplication {

    @Bean
    @FuseFilesystem("memory")
    MemoryFilesystem memoryFilesystem() {
        return new MemoryFilesystem();
    }

    @Bean
    Events events() {
        return new Events();
    }

    @Bean
    FuseMountListener recordingListener(Events events) {
        return new FuseMountListener() {
            @Override
            public void mounted(FuseMountSettings mount, RunningSession session) {
                events.add("mounted");
            }

            @Override
            public void unmounted(FuseMountSettings mount) {
                events.add("unmounted");
            }
        };
    }

    /** The order in which things happened. */
    static final class Events {
        private final List<String> events = new CopyOnWriteArrayList<>();

        void add(String event) {
            events.add(event);
        }

        List<String> list() {
            return List.copyOf(events);
        }

        @EventListener
        void webServerStarted(WebServerInitializedEvent event) {
            add("web-started");
        }
    }

    /** Reads files of the mount over HTTP, optionally after a delay (registered as a member class). */
    @RestController
    static final class FileController {
        private final Events events;
        private final Path mountPoint;

        FileController(Events events, Environment environment) {
            this.events = events;
            this.mountPoint = Path.of(environment.getRequiredProperty("fuse.mounts.memory.mount-point"));
        }

        @GetMapping("/file")
        String read(@RequestParam("name") String name, @RequestParam(name = "delayMs", defaultValue = "0") long delayMs)
                throws IOException, InterruptedException {
            events.add("request-started");
            Thread.sleep(delayMs);
            String content = Files.readString(mountPoint.resolve(name));
            events.add("request-done mounted=" + FuseTestSupport.isMounted(mountPoint));
            return content;
        }
    }
}
