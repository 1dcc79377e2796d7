package dev.fusering.sample.container;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in a container with Docker's default seccomp profile, as a pod runs it. {@code transport=auto} gets
 * whatever that profile allows: FUSE-over-io_uring where it lets the io_uring system calls through (Debian
 * bookworm's Docker 20.10, CI's engine), {@code /dev/fuse} where it blocks them (Docker 25 and later), and then
 * the log says why in one line.
 */
class SampleAppContainerIT extends SampleAppInContainer {

    /** Created by JUnit. */
    SampleAppContainerIT() {
    }

    /**
     * No further option: Docker's default seccomp profile.
     *
     * @return an empty list
     */
    @Override
    List<String> moreSecurityOptions() {
        return List.of();
    }

    /**
     * Either transport is fine; {@code /dev/fuse} must come with the fallback line.
     *
     * @param transport the transport of both mounts
     * @param logs      the application's output so far
     */
    @Override
    void checkTransport(String transport, String logs) {
        assertThat(transport).isIn("io-uring", "classic");
        if (transport.equals("classic")) {
            assertThat(logs).contains("FUSE-over-io_uring not used for " + MEMORY_MOUNT);
        }
    }
}
