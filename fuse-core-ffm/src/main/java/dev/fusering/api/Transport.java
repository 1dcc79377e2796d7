package dev.fusering.api;

/** How requests travel between the kernel and the engine. */
public enum Transport {
    /**
     * FUSE-over-io_uring when the kernel offers it, otherwise the classic {@code /dev/fuse} transport, with
     * one log line that says why and how to enable io_uring. The default.
     */
    AUTO,
    /** FUSE-over-io_uring, or fail to start with an explanation when the kernel does not offer it. */
    IO_URING,
    /** The classic transport: reader threads on {@code /dev/fuse}. */
    CLASSIC
}
