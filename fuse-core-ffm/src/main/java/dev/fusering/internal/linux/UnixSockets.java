package dev.fusering.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.fusering.api.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Unix domain socket pairs and file-descriptor passing ({@code SCM_RIGHTS}), through the Foreign Function
 * and Memory API: {@code socketpair(2)}, {@code poll(2)} and {@code recvmsg(2)}.
 *
 * <p>Used to receive the {@code /dev/fuse} descriptor from {@code fusermount3}, which sends it as
 * ancillary data of a one-byte message (see unix(7) and cmsg(3)).
 *
 * <p>Struct layouts (x86_64, glibc): {@code struct msghdr} is 56 bytes (name pointer, name length,
 * iovec pointer, iovec count, control pointer, control length, flags); {@code struct cmsghdr} is a
 * {@code size_t} length followed by two ints, level and type, with the data at offset 16;
 * {@code CMSG_SPACE(sizeof(int))} is 24.
 */
public final class UnixSockets {

    /** {@code AF_UNIX}. */
    static final int AF_UNIX = 1;
    /** {@code SOCK_STREAM}. */
    static final int SOCK_STREAM = 1;
    /** {@code SOCK_CLOEXEC}: the new descriptors are closed on exec. */
    static final int SOCK_CLOEXEC = 0x80000;
    /** {@code SOL_SOCKET}: level of socket-layer control messages. */
    static final int SOL_SOCKET = 1;
    /** {@code SCM_RIGHTS}: the control message carries file descriptors. */
    static final int SCM_RIGHTS = 1;
    /** {@code MSG_CTRUNC}: control data was truncated (some descriptors were dropped). */
    static final int MSG_CTRUNC = 0x8;
    /** {@code MSG_CMSG_CLOEXEC}: received descriptors get close-on-exec. */
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** {@code POLLIN}: data (or end of file) to read. */
    static final short POLLIN = 0x1;

    private static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    private static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    private static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    private static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    private static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    private static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
    private static final long CMSG_LEN = offset(CMSGHDR, "cmsg_len");
    private static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    private static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    /** {@code CMSG_DATA} offset: the header size rounded up to {@code sizeof(size_t)}. */
    private static final long CMSG_DATA = CMSGHDR.byteSize();
    /** {@code CMSG_LEN(sizeof(int))}. */
    private static final long CMSG_LEN_ONE_FD = CMSG_DATA + Integer.BYTES;
    /** {@code CMSG_SPACE(sizeof(int))}. */
    private static final long CMSG_SPACE_ONE_FD = CMSG_DATA + 8;

    private static final MethodHandle SOCKETPAIR = Downcalls.find("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle RECVMSG = Downcalls.find("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle POLL = Downcalls.find("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO);

    private UnixSockets() {
    }

    /**
     * Creates a connected pair of Unix stream sockets, both with close-on-exec
     * ({@code socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)}).
     *
     * @return the two descriptors
     * @throws NativeCallException {@code socketpair()} with the errno on failure
     */
    public static int[] socketPair() throws NativeCallException {
        MemorySegment capture = Downcalls.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(capture, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            if (r < 0) {
                throw NativeCallException.of("socketpair()", Downcalls.errno(capture));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * Waits until a descriptor has data to read or has reached end of file ({@code poll(2)} for
     * {@code POLLIN}; hang-up and errors count as readable, so that the following read reports them).
     *
     * @param fd the descriptor
     * @param timeoutMillis how long at most; 0 checks without waiting
     * @return {@code true} when it is readable, {@code false} when the time ran out
     * @throws NativeCallException {@code poll(fd)} with the errno on failure
     */
    public static boolean awaitReadable(int fd, long timeoutMillis) throws NativeCallException {
        MemorySegment capture = Downcalls.capture();
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(POLLFD);
            while (true) {
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                int r = (int) POLL.invokeExact(capture, pollfd, 1L, (int) Math.min(left, Integer.MAX_VALUE));
                if (r > 0) {
                    return true;
                }
                if (r == 0) {
                    return false;
                }
                int errno = Downcalls.errno(capture);
                if (errno != Errno.EINTR.code()) {
                    throw NativeCallException.of("poll(" + fd + ")", errno);
                }
            }
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * Receives one message that carries one file descriptor as {@code SCM_RIGHTS} ancillary data
     * ({@code recvmsg(2)} with {@code MSG_CMSG_CLOEXEC}, so the received descriptor is close-on-exec).
     * Blocks until a message or end of file arrives: call {@link #awaitReadable} first to bound the wait.
     *
     * @param socket the receiving socket
     * @return the received descriptor, or -1 when the peer closed the socket without sending anything
     * @throws NativeCallException {@code recvmsg(fd)} with the errno on failure
     * @throws IOException when a message arrived without a descriptor
     */
    public static int receiveDescriptor(int socket) throws IOException {
        MemorySegment capture = Downcalls.capture();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(1);
            MemorySegment iov = arena.allocate(IOVEC);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, ADDRESS.byteSize(), data.byteSize());
            MemorySegment control = arena.allocate(CMSG_SPACE_ONE_FD, 8);
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            long n;
            while (true) {
                n = (long) RECVMSG.invokeExact(capture, socket, msg, MSG_CMSG_CLOEXEC);
                if (n >= 0) {
                    break;
                }
                int errno = Downcalls.errno(capture);
                if (errno != Errno.EINTR.code()) {
                    throw NativeCallException.of("recvmsg(" + socket + ")", errno);
                }
            }
            long controlLength = msg.get(JAVA_LONG, MSG_CONTROLLEN);
            if (controlLength >= CMSG_LEN_ONE_FD
                    && control.get(JAVA_LONG, CMSG_LEN) >= CMSG_LEN_ONE_FD
                    && control.get(JAVA_INT, CMSG_LEVEL) == SOL_SOCKET
                    && control.get(JAVA_INT, CMSG_TYPE) == SCM_RIGHTS) {
                return control.get(JAVA_INT, CMSG_DATA);
            }
            if (n == 0) {
                return -1;
            }
            boolean truncated = (msg.get(JAVA_INT, MSG_FLAGS) & MSG_CTRUNC) != 0;
            throw new IOException("a message of " + n + " byte(s) arrived on socket " + socket
                    + " without a file descriptor" + (truncated ? " (control data truncated)" : ""));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static long offset(StructLayout layout, String name) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }
}
