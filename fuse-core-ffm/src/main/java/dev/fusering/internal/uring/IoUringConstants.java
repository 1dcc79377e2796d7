package dev.fusering.internal.uring;

/**
 * io_uring ABI numbers and structure offsets (x86_64), from {@code include/uapi/linux/io_uring.h}.
 *
 * <p>Offsets were checked with {@code offsetof} against this platform's kernel headers; the
 * {@code sq_off.user_addr} / {@code cq_off.user_addr} fields (offset 32 of the offset blocks) are
 * called {@code resv2} in older headers and are not used here.
 */
public final class IoUringConstants {

    private IoUringConstants() {
    }

    // ---- io_uring_setup flags ----

    /** {@code IORING_SETUP_CQSIZE}: {@code cq_entries} in the params is honoured. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** {@code IORING_SETUP_CLAMP}: clamp SQ/CQ sizes to the kernel maximum instead of failing. */
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    /** {@code IORING_SETUP_SUBMIT_ALL}: keep submitting after an SQE fails to be prepared. */
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    /** {@code IORING_SETUP_COOP_TASKRUN}: do not interrupt the task to run completion work. */
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    /** {@code IORING_SETUP_TASKRUN_FLAG}: set IORING_SQ_TASKRUN when task work is pending. */
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    /** {@code IORING_SETUP_SQE128}: 128-byte SQEs (mandatory for FUSE URING_CMD). */
    public static final int IORING_SETUP_SQE128 = 1 << 10;
    /** {@code IORING_SETUP_CQE32}: 32-byte CQEs (not used here). */
    public static final int IORING_SETUP_CQE32 = 1 << 11;
    /** {@code IORING_SETUP_SINGLE_ISSUER}: only the creating thread submits (kernel 6.0+). */
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /** {@code IORING_SETUP_DEFER_TASKRUN}: run completion work only when the owner enters with GETEVENTS (6.1+). */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // ---- io_uring_setup features (params.features) ----

    /** {@code IORING_FEAT_SINGLE_MMAP}: SQ and CQ rings share one mapping. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    /** {@code IORING_FEAT_NODROP}: CQ overflow is kept by the kernel, not dropped. */
    public static final int IORING_FEAT_NODROP = 1 << 1;
    /** {@code IORING_FEAT_EXT_ARG}: io_uring_enter accepts {@code struct io_uring_getevents_arg}. */
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;

    // ---- io_uring_enter flags ----

    /** {@code IORING_ENTER_GETEVENTS}: wait for {@code min_complete} completions. */
    public static final int IORING_ENTER_GETEVENTS = 1;
    /** {@code IORING_ENTER_EXT_ARG}: {@code arg} is a {@code struct io_uring_getevents_arg}. */
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    // ---- SQ ring flags (the word at sq_off.flags) ----

    /** {@code IORING_SQ_CQ_OVERFLOW}: completions are waiting in the kernel's overflow list. */
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    /** {@code IORING_SQ_TASKRUN}: task work is pending (with IORING_SETUP_TASKRUN_FLAG). */
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // ---- mmap offsets ----

    /** mmap offset of the SQ ring. */
    public static final long IORING_OFF_SQ_RING = 0L;
    /** mmap offset of the CQ ring. */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** mmap offset of the SQE array. */
    public static final long IORING_OFF_SQES = 0x10000000L;

    // ---- opcodes ----

    /** {@code IORING_OP_NOP}. */
    public static final int IORING_OP_NOP = 0;
    /** {@code IORING_OP_READ}. */
    public static final int IORING_OP_READ = 22;
    /** {@code IORING_OP_WRITE}. */
    public static final int IORING_OP_WRITE = 23;
    /** {@code IORING_OP_URING_CMD}: a command for the file's driver (FUSE REGISTER / COMMIT_AND_FETCH). */
    public static final int IORING_OP_URING_CMD = 46;

    // ---- io_uring_register opcodes ----

    /** {@code IORING_REGISTER_FILES}. */
    public static final int IORING_REGISTER_FILES = 2;
    /** {@code IORING_UNREGISTER_FILES}. */
    public static final int IORING_UNREGISTER_FILES = 3;

    // ---- SQE flags ----

    /** {@code IOSQE_FIXED_FILE}: {@code sqe->fd} is an index into the registered files. */
    public static final int IOSQE_FIXED_FILE = 1;

    // ---- sizes ----

    /** Size of one SQE with IORING_SETUP_SQE128. */
    public static final int SQE_SIZE = 128;
    /** Size of one CQE without IORING_SETUP_CQE32. */
    public static final int CQE_SIZE = 16;
    /** Size of {@code struct io_uring_params}. */
    public static final int PARAMS_SIZE = 120;
    /** Size of {@code struct io_uring_getevents_arg}. */
    public static final int GETEVENTS_ARG_SIZE = 24;

    // ---- struct io_uring_params ----

    /** {@code params.sq_entries} (u32). */
    public static final long PARAMS_SQ_ENTRIES = 0;
    /** {@code params.cq_entries} (u32). */
    public static final long PARAMS_CQ_ENTRIES = 4;
    /** {@code params.flags} (u32). */
    public static final long PARAMS_FLAGS = 8;
    /** {@code params.sq_thread_cpu} (u32). */
    public static final long PARAMS_SQ_THREAD_CPU = 12;
    /** {@code params.sq_thread_idle} (u32). */
    public static final long PARAMS_SQ_THREAD_IDLE = 16;
    /** {@code params.features} (u32). */
    public static final long PARAMS_FEATURES = 20;
    /** {@code params.wq_fd} (u32). */
    public static final long PARAMS_WQ_FD = 24;
    /** {@code params.sq_off} ({@code struct io_sqring_offsets}, 40 bytes). */
    public static final long PARAMS_SQ_OFF = 40;
    /** {@code params.cq_off} ({@code struct io_cqring_offsets}, 40 bytes). */
    public static final long PARAMS_CQ_OFF = 80;

    // ---- struct io_sqring_offsets (relative to PARAMS_SQ_OFF) ----

    /** {@code sq_off.head}. */
    public static final long SQ_OFF_HEAD = 0;
    /** {@code sq_off.tail}. */
    public static final long SQ_OFF_TAIL = 4;
    /** {@code sq_off.ring_mask}. */
    public static final long SQ_OFF_RING_MASK = 8;
    /** {@code sq_off.ring_entries}. */
    public static final long SQ_OFF_RING_ENTRIES = 12;
    /** {@code sq_off.flags}. */
    public static final long SQ_OFF_FLAGS = 16;
    /** {@code sq_off.dropped}. */
    public static final long SQ_OFF_DROPPED = 20;
    /** {@code sq_off.array}. */
    public static final long SQ_OFF_ARRAY = 24;

    // ---- struct io_cqring_offsets (relative to PARAMS_CQ_OFF) ----

    /** {@code cq_off.head}. */
    public static final long CQ_OFF_HEAD = 0;
    /** {@code cq_off.tail}. */
    public static final long CQ_OFF_TAIL = 4;
    /** {@code cq_off.ring_mask}. */
    public static final long CQ_OFF_RING_MASK = 8;
    /** {@code cq_off.ring_entries}. */
    public static final long CQ_OFF_RING_ENTRIES = 12;
    /** {@code cq_off.overflow}. */
    public static final long CQ_OFF_OVERFLOW = 16;
    /** {@code cq_off.cqes}. */
    public static final long CQ_OFF_CQES = 20;
    /** {@code cq_off.flags}. */
    public static final long CQ_OFF_FLAGS = 24;

    // ---- struct io_uring_sqe ----

    /** {@code sqe.opcode} (u8). */
    public static final long SQE_OPCODE = 0;
    /** {@code sqe.flags} (u8). */
    public static final long SQE_FLAGS = 1;
    /** {@code sqe.ioprio} (u16). */
    public static final long SQE_IOPRIO = 2;
    /** {@code sqe.fd} (s32). */
    public static final long SQE_FD = 4;
    /** {@code sqe.off} (u64), also {@code cmd_op} (u32) + {@code __pad1} (u32) for URING_CMD. */
    public static final long SQE_OFF = 8;
    /** {@code sqe.cmd_op} (u32), URING_CMD only. */
    public static final long SQE_CMD_OP = 8;
    /** {@code sqe.addr} (u64). */
    public static final long SQE_ADDR = 16;
    /** {@code sqe.len} (u32). */
    public static final long SQE_LEN = 24;
    /** {@code sqe.rw_flags} / {@code uring_cmd_flags} (u32). */
    public static final long SQE_OP_FLAGS = 28;
    /** {@code sqe.user_data} (u64). */
    public static final long SQE_USER_DATA = 32;
    /** {@code sqe.cmd}: the 80-byte command area of a 128-byte URING_CMD SQE. */
    public static final long SQE_CMD = 48;

    // ---- struct io_uring_cqe ----

    /** {@code cqe.user_data} (u64). */
    public static final long CQE_USER_DATA = 0;
    /** {@code cqe.res} (s32). */
    public static final long CQE_RES = 8;
    /** {@code cqe.flags} (u32). */
    public static final long CQE_FLAGS = 12;

    // ---- struct io_uring_getevents_arg ----

    /** {@code getevents_arg.sigmask} (u64 pointer). */
    public static final long GETEVENTS_SIGMASK = 0;
    /** {@code getevents_arg.sigmask_sz} (u32). */
    public static final long GETEVENTS_SIGMASK_SZ = 8;
    /** {@code getevents_arg.ts} (u64 pointer to {@code struct __kernel_timespec}). */
    public static final long GETEVENTS_TS = 16;
}
