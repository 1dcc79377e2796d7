package dev.fusering.api;

/**
 * How busy one transport queue is: for io_uring one per possible CPU, and one for the {@code /dev/fuse}
 * buffers (queue {@link #DEV_FUSE}).
 *
 * @param queue   the queue id (CPU number), or {@link #DEV_FUSE}
 * @param entries the request slots of the queue (ring entries or {@code /dev/fuse} buffers)
 * @param busy    slots holding a request that has not been answered yet
 */
public record QueueStats(int queue, int entries, int busy) {

    /** The queue id used for the {@code /dev/fuse} buffers. */
    public static final int DEV_FUSE = -1;

    /**
     * Returns the slots waiting for a request (armed in the kernel, or free).
     *
     * @return {@code entries - busy}
     */
    public int idle() {
        return entries - busy;
    }
}
