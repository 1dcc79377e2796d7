package dev.fusering.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launcher's {@code bench} subcommand: parsing only (serving is covered by the benchmark scripts). */
class BenchArgumentsTest {

    @Test
    void benchServesBenchFilesystemWithTheUsualOptions() {
        Main.Arguments a = Main.Arguments.parse(new String[] {"bench", "/tmp/mnt", "--transport", "io-uring",
            "--dispatch", "inline", "--queue-depth", "8", "--workers", "1"});
        assertThat(a.kind).isEqualTo("bench");
        assertThat(a.mountPoint).isEqualTo(Path.of("/tmp/mnt"));
        assertThat(a.transport).isEqualTo(Transport.IO_URING);
        assertThat(a.dispatch).isEqualTo(DispatchMode.INLINE);
        assertThat(a.queueDepth).isEqualTo(8);
        assertThat(a.workers).isEqualTo(1);
        assertThat(a.filesystem()).isInstanceOf(BenchFilesystem.class);
        MountOptions options = a.options.build();
        assertThat(options.fsName()).isEqualTo("fusering-bench");
        assertThat(options.subtype()).isEqualTo("fusering");
    }

    @Test
    void idleRingOwnersAreOnUnlessSwitchedOff() {
        assertThat(Main.Arguments.parse(new String[] {"bench", "/tmp/mnt"}).idleRingOwners).isTrue();
        assertThat(Main.Arguments.parse(new String[] {"bench", "/tmp/mnt", "--no-idle-ring-owners"})
                .idleRingOwners).isFalse();
    }

    @Test
    void benchRejectsSource() {
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"bench", "/tmp/mnt", "--source", "/tmp"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--source");
    }

    @Test
    void usageListsBench() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bench ");
    }
}
