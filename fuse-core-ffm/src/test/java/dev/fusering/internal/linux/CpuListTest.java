package dev.fusering.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuListTest {

    @TempDir
    Path tmp;

    @Test
    void countsRangesAndSingles() {
        assertThat(CpuList.count("0-1")).isEqualTo(2);
        assertThat(CpuList.count("0-3,7-11")).isEqualTo(9);
        assertThat(CpuList.count("5")).isEqualTo(1);
        assertThat(CpuList.count("0\n")).isEqualTo(1);
        assertThat(CpuList.count("0-0")).isEqualTo(1);
        assertThat(CpuList.count("0,2,4-5")).isEqualTo(4);
        assertThat(CpuList.count("0-255\n")).isEqualTo(256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "3-1", "1,", ",1", "-1", "0-", "1--2", "0-1-2", "1 2", "+1", "0x1"})
    void rejectsMalformedLists(String list) {
        assertThatThrownBy(() -> CpuList.count(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAFileAndFallsBack() throws Exception {
        Path file = Files.writeString(tmp.resolve("possible"), "0-3,6\n");
        assertThat(CpuList.possibleCpuCount(file)).isEqualTo(5);
        int fallback = Runtime.getRuntime().availableProcessors();
        assertThat(CpuList.possibleCpuCount(tmp.resolve("missing"))).isEqualTo(fallback);
        Path garbage = Files.writeString(tmp.resolve("garbage"), "zero\n");
        assertThat(CpuList.possibleCpuCount(garbage)).isEqualTo(fallback);
    }

    @Test
    void systemCountIsAtLeastAvailableProcessors() {
        assertThat(CpuList.possibleCpuCount()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
