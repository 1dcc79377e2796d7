# A client for the fault tests: writes and reads back 4 KiB blocks of its own file with O_DIRECT (so that
# every call reaches the filesystem) until a deadline or an operation count, and prints one summary line:
#   ops=N errors=E first=ENAME|mismatch|-
# It prints "started" once its file is open. Arguments: FILE SECONDS MAX_OPS STOP_ON_ERROR(0|1) SEED
# STAT_EACH_OP(0|1).
import errno
import mmap
import os
import sys
import time

path = sys.argv[1]
seconds = float(sys.argv[2])
max_ops = int(sys.argv[3])
stop_on_error = sys.argv[4] == "1"
seed = int(sys.argv[5])
stat_each = sys.argv[6] == "1"

fd = os.open(path, os.O_RDWR | os.O_DIRECT)
wb = mmap.mmap(-1, 4096)
rb = mmap.mmap(-1, 4096)
print("started", flush=True)
ops = 0
errors = 0
first = "-"
deadline = time.monotonic() + seconds
while time.monotonic() < deadline and ops < max_ops:
    block = (ops * 7 + seed) % 16
    wb[:] = bytes([(seed * 31 + ops) & 255]) * 4096
    try:
        if stat_each:
            os.stat(path)
        os.pwrite(fd, wb, block * 4096)
        os.preadv(fd, [rb], block * 4096)
        if rb[:] != wb[:]:
            errors += 1
            first = "mismatch" if first == "-" else first
        ops += 1
    except OSError as e:
        errors += 1
        if first == "-":
            first = errno.errorcode.get(e.errno, str(e.errno))
        if stop_on_error:
            break
print("ops=%d errors=%d first=%s" % (ops, errors, first), flush=True)
try:
    os.close(fd)
except OSError:
    pass
