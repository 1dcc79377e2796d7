package dev.fusering.sample.container;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in a container whose seccomp profile denies the io_uring system calls with EPERM, as the default
 * profile of newer Docker releases does (CI's Docker 20.10 lets them through, so this path would otherwise go
 * untested): {@code transport=auto} must fall back to {@code /dev/fuse}, say why in one log line, and the
 * application must work and shut down the same.
 */
class SampleAppClassicFallbackContainerIT extends SampleAppInContainer {

    /** Allows every system call but the three of io_uring, which fail with EPERM (errno 1). */
    private static final String SECCOMP_WITHOUT_IO_URING = """
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["io_uring_setup", "io_uring_enter", \
            "io_uring_register"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""";

    /** Created by JUnit. */
    SampleAppClassicFallbackContainerIT() {
    }

    /**
     * The seccomp profile that denies io_uring (Docker's API takes the profile's JSON itself).
     *
     * @return the {@code seccomp=} option
     */
    @Override
    List<String> moreSecurityOptions() {
        return List.of("seccomp=" + SECCOMP_WITHOUT_IO_URING);
    }

    /**
     * The transport must be {@code /dev/fuse}, with the fallback line.
     *
     * @param transport the transport of both mounts
     * @param logs      the application's output so far
     */
    @Override
    void checkTransport(String transport, String logs) {
        assertThat(transport).isEqualTo("classic");
        assertThat(logs).contains("FUSE-over-io_uring not used for " + MEMORY_MOUNT);
    }
}
