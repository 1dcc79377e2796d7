package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello", "é", "ü€", "日本語", "😀", "a😀b", "\u007F\u0080\u07FF\u0800\uFFFF",
            "lone \uD800 high", "lone \uDC00 low", "end \uD83D"})
    void matchesTheJdkEncoder(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(64);
            assertThat(Utf8.encodedLength(s)).isEqualTo(expected.length);
            assertThat(Utf8.encode(s, segment, 3)).isEqualTo(expected.length);
            assertThat(segment.asSlice(3, expected.length).toArray(JAVA_BYTE)).isEqualTo(expected);
            assertThat(Utf8.contentEquals(segment, 3, expected.length, s)).isTrue();
            assertThat(Utf8.contentEquals(segment, 3, expected.length, s + "x")).isFalse();
            if (!s.isEmpty()) {
                assertThat(Utf8.contentEquals(segment, 3, expected.length - 1, s)).isFalse();
                assertThat(Utf8.contentEquals(segment, 3, expected.length, s.substring(1))).isFalse();
            }
        }
    }
}
