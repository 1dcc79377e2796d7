# Polls a file for POLLIN and reports what poll() returned.
# usage: poll_client.py FILE TIMEOUT_MS
# prints "polling" once the file is open and registered, then "events <revents> <seconds>" (revents 0 on timeout).
import os
import select
import sys
import time

fd = os.open(sys.argv[1], os.O_RDONLY)
poller = select.poll()
poller.register(fd, select.POLLIN)
print("polling", flush=True)
start = time.monotonic()
ready = poller.poll(int(sys.argv[2]))
revents = ready[0][1] if ready else 0
print("events %d %.3f" % (revents, time.monotonic() - start), flush=True)
os.close(fd)
