#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sockets that SCTP makes from other sockets: accept() and peeloff.

server [--port P] --resume-file F
    A one-to-one socket listens on P and a one-to-many socket on P+1.
    The first association of each is echoed once: on the socket accept()
    returned, and on the socket peeled off the one-to-many one.  Then
    prints the SCTP_STATUS of both ("status ..." lines: accept first),
    "children ready", waits for F, and echoes one more message on each
    ("children ok").
client ADDR [--port P] [--msg N] --resume-file F
    Connects to both, sends one N-byte message on each and checks the
    echo ("first ok"); waits for F; the same again ("second ok").
F is not removed: a test may make it once for both sides.
"""
import argparse
import ctypes
import os
import socket
import struct
import sys
import time

from sctpt import IPPROTO_SCTP, _libc, dispatch, getsockopt_in, print_status

SCTP_GET_ASSOC_ID_LIST = 29
SCTP_SOCKOPT_PEELOFF = 102


def wait_file(path, timeout):
    end = time.time() + timeout
    while not os.path.exists(path):
        if time.time() > end:
            raise TimeoutError("no %s after %d s" % (path, timeout))
        time.sleep(0.1)


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        part = s.recv(n - len(buf))
        if not part:
            raise ConnectionError("closed after %d of %d bytes" % (len(buf), n))
        buf += part
    return buf


def echo(s, n):
    s.sendall(recv_exact(s, n))


def assoc_ids(s):
    ids = getsockopt_in(s, SCTP_GET_ASSOC_ID_LIST, b"\0" * (4 + 4 * 16))
    count = struct.unpack_from("=I", ids, 0)[0]
    return list(struct.unpack_from("=%di" % count, ids, 4))


def peeloff(s):
    ids = assoc_ids(s)
    if len(ids) != 1:
        raise RuntimeError("%d associations on the one-to-many socket" % len(ids))
    # Its getsockopt() returns the new descriptor (as libsctp's
    # sctp_peeloff() expects), not 0.
    arg = ctypes.create_string_buffer(struct.pack("=ii", ids[0], -1), 8)
    n = ctypes.c_uint(8)
    sd = _libc.getsockopt(s.fileno(), IPPROTO_SCTP, SCTP_SOCKOPT_PEELOFF, arg,
                          ctypes.byref(n))
    if sd < 0:
        e = ctypes.get_errno()
        raise OSError(e, "peeloff: %s" % os.strerror(e))
    return socket.socket(fileno=sd)


def server(args):
    one = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_SCTP)
    many = socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET, IPPROTO_SCTP)
    for s, port in ((one, args.port), (many, args.port + 1)):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(4)
    print("listening", flush=True)
    acc, _ = one.accept()
    echo(acc, args.msg)
    # The first message stays queued for the peeled-off socket.
    while not assoc_ids(many):
        time.sleep(0.05)
    peeled = peeloff(many)
    echo(peeled, args.msg)
    for c in (acc, peeled):
        print_status(c)
    print("children ready", flush=True)
    wait_file(args.resume_file, args.timeout)
    echo(acc, args.msg)
    echo(peeled, args.msg)
    print("children ok", flush=True)
    return 0


def client(args):
    one = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_SCTP)
    many = socket.socket(socket.AF_INET, socket.SOCK_SEQPACKET, IPPROTO_SCTP)
    one.connect((args.addr, args.port))
    many.connect((args.addr, args.port + 1))
    for name in ("first", "second"):
        if name == "second":
            wait_file(args.resume_file, args.timeout)
        for s in (one, many):
            msg = os.urandom(args.msg)
            if s is one:
                s.sendall(msg)
            else:       # one-to-many: a message needs its address
                s.sendto(msg, (args.addr, args.port + 1))
            if recv_exact(s, len(msg)) != msg:
                raise RuntimeError("echo differs")
        print("%s ok" % name, flush=True)
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("addr", nargs="?")
    p.add_argument("--port", type=int, default=5001)
    p.add_argument("--msg", type=int, default=20000)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--resume-file", required=True)
    return dispatch(p, server, client)


if __name__ == "__main__":
    sys.exit(main())
