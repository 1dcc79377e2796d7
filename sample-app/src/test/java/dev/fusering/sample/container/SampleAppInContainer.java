package dev.fusering.sample.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.Volume;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the packaged sample application ({@code target/sample-app.jar}) in a container that gets what a
 * Kubernetes pod gets for FUSE, and no more: {@code CAP_SYS_ADMIN}, the {@code /dev/fuse} device and no
 * AppArmor confinement ({@code --cap-add SYS_ADMIN --device /dev/fuse --security-opt apparmor=unconfined}),
 * not {@code --privileged}. Subclasses choose the seccomp profile and check the transport it leads to.
 *
 * <p>The image {@value #IMAGE} is a Debian bookworm root filesystem without a JDK, built locally by
 * {@code .ci/container-image.sh} (no registry is needed); the JDK running this test is bind-mounted read-only.
 * Files are written and read through both mounts from inside the container, the actuator is checked over HTTP
 * from the host, and the container is stopped with SIGTERM to check that the application unmounts and exits
 * cleanly.
 *
 * <p>Without a reachable Docker engine or without the image the tests are skipped, except in CI
 * ({@code CI=true}) where they fail. They run in the {@code integration-test} phase (maven-failsafe-plugin,
 * profile {@code container-test} of this module), after {@code package} has built the jar, with
 * {@code TESTCONTAINERS_RYUK_DISABLED=true} (the reaper image cannot be pulled without a registry) and
 * {@code TESTCONTAINERS_HOST_OVERRIDE=localhost}. Alone:
 * {@code ./mvnw -pl sample-app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. (A
 * {@code -Dtest} pattern that matches these classes makes Surefire run them without that environment.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a FUSE request left unanswered must fail the test, not hang the build
abstract class SampleAppInContainer {

    private static final Logger log = LoggerFactory.getLogger(SampleAppInContainer.class);

    /** The base image, built by {@code .ci/container-image.sh}. */
    static final String IMAGE = "fusering-base:bookworm";

    private static final String JDK_IN_CONTAINER = "/opt/jdk";
    private static final String JAR_IN_CONTAINER = "/app/sample-app.jar";
    private static final int PORT = 8080;

    // Mount names (the @FuseFilesystem names in the sample) and their places inside the container.
    private static final String MEMORY = "memory";
    private static final String MIRROR = "mirror";
    /** Where the in-memory filesystem is mounted inside the container. */
    static final String MEMORY_MOUNT = "/mnt/memory";
    private static final String MIRROR_MOUNT = "/mnt/mirror";
    private static final String MIRROR_SOURCE = "/srv/mirror-source";

    private static final String REQUESTS_COUNT = "fuse_requests_seconds_count";
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(");
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\S.*\\bERROR\\b");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The container; null when skipped. */
    private GenericContainer<?> app;

    /** Why the tests are skipped (no engine or no image, outside CI), or null. */
    private String skipReason;

    /**
     * Returns the security options besides {@code apparmor=unconfined}, e.g. a seccomp profile.
     *
     * @return further {@code --security-opt} values, empty for Docker's defaults
     */
    abstract List<String> moreSecurityOptions();

    /**
     * Checks the transport that {@code fuse.transport=auto} chose inside the container.
     *
     * @param transport the {@code fuse} endpoint's transport of both mounts: {@code io-uring} or {@code classic}
     * @param logs      the application's output so far
     */
    abstract void checkTransport(String transport, String logs);

    /**
     * Starts the application in its container and waits until {@code /actuator/health} answers 200; records why
     * the tests are skipped instead when there is no engine or no image outside CI, and fails in CI.
     *
     * @param workDir where the private copy of the jar goes (removed after the class)
     * @throws IOException if the jar cannot be copied
     */
    @BeforeAll
    void startApplication(@TempDir Path workDir) throws IOException {
        DockerApiVersion.pinForOldEngines();
        skipReason = missingDockerOrImage();
        if (skipReason != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, but " + skipReason);
            }
            log.warn("Container test skipped: {}", skipReason);
            return;
        }
        // A private copy: a rebuild of target/sample-app.jar while the container runs must not change its classes.
        Path jar = Files.copy(sampleJar(), workDir.resolve("sample-app.jar"));
        Path jdk = Path.of(System.getProperty("java.home"));
        app = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        // what a pod gets for FUSE (and the subclass's seccomp choice); the rest stays Docker's default
                        .withCapAdd(Capability.SYS_ADMIN)
                        .withDevices(Device.parse("/dev/fuse"))
                        .withSecurityOpts(securityOptions())
                        .withBinds(
                                new Bind(realPath(jdk), new Volume(JDK_IN_CONTAINER), AccessMode.ro),
                                new Bind(realPath(jar), new Volume(JAR_IN_CONTAINER), AccessMode.ro)))
                .withEnv("JAVA_HOME", JDK_IN_CONTAINER)
                .withEnv("PATH", JDK_IN_CONTAINER + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                // java is PID 1: docker stop's SIGTERM goes straight to it. The application creates the mount
                // points and the mirrored directory.
                .withCommand("java", "-jar", JAR_IN_CONTAINER,
                        "--server.port=" + PORT,
                        "--fuse.mounts." + MEMORY + ".mount-point=" + MEMORY_MOUNT,
                        "--fuse.mounts." + MIRROR + ".mount-point=" + MIRROR_MOUNT,
                        "--sample.mirror.source=" + MIRROR_SOURCE)
                .withExposedPorts(PORT)
                // lets .ci/container-image.sh stop remove a container that a killed test run left behind
                .withLabel("dev.fusering.container-test", "true")
                .withLogConsumer(new Slf4jLogConsumer(log).withPrefix(getClass().getSimpleName()))
                .waitingFor(Wait.forHttp("/actuator/health").forPort(PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        app.start();
    }

    /** Skips each test when the container could not be started outside CI. */
    @BeforeEach
    void skipWithoutDocker() {
        // per test rather than in @BeforeAll, so that the reports count the skipped tests and show the reason
        Assumptions.assumeTrue(skipReason == null, () -> "Container test skipped: " + skipReason);
    }

    /** Removes the container, running or stopped. */
    @AfterAll
    void removeContainer() {
        if (app != null) {
            app.stop();
        }
    }

    /**
     * The health endpoint is UP, and so are the {@code fuse} contributor and its two mounts.
     *
     * @throws Exception if the request fails
     */
    @Test
    @Order(1)
    void healthIsUpWithBothMounts() throws Exception {
        DocumentContext health = JsonPath.parse(get("/actuator/health"));
        assertThat(health.read("$.status", String.class)).isEqualTo("UP");
        assertThat(health.read("$.components.fuse.status", String.class)).isEqualTo("UP");
        assertThat(health.read("$.components.fuse.components." + MEMORY + ".status", String.class)).isEqualTo("UP");
        assertThat(health.read("$.components.fuse.components." + MIRROR + ".status", String.class)).isEqualTo("UP");
    }

    /**
     * The {@code fuse} endpoint lists both mounts as mounted at their mount points; logs the transport that
     * {@code transport=auto} chose inside the container and checks the kernel sees both mounts.
     *
     * @throws Exception if a request or a command fails
     */
    @Test
    @Order(2)
    void fuseEndpointListsBothMountsAndTheirTransport() throws Exception {
        DocumentContext fuse = JsonPath.parse(get("/actuator/fuse"));
        Map<String, Object> mounts = fuse.read("$.mounts");
        assertThat(mounts).containsKeys(MEMORY, MIRROR);
        assertThat(fuse.read("$.mounts." + MEMORY + ".state", String.class)).isEqualTo("mounted");
        assertThat(fuse.read("$.mounts." + MEMORY + ".mountPoint", String.class)).isEqualTo(MEMORY_MOUNT);
        assertThat(fuse.read("$.mounts." + MIRROR + ".state", String.class)).isEqualTo("mounted");
        assertThat(fuse.read("$.mounts." + MIRROR + ".mountPoint", String.class)).isEqualTo(MIRROR_MOUNT);

        // transport=auto: io_uring when the kernel and the container's seccomp profile allow it, else /dev/fuse
        // with a one-line explanation in the log.
        String transport = fuse.read("$.mounts." + MEMORY + ".transport", String.class);
        log.info("{}: transport inside the container: {}", getClass().getSimpleName(), transport);
        assertThat(fuse.read("$.mounts." + MIRROR + ".transport", String.class)).isEqualTo(transport);
        checkTransport(transport, app.getLogs());
        assertThat(sh("grep ' " + MEMORY_MOUNT + " ' /proc/mounts")).contains("fuse");
        assertThat(sh("grep ' " + MIRROR_MOUNT + " ' /proc/mounts")).contains("fuse");
    }

    /**
     * Small files, a directory and 4 MiB of random data go through the in-memory mount unchanged, and the
     * mount's {@code fuse_requests} count grows.
     *
     * @throws Exception if a request or a command fails
     */
    @Test
    @Order(3)
    void memoryMountStoresFiles() throws Exception {
        double before = requestCount(MEMORY);

        sh("echo 'hello from the container' > " + MEMORY_MOUNT + "/hello.txt");
        assertThat(sh("cat " + MEMORY_MOUNT + "/hello.txt")).isEqualTo("hello from the container\n");
        sh("mkdir " + MEMORY_MOUNT + "/dir && echo nested > " + MEMORY_MOUNT + "/dir/nested.txt");
        assertThat(sh("ls " + MEMORY_MOUNT).lines()).contains("hello.txt", "dir");
        assertThat(sh("cat " + MEMORY_MOUNT + "/dir/nested.txt")).isEqualTo("nested\n");

        sh("dd if=/dev/urandom of=/tmp/blob bs=1M count=4 status=none");
        sh("dd if=/tmp/blob of=" + MEMORY_MOUNT + "/blob bs=1M status=none");
        assertThat(md5(MEMORY_MOUNT + "/blob")).isEqualTo(md5("/tmp/blob"));
        assertThat(sh("stat -c %s " + MEMORY_MOUNT + "/blob").strip()).isEqualTo(Integer.toString(4 << 20));

        double after = requestCount(MEMORY);
        assertThat(after).as("fuse_requests count of mount %s", MEMORY).isGreaterThan(before);
        assertThat(prometheus().contains(REQUESTS_COUNT, Map.of("mount", MEMORY, "operation", "write"))).isTrue();
    }

    /**
     * The mirror shows what is written into its source directory and writes what it receives into it (text and
     * 3 MiB of random data both ways, a removal), and the mount's {@code fuse_requests} count grows.
     *
     * @throws Exception if a request or a command fails
     */
    @Test
    @Order(4)
    void mirrorShowsTheSourceDirectoryBothWays() throws Exception {
        double before = requestCount(MIRROR);

        // source → mirror
        sh("echo 'written in the source' > " + MIRROR_SOURCE + "/from-source.txt");
        assertThat(sh("cat " + MIRROR_MOUNT + "/from-source.txt")).isEqualTo("written in the source\n");
        sh("dd if=/dev/urandom of=" + MIRROR_SOURCE + "/source.bin bs=1M count=3 status=none");
        assertThat(md5(MIRROR_MOUNT + "/source.bin")).isEqualTo(md5(MIRROR_SOURCE + "/source.bin"));

        // mirror → source
        sh("echo 'written through the mirror' > " + MIRROR_MOUNT + "/from-mirror.txt");
        assertThat(sh("cat " + MIRROR_SOURCE + "/from-mirror.txt")).isEqualTo("written through the mirror\n");
        sh("dd if=/dev/urandom of=/tmp/mirror.bin bs=1M count=3 status=none");
        sh("dd if=/tmp/mirror.bin of=" + MIRROR_MOUNT + "/mirror.bin bs=1M status=none");
        assertThat(md5(MIRROR_SOURCE + "/mirror.bin")).isEqualTo(md5("/tmp/mirror.bin"));
        assertThat(md5(MIRROR_MOUNT + "/mirror.bin")).isEqualTo(md5("/tmp/mirror.bin"));

        assertThat(sh("ls " + MIRROR_MOUNT).lines()).contains("from-source.txt", "source.bin", "from-mirror.txt",
                "mirror.bin");
        sh("rm " + MIRROR_MOUNT + "/from-source.txt");
        assertThat(sh("ls " + MIRROR_SOURCE).lines()).doesNotContain("from-source.txt");

        double after = requestCount(MIRROR);
        assertThat(after).as("fuse_requests count of mount %s", MIRROR).isGreaterThan(before);
    }

    /**
     * {@code docker stop} (SIGTERM, SIGKILL after 30 s) ends the application promptly: both mounts unmounted,
     * exit status 0 or 143, no error and no stack trace in the logs.
     */
    @Test
    @Order(5)
    void sigtermUnmountsBothAndExitsCleanly() {
        DockerClient docker = app.getDockerClient();
        String id = app.getContainerId();
        long start = System.nanoTime();
        // docker stop semantics: SIGTERM, SIGKILL only after 30 s
        docker.stopContainerCmd(id).withTimeout(30).exec();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Long exitCode = docker.inspectContainerCmd(id).exec().getState().getExitCodeLong();
        String logs = app.getLogs();
        log.info("{}: stopped in {} ms with exit code {}", getClass().getSimpleName(), took.toMillis(), exitCode);

        assertThat(took).as("stop time (SIGKILL comes after 30 s)").isLessThan(Duration.ofSeconds(25));
        // 143 = 128 + SIGTERM: the JVM's status when a signal ends it, after the shutdown hooks ran
        assertThat(exitCode).as("exit code, logs:%n%s", logs).isIn(0L, 143L);
        assertThat(logs).contains("Unmounted '" + MEMORY + "' from " + MEMORY_MOUNT);
        assertThat(logs).contains("Unmounted '" + MIRROR + "' from " + MIRROR_MOUNT);
        assertThat(ERROR_LINE.matcher(logs).find()).as("an ERROR line in the logs:%n%s", logs).isFalse();
        assertThat(STACK_FRAME.matcher(logs).find()).as("a stack trace in the logs:%n%s", logs).isFalse();
        // java -jar without flags: the jar's manifest (Enable-Native-Access) grants the engine native access
        assertThat(logs).doesNotContain("restricted method");
    }

    private List<String> securityOptions() {
        List<String> options = new ArrayList<>();
        options.add("apparmor=unconfined");
        options.addAll(moreSecurityOptions());
        return options;
    }

    /**
     * Checks for a Docker engine and the image.
     *
     * @return what is missing, or null when both are there
     */
    private static String missingDockerOrImage() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return "no Docker engine is reachable: start one (as root: .ci/container-image.sh)";
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            return "the image " + IMAGE + " is missing: build it with .ci/container-image.sh (as root)";
        }
        return null;
    }

    private static Path sampleJar() {
        Path jar = Path.of(System.getProperty("fusering.sample.jar", "target/sample-app.jar"));
        if (!Files.isRegularFile(jar)) {
            fail(jar.toAbsolutePath() + " does not exist: build it first (./mvnw -pl sample-app -am package)");
        }
        return jar;
    }

    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve " + path, e);
        }
    }

    /** Runs a shell command in the container, asserts it succeeded and returns its standard output. */
    private String sh(String command) throws IOException, InterruptedException {
        ExecResult result = app.execInContainer("sh", "-c", command);
        assertThat(result.getExitCode()).as("exit code of `%s`, stderr: %s", command, result.getStderr()).isZero();
        return result.getStdout();
    }

    private String md5(String file) throws IOException, InterruptedException {
        return sh("md5sum < " + file).split("\\s+")[0];
    }

    private String get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(PORT) + path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private PrometheusSamples prometheus() throws IOException, InterruptedException {
        return new PrometheusSamples(get("/actuator/prometheus"));
    }

    private double requestCount(String mount) throws IOException, InterruptedException {
        return prometheus().sum(REQUESTS_COUNT, Map.of("mount", mount));
    }
}
