#!/usr/bin/env python3
"""Helpers for bench/run.sh (standard library only).

  benchtool.py idle --proxy PORT --backend PORT -n N --ready FILE --done FILE
      Listens on 127.0.0.1:BACKEND, opens N connections to 127.0.0.1:PROXY (a proxy
      listener that forwards to BACKEND), waits until the backend has accepted all N,
      passes one byte each way on every connection (so each one is proven end to end and
      is "idle after use", not just "never used"), writes "ok N" to FILE given by --ready,
      then holds everything open until the file given by --done appears (or --max-hold
      seconds pass). On release it checks that no connection was closed or reset by the
      proxy while held, closes them all, and prints one JSON line with the counts.
      Exit status 0 only when every connection made it through and survived the hold.

  benchtool.py bytecheck --proxy PORT --backend PORT --size BYTES [--half-close]
      Listens on 127.0.0.1:BACKEND as an echo server, sends BYTES of pseudo-random data
      through the proxy while reading the echo, and checks (sha256 and counts) that the
      backend received exactly those bytes and the client got exactly them back, then the
      backend's close. With --half-close the client ends with shutdown(SHUT_WR) instead and
      the FIN must reach the backend while the echo still flows back (nginx closes the
      session on the first FIN unless proxy_half_close is on, so run.sh skips it there).
      Prints one JSON line; exit status 0 when byte-exact.

  benchtool.py tlsserver --port PORT --cert FILE --key FILE --max-version 1.2|1.3 --done FILE
      A small TLS server (TLS 1.2 up to --max-version, tickets and cache on) that answers
      every request with a 2-byte 200 and closes, to check that wrk resumes: it counts the
      handshakes and those that resumed a session, until the file given by --done appears
      (or --max-seconds pass). Prints one JSON line, then one summary line. Exit status 0
      when every handshake used --max-version, there were at least 20, and all but the
      first on each of --connections client connections (and 1% slack) resumed.

  benchtool.py httpsize PORT [--close] -> bytes in one whole HTTP response from PORT
  benchtool.py iperf FILE STREAMS [--udp] -> "gbit_per_s sent_bytes received_bytes [loss% datagrams]" or fails
  benchtool.py report RESULTS.tsv [--markdown]
      Medians over rounds and Portier's ratio to the better of nginx/HAProxy (to nginx in
      the TLS handshake rows, as their label says).
"""

import argparse
import hashlib
import json
import os
import random
import resource
import selectors
import socket
import statistics
import sys
import threading
import time

HOST = "127.0.0.1"


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def fail(message):
    print(json.dumps({"ok": False, "error": message}), flush=True)
    sys.exit(1)


# --------------------------------------------------------------------------- idle holder

def cmd_idle(args):
    limit = raise_nofile()
    n = args.n
    if 2 * n + 16 > limit:
        fail(f"{n} connections need {2 * n + 16} descriptors here, the limit is {limit}")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, args.backend))
    listener.listen(4096)
    listener.setblocking(False)

    clients = []
    accepted = []
    started = time.monotonic()

    def accept_until(target, timeout):
        deadline = time.monotonic() + timeout
        sel = selectors.DefaultSelector()
        sel.register(listener, selectors.EVENT_READ)
        try:
            while len(accepted) < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                if not sel.select(min(left, 0.2)):
                    continue
                while True:
                    try:
                        conn, _ = listener.accept()
                    except BlockingIOError:
                        break
                    accepted.append(conn)
            return True
        finally:
            sel.close()

    # Connect in batches no larger than the proxies' listen backlogs (511), and let the
    # backend catch up before the next batch, so no SYN is ever dropped and retried.
    batch = args.batch
    while len(clients) < n:
        for _ in range(min(batch, n - len(clients))):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            err = s.connect_ex((HOST, args.proxy))
            if err not in (0, 115):  # EINPROGRESS
                fail(f"connect #{len(clients) + 1} to the proxy failed: {os.strerror(err)}")
            clients.append(s)
        if not accept_until(len(clients), args.timeout):
            fail(f"the backend accepted only {len(accepted)} of {len(clients)} proxied connections within {args.timeout}s")
    connect_seconds = time.monotonic() - started

    # Every client connect must have completed without error.
    sel = selectors.DefaultSelector()
    for s in clients:
        sel.register(s, selectors.EVENT_WRITE)
    pending = len(clients)
    deadline = time.monotonic() + args.timeout
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(0.5):
            s = key.fileobj
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                fail(f"a client connect failed: {os.strerror(err)}")
            sel.unregister(s)
            pending -= 1
    sel.close()
    if pending:
        fail(f"{pending} client connects did not complete")

    # One byte each way on every connection.
    for s in clients:
        s.setblocking(True)
        s.settimeout(args.timeout)
        s.sendall(b"p")
    for c in accepted:
        c.setblocking(True)
        c.settimeout(args.timeout)
        if c.recv(1) != b"p":
            fail("a backend connection did not receive its byte")
        c.sendall(b"q")
    for s in clients:
        if s.recv(1) != b"q":
            fail("a client connection did not receive the backend's byte")
    ready_seconds = time.monotonic() - started

    with open(args.ready + ".tmp", "w") as f:
        f.write(f"ok {len(clients)}\n")
    os.replace(args.ready + ".tmp", args.ready)

    hold_start = time.monotonic()
    while not os.path.exists(args.done) and time.monotonic() - hold_start < args.max_hold:
        time.sleep(0.05)
    held = time.monotonic() - hold_start

    # Nothing may have arrived (data, FIN or RST) on either side while idle.
    dropped = 0
    sel = selectors.DefaultSelector()
    for s in clients + accepted:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    for key, _ in sel.select(0):
        dropped += 1
    sel.close()

    for s in clients:
        s.close()
    for c in accepted:
        c.close()
    listener.close()
    result = {
        "ok": dropped == 0,
        "connections": len(clients),
        "accepted": len(accepted),
        "dropped_while_idle": dropped,
        "connect_seconds": round(connect_seconds, 3),
        "ready_seconds": round(ready_seconds, 3),
        "held_seconds": round(held, 3),
    }
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


# --------------------------------------------------------------------------- byte check

def cmd_bytecheck(args):
    size = args.size
    rng = random.Random(args.seed)
    chunk = rng.randbytes(1 << 20)

    def blocks():
        # Rotate the block each time so an offset error cannot hide behind a repeating pattern.
        left = size
        i = 0
        while left > 0:
            r = (i * 7919) % len(chunk)
            piece = (chunk[r:] + chunk[:r])[:left]
            yield piece
            left -= len(piece)
            i += 1

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, args.backend))
    listener.listen(16)
    listener.settimeout(args.timeout)

    backend = {"received": 0, "sha": None, "eof": False, "error": None}

    def serve():
        # Echo everything. Without --half-close the backend stops after exactly `size` bytes
        # and closes; with it, it echoes until the client's FIN arrives, then sends its own.
        try:
            conn, _ = listener.accept()
            conn.settimeout(args.timeout)
            h = hashlib.sha256()
            while args.half_close or backend["received"] < size:
                want = 1 << 18 if args.half_close else min(1 << 18, size - backend["received"])
                data = conn.recv(want)
                if not data:
                    backend["eof"] = True
                    break
                h.update(data)
                backend["received"] += len(data)
                conn.sendall(data)
            backend["sha"] = h.hexdigest()
            if args.half_close:
                conn.shutdown(socket.SHUT_WR)
            conn.close()
        except Exception as e:  # reported below
            backend["error"] = repr(e)

    server = threading.Thread(target=serve, daemon=True)
    server.start()

    client = socket.create_connection((HOST, args.proxy), timeout=args.timeout)
    sent_hash = hashlib.sha256()
    echo = {"received": 0, "sha": None, "eof": False, "error": None}

    def read_echo():
        try:
            h = hashlib.sha256()
            while True:
                data = client.recv(1 << 18)
                if not data:
                    echo["eof"] = True
                    break
                h.update(data)
                echo["received"] += len(data)
            echo["sha"] = h.hexdigest()
        except Exception as e:
            echo["error"] = repr(e)

    reader = threading.Thread(target=read_echo, daemon=True)
    reader.start()
    started = time.monotonic()
    for piece in blocks():
        sent_hash.update(piece)
        client.sendall(piece)
    if args.half_close:
        client.shutdown(socket.SHUT_WR)
    reader.join(args.timeout)
    server.join(args.timeout)
    seconds = time.monotonic() - started
    client.close()
    listener.close()

    want = sent_hash.hexdigest()
    ok = (backend["received"] == size and backend["sha"] == want
          and echo["received"] == size and echo["sha"] == want and echo["eof"])
    result = {
        "ok": ok and (backend["eof"] or not args.half_close),
        "mode": "half-close" if args.half_close else "plain",
        "bytes": size,
        "backend_received": backend["received"],
        "backend_sha_match": backend["sha"] == want,
        "echo_received": echo["received"],
        "echo_sha_match": echo["sha"] == want,
        "eof_to_client": echo["eof"],
        "seconds": round(seconds, 3),
    }
    if args.half_close:
        result["half_close_to_backend"] = backend["eof"]
    if backend["error"] or echo["error"]:
        result["error"] = backend["error"] or echo["error"]
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


# --------------------------------------------------------------------------- TLS server

def cmd_tlsserver(args):
    import ssl

    versions = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = versions[args.max_version]
    want = "TLSv" + args.max_version

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, args.port))
    listener.listen(128)
    listener.settimeout(0.1)

    stats = {"handshakes": 0, "reused": 0, "versions": {}, "failed": 0}
    lock = threading.Lock()
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"

    def serve(conn):
        try:
            conn.settimeout(5)
            tls = ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            # wrk stopping mid-handshake, at the end of its run
            with lock:
                stats["failed"] += 1
            conn.close()
            return
        try:
            with lock:
                stats["handshakes"] += 1
                stats["reused"] += int(tls.session_reused)
                v = tls.version()
                stats["versions"][v] = stats["versions"].get(v, 0) + 1
            data = read_head(tls)
            if data:
                tls.sendall(response)
        except (OSError, ssl.SSLError):
            pass
        finally:
            tls.close()

    started = time.monotonic()
    while not os.path.exists(args.done) and time.monotonic() - started < args.max_seconds:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    listener.close()
    time.sleep(0.2)  # let the last handshakes be counted
    with lock:
        n, reused = stats["handshakes"], stats["reused"]
        new = n - reused
        ok = (n >= 20 and set(stats["versions"]) == {want}
              and new <= args.connections + max(1, n // 100))
        stats["ok"] = ok
        stats["expected_version"] = want
        print(json.dumps(stats), flush=True)
        print(f"{reused:,} of {n:,} handshakes ({', '.join(f'{k} {v:,}' for k, v in sorted(stats['versions'].items()))})")
    return 0 if ok else 1


# --------------------------------------------------------------------------- parsers

def read_head(sock):
    """Reads until the end of an HTTP head (or EOF); returns everything read so far."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def cmd_httpsize(args):
    """Length in bytes of one whole HTTP response (headers + body) from the backend."""
    s = socket.create_connection((HOST, args.port), timeout=5)
    request = f"GET / HTTP/1.1\r\nHost: {HOST}:{args.port}\r\n"
    if args.close:
        request += "Connection: close\r\n"
    s.sendall((request + "\r\n").encode())
    data = read_head(s)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            break
        body += chunk
    s.close()
    if not head.startswith(b"HTTP/1.1 200") or len(body) != length:
        print(f"unexpected response: {data[:200]!r}", file=sys.stderr)
        return 1
    print(len(head) + 4 + length)
    return 0


def cmd_iperf(args):
    with open(args.file) as f:
        data = json.load(f)
    if "error" in data:
        print(data["error"], file=sys.stderr)
        return 1
    end = data["end"]
    sent = end["sum_sent"]["bytes"]
    received = end["sum_received"]["bytes"]
    streams = len(end.get("streams", []))
    if streams != args.streams:
        print(f"expected {args.streams} streams, got {streams}", file=sys.stderr)
        return 1
    # Goodput as the receiver saw it, over the receiver's own interval.
    gbit = end["sum_received"]["bits_per_second"] / 1e9
    if args.udp:
        lost = end["sum_received"].get("lost_percent", 0)
        packets = end.get("sum", {}).get("packets", 0)
        print(f"{gbit:.3f} {sent} {received} {lost:.2f} {packets}")
    else:
        print(f"{gbit:.3f} {sent} {received}")
    return 0


# --------------------------------------------------------------------------- report

PROXIES = ["nginx", "haproxy", "portier1", "portier2"]
LABELS = {"direct": "direct", "nginx": "nginx", "haproxy": "HAProxy", "portier1": "portierd-1", "portier2": "portierd-2"}

# metric -> (label, higher_is_better, format[, reference]). A target without a figure shows
# its note (e.g. "n/a (no UDP in HAProxy 2.6)") or "-". The ratio columns divide by the better
# of nginx and HAProxy, or by nginx alone where reference is "nginx": the TLS handshake rows,
# whose target is a share of nginx's figure (their labels say so, also in --markdown); no
# ratio where it is None (how busy the proxy was: context for the row above, not a score).
VS_NGINX = "; ratios vs nginx"
METRICS = [
    ("ka_rps", "keepalive req/s (wrk -t1 -c50)", True, "{:,.0f}"),
    ("ka_p50", "keepalive p50 latency, ms", False, "{:.3f}"),
    ("ka_p99", "keepalive p99 latency, ms", False, "{:.3f}"),
    ("ka_cpu", "proxy CPU per request, us", False, "{:.2f}"),
    ("cc_rps", "new connections/s (Connection: close)", True, "{:,.0f}"),
    ("cc_p99", "new-connection p99 latency, ms", False, "{:.3f}"),
    ("cc_cpu", "proxy CPU per connection, us", False, "{:.1f}"),
    ("bulk1", "bulk 1 stream, Gbit/s (iperf3)", True, "{:.2f}"),
    ("bulk1_cpu", "proxy CPU-s per GB, 1 stream", False, "{:.3f}"),
    ("bulk4", "bulk 4 streams, Gbit/s (iperf3 -P4)", True, "{:.2f}"),
    ("bulk4_cpu", "proxy CPU-s per GB, 4 streams", False, "{:.3f}"),
    ("idle_base_rps", "keepalive req/s, 0 idle (paired run)", True, "{:,.0f}"),
    ("idle_rps", "keepalive req/s with {idle} idle", True, "{:,.0f}"),
    ("idle_rps_ratio", "busy-among-idle req/s ratio (idle/0)", True, "{:.3f}"),
    ("idle_base_p99", "keepalive p99 ms, 0 idle (paired run)", False, "{:.3f}"),
    ("idle_p99", "keepalive p99 ms with {idle} idle", False, "{:.3f}"),
    ("idle_p99_ratio", "busy-among-idle p99 ratio (idle/0)", False, "{:.3f}"),
    ("idle_kib", "RSS per idle connection, KiB", False, "{:.2f}"),
    # TLS termination, protocols pinned alike (TLSv1.2 TLSv1.3 offered; wrk picks 1.3).
    ("tls13_ka_rps", "TLS 1.3 keepalive req/s", True, "{:,.0f}"),
    ("tls13_ka_p99", "TLS 1.3 keepalive p99, ms", False, "{:.3f}"),
    ("tls13_ka_cpu", "TLS 1.3 keepalive: proxy CPU per request, us", False, "{:.2f}"),
    ("tls13_hs_rps", "TLS 1.3 handshakes/s, resumption on (resumed)" + VS_NGINX, True, "{:,.0f}", "nginx"),
    ("tls13_hs_cpu", "TLS 1.3 resumed: proxy CPU per handshake, us" + VS_NGINX, False, "{:.0f}", "nginx"),
    ("tls13_hs_cpuutil", "TLS 1.3 resumed: proxy busy, % of a CPU", False, "{:.0%}", None),
    ("tls13_full_rps", "TLS 1.3 full handshakes/s, resumption off" + VS_NGINX, True, "{:,.0f}", "nginx"),
    ("tls13_full_cpu", "TLS 1.3 full: proxy CPU per handshake, us" + VS_NGINX, False, "{:.0f}", "nginx"),
    ("tls13_full_cpuutil", "TLS 1.3 full: proxy busy, % of a CPU", False, "{:.0%}", None),
    ("tls12_hs_rps", "TLS 1.2 handshakes/s, resumption on (resumed)" + VS_NGINX, True, "{:,.0f}", "nginx"),
    ("tls12_hs_cpu", "TLS 1.2 resumed: proxy CPU per handshake, us" + VS_NGINX, False, "{:.0f}", "nginx"),
    ("tls12_hs_cpuutil", "TLS 1.2 resumed: proxy busy, % of a CPU", False, "{:.0%}", None),
    # results.tsv from before the protocols were pinned: nginx 1.22 did TLS 1.2 there (its
    # default), HAProxy and Portier TLS 1.3, so these compare different protocols.
    ("tls_ka_rps", "TLS keepalive req/s (old run, protocols not pinned)", True, "{:,.0f}"),
    ("tls_ka_p99", "TLS keepalive p99, ms (old run, protocols not pinned)", False, "{:.3f}"),
    ("tls_cc_rps", "TLS handshakes/s (old run, not pinned: nginx TLS 1.2, others 1.3)", True, "{:,.0f}"),
    ("udp", "UDP, Gbit/s delivered of 1 offered", True, "{:.2f}"),
    ("udp_loss", "UDP loss at 1 Gbit/s offered, %", False, "{:.2f}"),
    ("udp_loss_listener", "UDP: of it dropped at the proxy's listening socket, %", False, "{:.2f}"),
]


def cmd_report(args):
    values = {}  # (metric, target) -> [values]
    notes = {}
    with open(args.file) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or parts[0] == "round":
                continue
            _, metric, target, value = parts[:4]
            if metric == "note":
                notes[target] = value
                continue
            try:
                values.setdefault((metric, target), []).append(float(value))
            except ValueError:
                pass

    def med(metric, target):
        v = values.get((metric, target))
        return statistics.median(v) if v else None

    have_direct = any(t == "direct" for (_, t) in values)
    columns = (["direct"] if have_direct else []) + PROXIES
    head = ["workload"] + [LABELS[c] for c in columns] + ["P1/best", "P2/best"]
    rows = []
    for metric, label, higher, fmt, *ref in METRICS:
        label = label.format(idle=args.idle)
        refs = {(): ("nginx", "haproxy"), ("nginx",): ("nginx",), (None,): ()}[tuple(ref)]
        present = any((metric, c) in values for c in columns) or any(k.startswith(metric + "_") for k in notes)
        if not present:
            continue
        cells = [label]
        for c in columns:
            m = med(metric, c)
            if m is None:
                missing = "" if c == "direct" else "-"
                cells.append(notes.get(f"{metric}_{c}", missing))
            else:
                n = len(values[(metric, c)])
                cells.append(fmt.format(m) + (f" ({n})" if args.counts else ""))
        others = [x for x in (med(metric, r) for r in refs) if x is not None]
        best = (max(others) if higher else min(others)) if others else None
        for p in ("portier1", "portier2"):
            m = med(metric, p)
            cells.append("-" if m is None or not best else f"{m / best:.2f}")
        rows.append(cells)

    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]

        def line(r):
            return "  ".join(r[i].ljust(widths[i]) if i == 0 else r[i].rjust(widths[i]) for i in range(len(r)))
        print(line(head))
        print("  ".join("-" * w for w in widths))
        for r in rows:
            print(line(r))
    if not args.markdown:
        print()
        print("Medians over the rounds. P1/best, P2/best: portierd with 1 (2) worker threads divided by the better of")
        print("nginx and HAProxy in that row, from the same run; in the rows marked \"ratios vs nginx\" (the TLS")
        print("handshake rows) divided by nginx's figure alone. Rows where higher is better (req/s, Gbit/s, the")
        print("idle/0 req/s ratio): > 1 means Portier is ahead. Rows where lower is better (latency, CPU, memory,")
        print("the idle/0 p99 ratio): < 1 means Portier is ahead. TLS and UDP rows are medians over their own")
        print("rounds (--tls-rounds, --udp-rounds).")
        if "udp_window" in notes:
            print(f"UDP: iperf3 -u -b 1G -l 1400 -w {notes['udp_window']} through each proxy to iperf3 -s; \"dropped at the")
            print("proxy's listening socket\" is that socket's drop counter (/proc/net/udp) over the run.")
        if any(m.startswith("tls1") for (m, _) in values) or any(k.startswith("tls1") for k in notes):
            print("TLS: every proxy offers TLSv1.2 and TLSv1.3 (the TLS 1.2 row: TLSv1.2 only); handshakes/s are")
            print("wrk -c50 requests with Connection: close, one handshake each; resumed = wrk offering its previous")
            print("session; full = a listener with session cache and tickets off. CPU per handshake includes the")
            print("proxied request and its upstream connection. \"Proxy busy\" well under 100%: the client (wrk,")
            print("sharing the two CPUs) was the limit more than the proxy; compare CPU per handshake then.")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    q = sub.add_parser("idle")
    q.add_argument("--proxy", type=int, required=True)
    q.add_argument("--backend", type=int, required=True)
    q.add_argument("-n", type=int, default=9000)
    q.add_argument("--batch", type=int, default=256)
    q.add_argument("--ready", required=True)
    q.add_argument("--done", required=True)
    q.add_argument("--max-hold", type=float, default=120)
    q.add_argument("--timeout", type=float, default=20)
    q.set_defaults(func=cmd_idle)

    q = sub.add_parser("bytecheck")
    q.add_argument("--proxy", type=int, required=True)
    q.add_argument("--backend", type=int, required=True)
    q.add_argument("--size", type=int, default=64 << 20)
    q.add_argument("--seed", type=int, default=7)
    q.add_argument("--half-close", action="store_true")
    q.add_argument("--timeout", type=float, default=30)
    q.set_defaults(func=cmd_bytecheck)

    q = sub.add_parser("tlsserver")
    q.add_argument("--port", type=int, required=True)
    q.add_argument("--cert", required=True)
    q.add_argument("--key", required=True)
    q.add_argument("--max-version", choices=["1.2", "1.3"], default="1.3")
    q.add_argument("--connections", type=int, default=2, help="the client's connection count")
    q.add_argument("--done", required=True)
    q.add_argument("--max-seconds", type=float, default=60)
    q.set_defaults(func=cmd_tlsserver)

    q = sub.add_parser("httpsize")
    q.add_argument("port", type=int)
    q.add_argument("--close", action="store_true")
    q.set_defaults(func=cmd_httpsize)

    q = sub.add_parser("iperf")
    q.add_argument("file")
    q.add_argument("streams", type=int)
    q.add_argument("--udp", action="store_true")
    q.set_defaults(func=cmd_iperf)

    q = sub.add_parser("report")
    q.add_argument("file")
    q.add_argument("--markdown", action="store_true")
    q.add_argument("--idle", type=int, default=9000)
    q.add_argument("--counts", action="store_true", help="show how many rounds each median is over")
    q.set_defaults(func=cmd_report)

    args = p.parse_args()
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
