#!/usr/bin/env python3
"""UDP request/reply load for counting a proxy's system calls per datagram (udp-syscalls.sh).

  udptool.py echo PORT                      an echo backend on 127.0.0.1:PORT (until killed)
  udptool.py load --port P [--clients 50] [--window 1] [--requests 100000] [--size 1400]
      every client keeps --window requests in flight (a reply lets it send the next) until
      --requests were sent. Prints "sent received lost seconds". Bounded: stops when no reply
      came for 2 s.
"""
import argparse
import select
import socket
import sys
import time


def cmd_echo(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("127.0.0.1", args.port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def cmd_load(args):
    clients = []
    for _ in range(args.clients):
        c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        c.bind(("127.0.0.1", 0))
        c.setblocking(False)
        clients.append(c)
    poller = select.epoll()
    for c in clients:
        poller.register(c.fileno(), select.EPOLLIN)
    by_fd = {c.fileno(): c for c in clients}
    payload = b"x" * args.size
    target = ("127.0.0.1", args.port)
    sent = received = 0

    def send(c):
        nonlocal sent
        if sent < args.requests:
            c.sendto(payload, target)
            sent += 1

    start = time.monotonic()
    for c in clients:
        for _ in range(args.window):
            send(c)
    # Closed loop: a reply lets its client send the next request, so at most
    # clients x window datagrams are in flight and no socket buffer on the way overflows.
    quiet_since = time.monotonic()
    while received < sent and time.monotonic() - quiet_since < 2.0:
        events = poller.poll(0.2)
        for fd, _ in events:
            while True:
                try:
                    by_fd[fd].recv(65535)
                except BlockingIOError:
                    break
                received += 1
                quiet_since = time.monotonic()
                send(by_fd[fd])
    seconds = time.monotonic() - start
    print(sent, received, sent - received, "%.2f" % seconds)
    return 0 if received else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("echo")
    q.add_argument("port", type=int)
    q.set_defaults(run=cmd_echo)
    q = sub.add_parser("load")
    q.add_argument("--port", type=int, required=True)
    q.add_argument("--clients", type=int, default=50)
    q.add_argument("--window", type=int, default=1)
    q.add_argument("--requests", type=int, default=100000)
    q.add_argument("--size", type=int, default=1400)
    q.set_defaults(run=cmd_load)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
