#!/usr/bin/env python3
"""Load and backend for bench/wine-scaling.sh (standard library only, 127.0.0.1 only).

  scaletool.py echo --port PORT --max-seconds S
      An echo server on 127.0.0.1:PORT (one thread, non-blocking, any number of clients).
      Ends by itself after S seconds.

  scaletool.py hold --port PORT -n N --idle S --timeout S [--pid PID]
      Opens N connections to 127.0.0.1:PORT (a proxy in front of the echo server), keeps them
      idle for --idle seconds once all are open, then sends 8 bytes on every one and reads
      them back. Prints one JSON line: how many connected, how many echoed, how many were
      closed or reset, and the times. Exit status 0 only when all N echoed. Bounded by
      --timeout seconds for the whole step. With --pid, also the VmRSS of that process (the
      proxy) while all connections are held.

  scaletool.py rate --port PORT -n N -c C --timeout S
      N short connections, C at a time: connect, send 16 bytes, read them back, close.
      Prints one JSON line with the count done, failures, connections per second and the
      latency from connect to the whole echo (p50, p90, p99).

  scaletool.py bulk --port PORT --bytes B --timeout S
      One connection: sends B bytes while reading the echo; prints MB/s of echo received.
"""

import argparse
import errno
import json
import resource
import selectors
import socket
import sys
import time

HOST = "127.0.0.1"


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def cmd_echo(args):
    raise_nofile()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, args.port))
    listener.listen(4096)
    listener.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    pending = {}  # socket -> bytes not yet written back
    end = time.monotonic() + args.max_seconds
    while time.monotonic() < end:
        for key, events in sel.select(timeout=1.0):
            s = key.fileobj
            if s is listener:
                for _ in range(256):
                    try:
                        c, _ = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError:  # out of descriptors: try again on the next wake-up
                        break
                    c.setblocking(False)
                    sel.register(c, selectors.EVENT_READ, None)
                continue
            if events & selectors.EVENT_READ:
                try:
                    data = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(s)
                    pending.pop(s, None)
                    s.close()
                    continue
                buf = pending.get(s, b"") + data
                try:
                    sent = s.send(buf)
                except (BlockingIOError, InterruptedError):
                    sent = 0
                except OSError:
                    sel.unregister(s)
                    pending.pop(s, None)
                    s.close()
                    continue
                rest = buf[sent:]
                if rest:
                    pending[s] = rest
                    sel.modify(s, selectors.EVENT_WRITE, None)  # stop reading until it drains
                else:
                    pending.pop(s, None)
            elif events & selectors.EVENT_WRITE:
                buf = pending.get(s, b"")
                try:
                    sent = s.send(buf)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    sel.unregister(s)
                    pending.pop(s, None)
                    s.close()
                    continue
                if buf[sent:]:
                    pending[s] = buf[sent:]
                else:
                    pending.pop(s, None)
                    sel.modify(s, selectors.EVENT_READ, None)
    return 0


def read_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cmd_hold(args):
    raise_nofile()
    start = time.monotonic()
    deadline = start + args.timeout
    sel = selectors.DefaultSelector()
    socks = []
    connect_errors = 0
    # Open in batches of 200 so the proxy's backlog is not what is measured.
    connecting = set()
    i = 0
    while (i < args.n or connecting) and time.monotonic() < deadline:
        while i < args.n and len(connecting) < 200:
            s = socket.socket()
            s.setblocking(False)
            err = s.connect_ex((HOST, args.port))
            i += 1
            if err not in (0, errno.EINPROGRESS):
                connect_errors += 1
                s.close()
                continue
            connecting.add(s)
            sel.register(s, selectors.EVENT_WRITE, None)
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            sel.unregister(s)
            connecting.discard(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                socks.append(s)
            else:
                connect_errors += 1
                s.close()
    connected = len(socks)
    opened_s = time.monotonic() - start
    # Idle: nothing is sent; the proxy must keep every connection (a reset shows up below).
    idle_end = min(deadline, time.monotonic() + args.idle)
    while time.monotonic() < idle_end:
        time.sleep(min(0.2, max(0.0, idle_end - time.monotonic())))
    rss_kib = read_rss_kib(args.pid) if args.pid else None
    # Echo through every one, 8 bytes each, then read them back.
    payload = b"portier!"
    got = {}
    closed = 0
    for s in socks:
        try:
            s.send(payload)
            sel.register(s, selectors.EVENT_READ, None)
            got[s] = b""
        except OSError:
            closed += 1
    echo_start = time.monotonic()
    echoed = 0
    while got and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(64)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                closed += 1
                sel.unregister(s)
                del got[s]
                continue
            got[s] += data
            if len(got[s]) >= len(payload):
                if got[s] == payload:
                    echoed += 1
                sel.unregister(s)
                del got[s]
    echo_s = time.monotonic() - echo_start
    for s in socks:
        s.close()
    result = {"n": args.n, "connected": connected, "connect_errors": connect_errors,
              "echoed": echoed, "closed_or_reset": closed, "unanswered": len(got),
              "open_seconds": round(opened_s, 2), "echo_seconds": round(echo_s, 2),
              "proxy_rss_kib": rss_kib}
    print(json.dumps(result), flush=True)
    return 0 if echoed == args.n else 1


def cmd_rate(args):
    raise_nofile()
    sel = selectors.DefaultSelector()
    payload = b"0123456789abcdef"
    started = done = failed = 0
    state = {}  # socket -> bytes received so far, or None while connecting
    began = {}  # socket -> when its connect was started
    latencies = []  # seconds from connect to the whole echo, per connection done
    t0 = time.monotonic()
    deadline = t0 + args.timeout

    def start_one():
        nonlocal started, failed
        started += 1
        s = socket.socket()
        s.setblocking(False)
        err = s.connect_ex((HOST, args.port))
        if err not in (0, errno.EINPROGRESS):
            failed += 1
            s.close()
            return
        state[s] = None
        began[s] = time.monotonic()
        sel.register(s, selectors.EVENT_WRITE, None)

    def finish(s, ok):
        nonlocal done, failed
        sel.unregister(s)
        del state[s]
        started_at = began.pop(s)
        s.close()
        if ok:
            latencies.append(time.monotonic() - started_at)
            done += 1
        else:
            failed += 1

    while (started < args.n or state) and time.monotonic() < deadline:
        while started < args.n and len(state) < args.c:
            start_one()
        for key, events in sel.select(timeout=0.5):
            s = key.fileobj
            if state[s] is None:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    finish(s, False)
                    continue
                try:
                    s.send(payload)
                except OSError:
                    finish(s, False)
                    continue
                state[s] = b""
                sel.modify(s, selectors.EVENT_READ, None)
                continue
            try:
                data = s.recv(64)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                finish(s, False)
                continue
            state[s] += data
            if len(state[s]) >= len(payload):
                finish(s, state[s] == payload)
    elapsed = time.monotonic() - t0
    for s in list(state):
        s.close()
    result = {"n": args.n, "concurrency": args.c, "done": done, "failed": failed,
              "unfinished": len(state), "seconds": round(elapsed, 2),
              "per_second": round(done / elapsed) if elapsed > 0 else 0,
              "latency_ms_p50": percentile_ms(latencies, 50), "latency_ms_p90": percentile_ms(latencies, 90),
              "latency_ms_p99": percentile_ms(latencies, 99)}
    print(json.dumps(result), flush=True)
    return 0 if done == args.n else 1


def percentile_ms(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 2)


def cmd_bulk(args):
    s = socket.create_connection((HOST, args.port), timeout=args.timeout)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE, None)
    chunk = bytes(range(256)) * 256  # 64 KiB
    sent = received = 0
    t0 = time.monotonic()
    deadline = t0 + args.timeout
    while received < args.bytes and time.monotonic() < deadline:
        for _, events in sel.select(timeout=0.5):
            if events & selectors.EVENT_WRITE and sent < args.bytes:
                try:
                    sent += s.send(chunk[:min(len(chunk), args.bytes - sent)])
                except (BlockingIOError, InterruptedError):
                    pass
                if sent >= args.bytes:
                    sel.modify(s, selectors.EVENT_READ, None)
            if events & selectors.EVENT_READ:
                try:
                    data = s.recv(262144)
                except (BlockingIOError, InterruptedError):
                    continue
                if not data:
                    break
                received += len(data)
    elapsed = time.monotonic() - t0
    s.close()
    result = {"bytes": args.bytes, "received": received, "seconds": round(elapsed, 2),
              "mb_per_second": round(received / elapsed / 1e6, 1) if elapsed > 0 else 0}
    print(json.dumps(result), flush=True)
    return 0 if received == args.bytes else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("echo")
    e.add_argument("--port", type=int, required=True)
    e.add_argument("--max-seconds", type=float, default=1800)
    h = sub.add_parser("hold")
    h.add_argument("--port", type=int, required=True)
    h.add_argument("-n", type=int, required=True)
    h.add_argument("--idle", type=float, default=2)
    h.add_argument("--timeout", type=float, default=120)
    h.add_argument("--pid", type=int, help="the proxy's process: its VmRSS is read while all N are held")
    r = sub.add_parser("rate")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("-n", type=int, required=True)
    r.add_argument("-c", type=int, default=20)
    r.add_argument("--timeout", type=float, default=120)
    b = sub.add_parser("bulk")
    b.add_argument("--port", type=int, required=True)
    b.add_argument("--bytes", type=int, required=True)
    b.add_argument("--timeout", type=float, default=120)
    args = p.parse_args()
    return {"echo": cmd_echo, "hold": cmd_hold, "rate": cmd_rate, "bulk": cmd_bulk}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
