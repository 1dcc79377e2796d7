package dev.fusering.internal.abi;

/**
 * FUSE-over-io_uring command numbers ({@code enum fuse_uring_cmd}), written to {@code sqe->cmd_op} of an
 * IORING_OP_URING_CMD SQE whose command area holds a {@link FuseUringCmdReq}.
 */
public final class FuseUringCmd {

    /** {@code FUSE_IO_URING_CMD_INVALID}: invalid. */
    public static final int INVALID = 0;

    /** {@code FUSE_IO_URING_CMD_REGISTER}: register an entry's buffers (iovec[2]) and fetch a request. */
    public static final int REGISTER = 1;

    /** {@code FUSE_IO_URING_CMD_COMMIT_AND_FETCH}: commit the reply in an entry and fetch the next request. */
    public static final int COMMIT_AND_FETCH = 2;

    private FuseUringCmd() {
    }
}
