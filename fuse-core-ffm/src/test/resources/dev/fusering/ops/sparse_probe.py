# Exercises fallocate modes and SEEK_DATA/SEEK_HOLE on sparse files in DIR and prints one line per step:
# "label = result" or "label ! ERRNAME". Argument: DIR
import ctypes
import errno
import hashlib
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
KEEP_SIZE = 1
PUNCH_HOLE = 2
NO_HIDE_STALE = 4
COLLAPSE_RANGE = 8
ZERO_RANGE = 16
INSERT_RANGE = 32
UNSHARE_RANGE = 64
MIB = 1 << 20


def show(label, call):
    try:
        print(label, "=", call(), flush=True)
    except OSError as e:
        print(label, "!", errno.errorcode.get(e.errno, str(e.errno)), flush=True)


def fallocate(fd, mode, offset, length):
    if libc.fallocate(fd, mode, ctypes.c_long(offset), ctypes.c_long(length)) < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return 0


def content(fd):
    return "%d %s" % (os.fstat(fd).st_size, hashlib.sha256(os.pread(fd, 8 * MIB, 0)).hexdigest()[:16])


def unaligned(b):
    return "%s %d zeros %s" % (b[:1].hex(), b[1:301].count(0), b[301:].hex())


os.chdir(sys.argv[1])

# A file that starts with a 1 MiB hole, then 4 KiB of data, a hole, 4 KiB of data at 2 MiB
s = os.open("sparse", os.O_RDWR | os.O_CREAT, 0o644)
os.pwrite(s, b"D" * 4096, MIB)
show("sparse size", lambda: os.fstat(s).st_size)
show("sparse data from 0", lambda: os.lseek(s, 0, os.SEEK_DATA))
show("sparse hole from 0", lambda: os.lseek(s, 0, os.SEEK_HOLE))
show("sparse hole from data", lambda: os.lseek(s, MIB + 100, os.SEEK_HOLE))
show("sparse data at end", lambda: os.lseek(s, MIB + 4096, os.SEEK_DATA))
show("sparse hole past end", lambda: os.lseek(s, 3 * MIB, os.SEEK_HOLE))
os.pwrite(s, b"E" * 4096, 2 * MIB)
show("second data from hole", lambda: os.lseek(s, MIB + 8192, os.SEEK_DATA))
show("hole after first data", lambda: os.lseek(s, MIB, os.SEEK_HOLE))
show("hole after second data", lambda: os.lseek(s, 2 * MIB, os.SEEK_HOLE))
show("leading hole reads", lambda: os.pread(s, 4, 4096).hex())
show("sparse content", lambda: content(s))
os.close(s)

# fallocate modes on 256 KiB of ones
f = os.open("modes", os.O_RDWR | os.O_CREAT, 0o644)
os.write(f, b"\1" * (256 * 1024))
show("punch hole", lambda: fallocate(f, PUNCH_HOLE | KEEP_SIZE, 8192, 8192))
show("punched reads", lambda: os.pread(f, 4, 8192).hex() + " " + os.pread(f, 4, 16380).hex())
show("hole found", lambda: os.lseek(f, 0, os.SEEK_HOLE))
show("data after hole", lambda: os.lseek(f, 8192, os.SEEK_DATA))
show("punch without keep size", lambda: fallocate(f, PUNCH_HOLE, 0, 4096))
show("punch unaligned", lambda: fallocate(f, PUNCH_HOLE | KEEP_SIZE, 100, 200))
show("unaligned reads", lambda: unaligned(os.pread(f, 302, 99)))
show("zero range", lambda: fallocate(f, ZERO_RANGE, 32768, 4096))
show("zero range keep size past eof", lambda: fallocate(f, ZERO_RANGE | KEEP_SIZE, 256 * 1024, 8192))
show("size after keep size", lambda: os.fstat(f).st_size)
show("zero range extends", lambda: fallocate(f, ZERO_RANGE, 256 * 1024, 4096))
show("keep size past eof", lambda: fallocate(f, KEEP_SIZE, 512 * 1024, 4096))
show("allocate extends", lambda: fallocate(f, 0, 300 * 1024, 100))
show("size after allocate", lambda: os.fstat(f).st_size)
show("allocated reads", lambda: os.pread(f, 4, 300 * 1024).hex())
show("unshare range", lambda: fallocate(f, UNSHARE_RANGE, 0, 4096))
show("no hide stale", lambda: fallocate(f, NO_HIDE_STALE | PUNCH_HOLE | KEEP_SIZE, 0, 4096))
show("unknown mode", lambda: fallocate(f, 0x1000, 0, 4096))
show("zero length", lambda: fallocate(f, 0, 0, 0))
show("negative offset", lambda: fallocate(f, 0, -1, 10))
show("modes content", lambda: content(f))
os.close(f)

# a read-only descriptor cannot fallocate; seeking from a negative offset
r = os.open("modes", os.O_RDONLY)
show("read-only fallocate", lambda: fallocate(r, 0, 0, 4096))
show("seek data negative", lambda: os.lseek(r, -1, os.SEEK_DATA))
os.close(r)
