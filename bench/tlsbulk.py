#!/usr/bin/env python3
"""Bulk data over TLS through a TLS-terminating proxy, for bench/tls-bulk.sh.

  tlsbulk.py sink PORT
      a plain TCP backend on 127.0.0.1:PORT: reads every connection to its end, comparing
      each byte with the pattern send writes, and prints one line per connection when it
      ends: "bytes seconds ok" (or "bytes seconds BAD@offset"; seconds from its first byte
      to its end)
  tlsbulk.py send --port P --seconds S
      connects to 127.0.0.1:P with TLS (no certificate check: the bench's own self-signed
      one), writes the pattern (4 MiB of pseudo-random bytes, repeated) 1 MiB at a time as
      fast as the proxy takes it for S seconds, sends close_notify and closes; prints
      "bytes protocol cipher"

The sink's figures are the receiver's goodput (as iperf3 reports sum_received). Comparing
with a known pattern instead of hashing both ends keeps the client and the sink cheap
(a memcmp per read), so that they take less of the CPUs the proxy shares with them.
"""
import argparse
import random
import socket
import ssl
import sys
import threading
import time


CHUNK = 1 << 20
PATTERN = random.Random(18).randbytes(4 * CHUNK)
DOUBLED = PATTERN + PATTERN  # any read of up to 4 MiB is one slice of this, from pos % 4 MiB


def sink(port):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    lock = threading.Lock()

    def serve(conn):
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        total = 0
        first = None
        bad = None
        with conn:
            while True:
                try:
                    n = conn.recv_into(buf)
                except OSError:
                    n = 0
                if n == 0:
                    break
                if first is None:
                    first = time.monotonic()
                at = total % len(PATTERN)
                if bad is None and view[:n].tobytes() != DOUBLED[at:at + n]:
                    bad = total + next(i for i in range(n) if buf[i] != DOUBLED[at + i])
                total += n
        seconds = time.monotonic() - first if first is not None else 0.0
        with lock:
            print(f"{total} {seconds:.6f} {'ok' if bad is None else f'BAD@{bad}'}", flush=True)

    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def send(port, seconds):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(("127.0.0.1", port), timeout=30)
    tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
    blocks = [memoryview(PATTERN)[i:i + CHUNK] for i in range(0, len(PATTERN), CHUNK)]
    total = 0
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        tls.sendall(blocks[i % len(blocks)])
        total += CHUNK
        i += 1
    cipher = tls.cipher()
    # close_notify, without waiting for the proxy's: a proxy without half-close ends the
    # session there, and the sink has already counted everything sent before it.
    tls.setblocking(False)
    try:
        tls.unwrap()
    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, ssl.SSLError, OSError):
        pass
    raw.close()
    print(f"{total} {cipher[1]} {cipher[0]}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sink")
    s.add_argument("port", type=int)
    c = sub.add_parser("send")
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--seconds", type=float, default=5.0)
    args = p.parse_args()
    if args.cmd == "sink":
        sink(args.port)
    else:
        send(args.port, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
