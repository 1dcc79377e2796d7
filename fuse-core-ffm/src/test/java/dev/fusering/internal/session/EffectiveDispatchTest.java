package dev.fusering.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.fs.BenchFilesystem;
import org.junit.jupiter.api.Test;

/** {@link DispatchMode#AUTO} follows {@link Filesystem#nonBlocking()}; explicit modes are kept. */
class EffectiveDispatchTest {

    private static final Filesystem BLOCKING = new Filesystem() {
    };

    private static final Filesystem NON_BLOCKING = new Filesystem() {
        @Override
        public boolean nonBlocking() {
            return true;
        }
    };

    @Test
    void autoIsInlineOnlyForNonBlockingFilesystems() {
        assertThat(SessionEngine.effectiveDispatch(DispatchMode.AUTO, BLOCKING)).isEqualTo(DispatchMode.OFFLOADED);
        assertThat(SessionEngine.effectiveDispatch(DispatchMode.AUTO, NON_BLOCKING)).isEqualTo(DispatchMode.INLINE);
        assertThat(SessionEngine.effectiveDispatch(DispatchMode.AUTO, new BenchFilesystem()))
                .isEqualTo(DispatchMode.INLINE);
    }

    @Test
    void explicitModesWin() {
        assertThat(SessionEngine.effectiveDispatch(DispatchMode.OFFLOADED, NON_BLOCKING))
                .isEqualTo(DispatchMode.OFFLOADED);
        assertThat(SessionEngine.effectiveDispatch(DispatchMode.INLINE, BLOCKING)).isEqualTo(DispatchMode.INLINE);
    }
}
