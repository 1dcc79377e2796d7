package dev.fusering.fs;

import dev.fusering.api.FuseException;
import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The namespace lock of a filesystem that mirrors a {@code java.nio.file} tree by path
 * ({@link NioFilesystem}, {@link PassthroughFilesystem}): name operations run under its shared side, RENAME
 * under its exclusive side, so that the node paths a rename rewrites are never seen half-updated. Whatever
 * a step throws leaves as a {@link FuseException}, through the filesystem's own exception mapping.
 *
 * <p>Thread-safe.
 */
final class NamespaceLock {

    /**
     * An I/O step run under the lock.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface IoAction<T> {

        /**
         * Runs the step.
         *
         * @return the result
         * @throws IOException as {@code java.nio} reports it
         */
        T run() throws IOException;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Function<Throwable, FuseException> errors;

    /**
     * Creates the lock.
     *
     * @param errors turns what a step throws (other than a {@link FuseException}) into the exception to throw
     */
    NamespaceLock(Function<Throwable, FuseException> errors) {
        this.errors = errors;
    }

    /**
     * Runs a step holding the lock shared.
     *
     * @param action the step
     * @param <T>    the result type
     * @return the step's result
     * @throws FuseException what the step threw, mapped
     */
    <T> T shared(IoAction<T> action) {
        return locked(lock.readLock(), action);
    }

    /**
     * Runs a step holding the lock exclusively.
     *
     * @param action the step
     * @param <T>    the result type
     * @return the step's result
     * @throws FuseException what the step threw, mapped
     */
    <T> T exclusive(IoAction<T> action) {
        return locked(lock.writeLock(), action);
    }

    private <T> T locked(Lock held, IoAction<T> action) {
        held.lock();
        try {
            return action.run();
        } catch (FuseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw errors.apply(e);
        } finally {
            held.unlock();
        }
    }
}
