# An application that looks one path up with access(2), called through ctypes so that Python does not
# retry a call that failed with EINTR (PEP 475 retries os.* calls), and reports how the call ended:
# "returned" or "errno ENAME". SIGUSR1 is caught by a handler that only notes it, so the signal
# interrupts the call without killing the process. Prints "ready" before the call. Argument: PATH
import ctypes
import errno
import os
import signal
import sys

signal.signal(signal.SIGUSR1, lambda signum, frame: None)
libc = ctypes.CDLL(None, use_errno=True)
libc.access.argtypes = [ctypes.c_char_p, ctypes.c_int]
print("ready", flush=True)
if libc.access(os.fsencode(sys.argv[1]), os.F_OK) == 0:
    print("returned", flush=True)
else:
    e = ctypes.get_errno()
    print("errno " + errno.errorcode.get(e, str(e)), flush=True)
