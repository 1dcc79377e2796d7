package dev.fusering.api;

/**
 * What was negotiated with the kernel at FUSE_INIT, handed to {@link Filesystem#init(ConnectionInfo)}.
 *
 * @param protocolMajor the FUSE protocol major version (7)
 * @param protocolMinor the negotiated minor version (the smaller of the kernel's and the engine's)
 * @param kernelFlags   the capability flags the kernel offered ({@code flags | flags2 << 32})
 * @param flags         the capability flags the engine enabled
 * @param maxWrite      the largest WRITE payload the kernel will send
 * @param maxReadahead  the negotiated readahead limit
 * @param maxPages      the negotiated limit of pages per request
 * @param transport     the transport in use: {@link Transport#IO_URING} or {@link Transport#CLASSIC}
 * @param queues        the number of io_uring queues (one per possible CPU), or 0 for classic
 */
public record ConnectionInfo(int protocolMajor, int protocolMinor, long kernelFlags, long flags,
                             int maxWrite, int maxReadahead, int maxPages, Transport transport, int queues) {
}
