package dev.fusering.sample.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets Testcontainers talk to an older Docker engine.
 *
 * <p>Testcontainers 2.x asks for Docker API 1.44 unless the docker-java system property {@code api.version}
 * says otherwise, and an engine older than 25 (Debian bookworm's {@code docker.io} 20.10 speaks API 1.41)
 * rejects that version. {@link #pinForOldEngines()} asks the engine for its API version over its Unix socket
 * ({@code GET /version} is answered whatever version the client speaks) and, when it is older than 1.44, sets
 * {@code api.version} to it. Newer engines, a remote {@code DOCKER_HOST} and an explicitly set
 * {@code api.version} are left alone.
 */
final class DockerApiVersion {

    /** The docker-java system property that fixes the API version. */
    static final String PROPERTY = "api.version";

    /** The API version Testcontainers asks for when none is set. */
    private static final int[] TESTCONTAINERS_DEFAULT = {1, 44};

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern API_VERSION = Pattern.compile("\"ApiVersion\"\\s*:\\s*\"(\\d+)\\.(\\d+)\"");

    private DockerApiVersion() {
    }

    /**
     * Sets {@code api.version} to the local engine's API version when that engine is older than API 1.44.
     * Must run before the first use of {@code DockerClientFactory}. Does nothing when the property is already
     * set, when {@code DOCKER_HOST} is not a Unix socket, or when the engine does not answer.
     */
    static void pinForOldEngines() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Path socket = socketPath(System.getenv("DOCKER_HOST"));
        if (socket == null || !Files.exists(socket)) {
            return;
        }
        String body;
        try {
            body = get(socket, "/version");
        } catch (IOException e) {
            return;
        }
        Matcher m = API_VERSION.matcher(body);
        if (!m.find()) {
            return;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < TESTCONTAINERS_DEFAULT[0] || (major == TESTCONTAINERS_DEFAULT[0] && minor < TESTCONTAINERS_DEFAULT[1])) {
            System.setProperty(PROPERTY, major + "." + minor);
        }
    }

    /**
     * Returns the engine's Unix socket.
     *
     * @param dockerHost the {@code DOCKER_HOST} value, or null
     * @return the socket path, or null when {@code DOCKER_HOST} names something else than a Unix socket
     */
    static Path socketPath(String dockerHost) {
        if (dockerHost == null || dockerHost.isBlank()) {
            return Path.of("/var/run/docker.sock");
        }
        if (dockerHost.startsWith("unix://")) {
            return Path.of(dockerHost.substring("unix://".length()));
        }
        return null;
    }

    private static String get(Path socket, String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // An engine that accepts but never answers must not hang the build: closing the channel ends the read.
            Thread watchdog = Thread.ofVirtual().start(() -> closeLater(channel));
            try {
                return exchange(channel, path);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    private static void closeLater(SocketChannel channel) {
        try {
            Thread.sleep(TIMEOUT);
            channel.close();
        } catch (InterruptedException | IOException e) {
            // answered in time, or already closed
        }
    }

    private static String exchange(SocketChannel channel, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (channel.read(in) >= 0) {
            response.write(in.array(), 0, in.position());
            in.clear();
        }
        return response.toString(StandardCharsets.UTF_8);
    }
}
