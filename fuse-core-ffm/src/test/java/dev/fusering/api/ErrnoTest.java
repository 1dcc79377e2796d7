package dev.fusering.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void knownCodesMapToConstants() {
        assertThat(Errno.of(1)).isSameAs(Errno.EPERM);
        assertThat(Errno.of(2)).isSameAs(Errno.ENOENT);
        assertThat(Errno.of(107)).isSameAs(Errno.ENOTCONN);
        assertThat(Errno.of(133)).isSameAs(Errno.EHWPOISON);
        assertThat(Errno.ENOENT.code()).isEqualTo(2);
        assertThat(Errno.ENOENT.description()).isEqualTo("No such file or directory");
        assertThat(Errno.EAGAIN.code()).isEqualTo(11);
        assertThat(Errno.EOPNOTSUPP.code()).isEqualTo(95);
        assertThat(Errno.ECONNABORTED.code()).isEqualTo(103);
        assertThat(Errno.ECANCELED.code()).isEqualTo(125);
        assertThat(Errno.ETIME.code()).isEqualTo(62);
    }

    @Test
    void unknownCodesGiveNull() {
        assertThat(Errno.of(0)).isNull();
        assertThat(Errno.of(-2)).isNull();
        assertThat(Errno.of(41)).isNull();
        assertThat(Errno.of(58)).isNull();
        assertThat(Errno.of(134)).isNull();
        assertThat(Errno.of(Integer.MAX_VALUE)).isNull();
        assertThat(Errno.of(Integer.MIN_VALUE)).isNull();
    }

    @Test
    void nameOfGivesSymbolOrNumber() {
        assertThat(Errno.nameOf(2)).isEqualTo("ENOENT");
        assertThat(Errno.nameOf(999)).isEqualTo("errno 999");
        assertThat(Errno.EPERM.toString()).isEqualTo("EPERM");
    }

    @Test
    void everyConstantRoundTripsAndCodesAreUnique() {
        Set<Integer> codes = new HashSet<>();
        for (Errno errno : Errno.values()) {
            assertThat(codes.add(errno.code())).as("unique code %s", errno).isTrue();
            assertThat(Errno.of(errno.code())).isSameAs(errno);
            assertThat(errno.description()).isNotBlank();
        }
        assertThat(Errno.values()).hasSize(131);
    }
}
