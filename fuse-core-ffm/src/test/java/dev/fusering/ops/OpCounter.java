package dev.fusering.ops;

import dev.fusering.api.FuseOperation;
import dev.fusering.api.RequestObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the requests a session served, per operation, so that a test can tell which opcode the kernel sent. */
final class OpCounter implements RequestObserver {

    private final Map<FuseOperation, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void requestCompleted(FuseOperation operation, long durationNanos, int errno, long bytes) {
        counts.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    /**
     * Returns how many requests of an operation were served.
     *
     * @param operation the operation
     * @return the count so far
     */
    long count(FuseOperation operation) {
        LongAdder adder = counts.get(operation);
        return adder == null ? 0 : adder.sum();
    }
}
