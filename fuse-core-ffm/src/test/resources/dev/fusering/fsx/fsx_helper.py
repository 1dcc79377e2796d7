# The fsx helper: does what the JVM cannot do cheaply on the file under test, one command per line on
# standard input, one answer per line on standard output ("ok ..." or "err ENAME"):
#   F MODE OFFSET LENGTH  fallocate(2) with a mode (0, KEEP_SIZE=1, PUNCH_HOLE|KEEP_SIZE=3, ZERO_RANGE=16)
#   C                     read the whole file with O_DIRECT (past the page cache, from the filesystem)
#                         and answer "ok LENGTH CRC32"
#   MR OFFSET LENGTH      read a range through a shared read-only mapping, answer "ok CRC32"
#   MW OFFSET LENGTH SEED MSYNC
#                         write pattern(SEED) to a range through a shared writable mapping, msync if
#                         MSYNC is 1, unmap
# Mapped access is done here, in another process, and never in the JVM that serves the mount: a thread of
# that JVM blocked in a page fault on the mount stops every other thread at the next safepoint, including
# the ones that would answer the fault's READ, and munmap of a dirty shared mapping waits for writeback
# while holding the process's mmap_lock, which the serving threads may need.
#   Q                     quit
# Argument: FILE
import ctypes
import errno
import mmap
import os
import sys
import zlib

libc = ctypes.CDLL(None, use_errno=True)
libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
path = sys.argv[1]
fd = os.open(path, os.O_RDWR)
direct = os.open(path, os.O_RDONLY | os.O_DIRECT)
buf = mmap.mmap(-1, 1 << 20)


def pattern(seed, offset, length):
    """The bytes a mapped write puts at offset: a 251-byte block derived from seed, by file position."""
    block = bytes((((seed * 131) + k * 29 + (seed >> 8)) ^ (k * k)) & 255 for k in range(251))
    start = offset % 251
    return (block * ((start + length) // 251 + 1))[start:start + length]


def mapped(offset, length, writable):
    base = offset - offset % mmap.ALLOCATIONGRANULARITY
    prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
    return mmap.mmap(fd, offset + length - base, mmap.MAP_SHARED, prot, offset=base), offset - base


def name(e):
    if e.errno == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"
    return errno.errorcode.get(e.errno, str(e.errno))


for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] == "Q":
        break
    try:
        if parts[0] == "F":
            mode, offset, length = (int(x) for x in parts[1:4])
            if libc.fallocate(fd, mode, offset, length) != 0:
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err))
            answer = "ok"
        elif parts[0] == "C":
            crc = 0
            total = 0
            while True:
                n = os.preadv(direct, [buf], total)
                if n <= 0:
                    break
                crc = zlib.crc32(buf[:n], crc)
                total += n
                if n < len(buf):
                    break
            answer = "ok %d %d" % (total, crc)
        elif parts[0] == "MR":
            offset, length = int(parts[1]), int(parts[2])
            m, at = mapped(offset, length, False)
            try:
                answer = "ok %d" % zlib.crc32(m[at:at + length])
            finally:
                m.close()
        elif parts[0] == "MW":
            offset, length, seed, msync = (int(x) for x in parts[1:5])
            m, at = mapped(offset, length, True)
            try:
                m[at:at + length] = pattern(seed, offset, length)
                if msync:
                    m.flush()
            finally:
                m.close()
            answer = "ok"
        else:
            answer = "err EINVAL"
    except OSError as e:
        answer = "err " + name(e)
    sys.stdout.write(answer + "\n")
    sys.stdout.flush()
