package dev.fusering.internal.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The plumbing shared by the FFM classes of this package that are not {@link LibC}
 * ({@link UnixSockets}, {@link Spawn}): downcall handles looked up in the C library, and a per-thread
 * {@code errno} capture segment, the same way {@link LibC} does it.
 */
final class Downcalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The linker option that captures {@code errno} into the first argument. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ThreadLocal<MemorySegment> CAPTURE_SEGMENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Downcalls() {
    }

    /**
     * Creates a downcall handle for a C library function, or returns {@code null} when native access is
     * disabled (callers check {@link #capture()} first, which then fails with the explanatory message).
     *
     * @param name the function's name
     * @param descriptor its C signature
     * @param options linker options, e.g. {@link #CAPTURE_ERRNO}
     * @return the handle, or {@code null} without native access
     * @throws IllegalStateException when the function does not exist in the C library
     */
    static MethodHandle find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return findOptional(name, descriptor, options).orElseThrow(
                () -> new IllegalStateException("C library function not found: " + name));
    }

    /**
     * Like {@link #find}, for a function that older C libraries lack.
     *
     * @param name the function's name
     * @param descriptor its C signature
     * @param options linker options
     * @return the handle, or empty when the function is missing or native access is disabled
     */
    @SuppressWarnings("restricted")
    static Optional<MethodHandle> findOptional(String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        if (!LibC.nativeAccessEnabled()) {
            return Optional.empty();
        }
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /**
     * Returns the calling thread's errno capture segment, after checking native access.
     *
     * @return the capture segment
     * @throws IllegalStateException when native access is disabled
     */
    static MemorySegment capture() {
        LibC.requireNativeAccess();
        return CAPTURE_SEGMENT.get();
    }

    /**
     * Reads the captured errno.
     *
     * @param capture the segment passed to the call
     * @return the errno the call left
     */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /**
     * Turns an unexpected throwable from {@code invokeExact} into an unchecked exception.
     *
     * @param t the throwable
     * @return the exception to throw (an {@link Error} is rethrown as is)
     */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected exception from a native call", t);
    }
}
