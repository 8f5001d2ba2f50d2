#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Minimal kernel-SCTP echo server and client for the VM tests.

  sctp_echo.py server ADDR PORT [--count N]
      one-to-one (SOCK_STREAM) SCTP socket; prints "listening ADDR PORT"
      once bound, then echoes every message of N associations (default 1)
      until each peer closes.
  sctp_echo.py client ADDR PORT [--count N] [--size S] [--timeout T]
      connects (retrying while the server is not up yet: ECONNREFUSED, or
      a timeout across guests), sends N messages of S bytes, checks that
      each comes back unchanged, prints "ok N messages S bytes".
Exit status 0 on success, 1 on any failure.
"""
import argparse
import errno
import os
import socket
import sys
import time

IPPROTO_SCTP = 132


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("peer closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def server(args):
    s = socket.socket(family_of(args.addr), socket.SOCK_STREAM, IPPROTO_SCTP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.addr, args.port))
    s.listen(4)
    print("listening %s %d" % (args.addr, args.port), flush=True)
    for _ in range(args.count):
        c, peer = s.accept()
        print("accepted %s" % (peer,), flush=True)
        n = 0
        while True:
            data = c.recv(1 << 16)
            if not data:
                break
            c.sendall(data)
            n += 1
        c.close()
        print("closed after %d messages" % n, flush=True)
    return 0


def client(args):
    deadline = time.monotonic() + args.timeout
    while True:
        c = socket.socket(family_of(args.addr), socket.SOCK_STREAM, IPPROTO_SCTP)
        c.settimeout(max(1.0, min(5.0, deadline - time.monotonic())))
        try:
            c.connect((args.addr, args.port))
            break
        except (ConnectionRefusedError, socket.timeout, OSError) as e:
            c.close()
            retry = isinstance(e, (ConnectionRefusedError, socket.timeout)) or \
                e.errno in (errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EHOSTUNREACH,
                            errno.ENETUNREACH, errno.ECONNRESET)
            if not retry or time.monotonic() >= deadline:
                print("connect %s %d: %s" % (args.addr, args.port, e), file=sys.stderr)
                return 1
            time.sleep(0.2)
    c.settimeout(args.timeout)
    for i in range(args.count):
        msg = (b"%08d" % i) + os.urandom(max(0, args.size - 8))
        msg = msg[:args.size]
        c.sendall(msg)
        back = recv_exact(c, len(msg))
        if back != msg:
            print("message %d came back altered" % i, file=sys.stderr)
            return 1
    c.close()
    print("ok %d messages %d bytes" % (args.count, args.size), flush=True)
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("--count", type=int, default=None)
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--timeout", type=float, default=30.0)
    args = p.parse_args()
    if args.count is None:
        args.count = 1 if args.mode == "server" else 3
    try:
        return server(args) if args.mode == "server" else client(args)
    except Exception as e:  # report, not a traceback, in the test log
        print("%s: %s: %s" % (args.mode, type(e).__name__, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
