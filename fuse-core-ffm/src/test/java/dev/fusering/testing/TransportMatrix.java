package dev.fusering.testing;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * Argument sources for {@code @ParameterizedTest}s that must run on every real transport, referenced as
 * {@code @MethodSource("dev.fusering.testing.TransportMatrix#all")}.
 */
public final class TransportMatrix {

    private TransportMatrix() {
    }

    /** @return (transport, dispatch) for both real transports and both dispatch modes */
    public static Stream<Arguments> all() {
        return Stream.of(
                Arguments.of(Transport.IO_URING, DispatchMode.OFFLOADED),
                Arguments.of(Transport.IO_URING, DispatchMode.INLINE),
                Arguments.of(Transport.CLASSIC, DispatchMode.OFFLOADED),
                Arguments.of(Transport.CLASSIC, DispatchMode.INLINE));
    }

    /** @return (transport, dispatch) for both real transports with {@link DispatchMode#OFFLOADED} */
    public static Stream<Arguments> offloaded() {
        return Stream.of(
                Arguments.of(Transport.IO_URING, DispatchMode.OFFLOADED),
                Arguments.of(Transport.CLASSIC, DispatchMode.OFFLOADED));
    }
}
