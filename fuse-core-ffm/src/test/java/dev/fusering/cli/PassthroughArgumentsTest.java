package dev.fusering.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's {@code --passthrough} flag: parsing only (serving is covered by PassthroughModeTest). */
class PassthroughArgumentsTest {

    @TempDir
    Path tmp;

    @Test
    void passthroughFlagTurnsOnKernelPassthrough() {
        Main.Arguments a = Main.Arguments.parse(new String[] {"passthrough", "/tmp/mnt", "--source", tmp.toString(),
            "--passthrough"});
        assertThat(a.options.build().passthrough()).isTrue();
        Main.Arguments off = Main.Arguments.parse(new String[] {"passthrough", "/tmp/mnt", "--source",
            tmp.toString()});
        assertThat(off.options.build().passthrough()).isFalse();
    }

    @Test
    void passthroughFlagIsOnlyForThePassthroughFilesystem() {
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"memory", "/tmp/mnt", "--passthrough"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--passthrough");
    }

    @Test
    void usageListsThePassthroughFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--passthrough");
    }
}
