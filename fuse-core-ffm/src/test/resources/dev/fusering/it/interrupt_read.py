# Pins itself to one CPU (so that every request uses the same io_uring queue), opens BLOCK, prints "ready"
# and reads it with read(2) through ctypes, so that Python does not retry a read that failed with EINTR
# (PEP 475 retries os.read). SIGUSR1 is caught by a handler that only notes it, so the signal interrupts the
# read without killing the process. Prints "read errno ENAME" or "read returned N", then reads DATA three
# times ("data CONTENT") to show that the mount still serves requests from the same queue.
# Arguments: BLOCK DATA
import ctypes
import errno
import os
import signal
import sys

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
signal.signal(signal.SIGUSR1, lambda signum, frame: None)
libc = ctypes.CDLL(None, use_errno=True)
libc.read.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
libc.read.restype = ctypes.c_ssize_t
fd = os.open(sys.argv[1], os.O_RDONLY)
buf = ctypes.create_string_buffer(4096)
print("ready", flush=True)
n = libc.read(fd, buf, 4096)
if n < 0:
    e = ctypes.get_errno()
    print("read errno " + errno.errorcode.get(e, str(e)), flush=True)
else:
    print("read returned %d" % n, flush=True)
os.close(fd)
for _ in range(3):
    with open(sys.argv[2], "rb") as f:
        print("data " + f.read().decode(), flush=True)
