package dev.fusering.api;

/**
 * A snapshot of a running session's counters. Counts start at 0 when the session starts.
 *
 * @param ringRequests     requests received through io_uring entries
 * @param devFuseRequests  requests received through read(2) on {@code /dev/fuse}, including FORGET,
 *                         BATCH_FORGET and INTERRUPT, which the kernel only sends there
 * @param forgets          FORGET and BATCH_FORGET items handled
 * @param interrupts       INTERRUPT requests received
 * @param errors           replies with an error other than ENOENT
 * @param internalErrors   filesystem calls that failed with an unexpected exception (answered EIO)
 * @param inFlight         requests currently being handled
 * @param bytesRead        bytes returned by READ
 * @param bytesWritten     bytes accepted by WRITE
 * @param ownerStarvations times a ring owner under {@code SCHED_IDLE} was found starved by other
 *                         tasks and switched back to the normal policy ({@link Session#idleRingOwners(boolean)})
 */
public record SessionStats(long ringRequests, long devFuseRequests, long forgets, long interrupts, long errors,
                           long internalErrors, long inFlight, long bytesRead, long bytesWritten,
                           long ownerStarvations) {
}
