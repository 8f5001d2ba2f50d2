#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""sctpt: SCTP echo server and verifying client for the tests.

The client sends pseudo-random data and checks that exactly the same bytes
come back (SHA-256 of what was sent == SHA-256 of what was echoed), so
both directions of an association are verified end to end.

  sctpt.py server [-6] [--seqpacket] [--port P] [--once]
  sctpt.py client ADDR [-6] [--seqpacket] [--port P] [--bytes N]
                  [--msg M] [--bind ADDR] [--timeout S] [--pause-at N:S]
                  [--until FILE]

--pause-at N:S[,N:S...]: after N bytes, sleep S seconds (lets a test
change the network mid-transfer, e.g. flush a NAT mapping); prints
"pausing at SENT port LPORT" each time (LPORT: the client's own SCTP port,
which tells its association from ended ones in the module's port table).
--resume-file F: a pause also ends as soon as F exists (F is removed).
--sndbuf B: SO_SNDBUFFORCE (needed for messages above ~200 KB).
--status: at each pause, and once all data is back, before closing,
print the association's SCTP_STATUS ("status mtu M frag F state S primary ADDR") and one line per
peer address from SCTP_GET_PEER_ADDR_INFO ("paddr ADDR mtu M state S").
--until FILE: after --bytes, go on sending until FILE exists (a transfer
that lasts as long as a test needs); the total is printed all the same.

  sctpt.py hold ADDR [-6] [--port P] --count N --until FILE

opens N associations to ADDR (one-to-one sockets, so N local ports),
prints "held N", keeps them until FILE exists, closes them all and prints
"closed N".
"""
import argparse
import ctypes
import hashlib
import os
import select
import socket
import struct
import sys
import threading
import time

IPPROTO_SCTP = 132
SCTP_STATUS = 14
SCTP_GET_PEER_ADDR_INFO = 15
SCTP_GET_PEER_ADDRS = 108
_libc = ctypes.CDLL(None, use_errno=True)


def getsockopt_in(s, opt, buf):
    """getsockopt(SOL_SCTP) with an input buffer (Python's cannot)."""
    b = ctypes.create_string_buffer(bytes(buf), len(buf))
    n = ctypes.c_uint(len(buf))
    if _libc.getsockopt(s.fileno(), IPPROTO_SCTP, opt, b, ctypes.byref(n)):
        e = ctypes.get_errno()
        raise OSError(e, "getsockopt(%d): %s" % (opt, os.strerror(e)))
    return b.raw[:n.value]


def sockaddr_str(raw):
    fam = struct.unpack_from("=H", raw, 0)[0]
    if fam == socket.AF_INET:
        return socket.inet_ntop(socket.AF_INET, raw[4:8])
    if fam == socket.AF_INET6:
        return socket.inet_ntop(socket.AF_INET6, raw[8:24])
    return "family%d" % fam


def print_status(s):
    # struct sctp_status: 24 bytes, then sctp_paddrinfo (packed): assoc id,
    # sockaddr_storage (128), state, cwnd, srtt, rto, mtu.
    st = getsockopt_in(s, SCTP_STATUS, b"\0" * 176)
    state, frag = struct.unpack_from("=i", st, 4)[0], \
        struct.unpack_from("=I", st, 20)[0]
    pstate, mtu = struct.unpack_from("=i", st, 156)[0], \
        struct.unpack_from("=I", st, 172)[0]
    print("status mtu %d frag %d state %d primary %s pstate %d" %
          (mtu, frag, state, sockaddr_str(st[28:156]), pstate), flush=True)
    # struct sctp_getaddrs: assoc id, count, then packed sockaddrs.
    ga = getsockopt_in(s, SCTP_GET_PEER_ADDRS, b"\0" * (8 + 28 * 16))
    count = struct.unpack_from("=I", ga, 4)[0]
    off = 8
    for _ in range(count):
        fam = struct.unpack_from("=H", ga, off)[0]
        alen = 16 if fam == socket.AF_INET else 28
        addr = ga[off:off + alen]
        off += alen
        req = b"\0" * 4 + addr + b"\0" * (128 - alen) + b"\0" * 20
        pi = getsockopt_in(s, SCTP_GET_PEER_ADDR_INFO, req)
        pst, pmtu = struct.unpack_from("=i", pi, 132)[0], \
            struct.unpack_from("=I", pi, 148)[0]
        print("paddr %s mtu %d state %d" % (sockaddr_str(addr), pmtu, pst),
              flush=True)


def family(args):
    return socket.AF_INET6 if args.v6 else socket.AF_INET


def server(args):
    stype = socket.SOCK_SEQPACKET if args.seqpacket else socket.SOCK_STREAM
    s = socket.socket(family(args), stype, IPPROTO_SCTP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if args.v6 else "0.0.0.0", args.port))
    s.listen(16)
    print("listening", flush=True)
    if args.seqpacket:
        while True:
            data, addr = s.recvfrom(1 << 20)
            if not data:
                continue
            s.sendto(data, addr)
    while True:
        c, _ = s.accept()
        t = threading.Thread(target=echo_stream, args=(c,), daemon=True)
        t.start()
        if args.once:
            t.join()
            return 0


def echo_stream(c):
    try:
        while True:
            data = c.recv(1 << 16)
            if not data:
                break
            c.sendall(data)
    except OSError as e:
        print("server: %s" % e, file=sys.stderr, flush=True)
    finally:
        c.close()


def connect(args):
    stype = socket.SOCK_SEQPACKET if args.seqpacket else socket.SOCK_STREAM
    deadline = time.time() + args.timeout
    while True:
        s = socket.socket(family(args), stype, IPPROTO_SCTP)
        s.settimeout(args.timeout)
        if args.sndbuf:
            # A message may not be larger than the send buffer (EMSGSIZE).
            s.setsockopt(socket.SOL_SOCKET, 32, args.sndbuf)  # SNDBUFFORCE
        if args.bind:
            s.bind((args.bind, 0))
        if args.seqpacket:
            return s
        try:
            s.connect((args.addr, args.port))
            return s
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def client(args):
    s = connect(args)
    rnd = hashlib.sha256(str(args.bytes).encode())
    sent_hash, recv_hash = hashlib.sha256(), hashlib.sha256()
    received = [0]
    err = []
    pauses = []
    if args.pause_at:
        for item in args.pause_at.split(","):
            n, sec = item.split(":")
            pauses.append((int(n), float(sec)))
        pauses.sort()

    total = [None if args.until else args.bytes]

    def receiver():
        try:
            last = time.time()
            while total[0] is None or received[0] < total[0]:
                # Poll, so that a total set while waiting is seen.
                if not select.select([s], [], [], 1.0)[0]:
                    if time.time() - last > args.timeout:
                        raise OSError("receive timed out")
                    continue
                last = time.time()
                if args.seqpacket:
                    data, _ = s.recvfrom(1 << 20)
                else:
                    data = s.recv(1 << 16)
                if not data:
                    break
                recv_hash.update(data)
                received[0] += len(data)
        except OSError as e:
            err.append(e)

    t = threading.Thread(target=receiver, daemon=True)
    t.start()
    sent = 0
    block = b""
    while sent < args.bytes or (args.until and
                                not os.path.exists(args.until)):
        n = args.msg if args.until else min(args.msg, args.bytes - sent)
        while len(block) < n:
            rnd.update(b"x")
            block += rnd.digest() * 64
        chunk, block = block[:n], block[n:]
        if args.seqpacket:
            s.sendto(chunk, (args.addr, args.port))
        else:
            s.sendall(chunk)
        sent_hash.update(chunk)
        sent += n
        if pauses and sent >= pauses[0][0]:
            pause_s = pauses.pop(0)[1]
            if args.status:
                print_status(s)
            print("pausing at %d port %d" % (sent, s.getsockname()[1]),
                  flush=True)
            end = time.time() + pause_s
            while time.time() < end:
                if args.resume_file and os.path.exists(args.resume_file):
                    os.unlink(args.resume_file)
                    break
                time.sleep(0.1)
    total[0] = sent
    t.join(args.timeout)
    if args.status:
        try:
            print_status(s)
        except OSError as e:
            print("status: %s" % e, file=sys.stderr, flush=True)
    s.close()
    ok = (not err and received[0] == sent and
          sent_hash.hexdigest() == recv_hash.hexdigest())
    print("sent %d received %d sha256 %s %s %s" %
          (sent, received[0], sent_hash.hexdigest()[:16],
           recv_hash.hexdigest()[:16], "OK" if ok else "MISMATCH"),
          flush=True)
    if err:
        print("client error: %s" % err[0], file=sys.stderr)
    return 0 if ok else 1


def hold(args):
    if not args.count or not args.until:
        sys.exit("sctpt.py hold: needs --count and --until")
    socks = []
    for _ in range(args.count):
        s = socket.socket(family(args), socket.SOCK_STREAM, IPPROTO_SCTP)
        s.settimeout(args.timeout)
        s.connect((args.addr, args.port))
        socks.append(s)
    print("held %d" % len(socks), flush=True)
    while not os.path.exists(args.until):
        time.sleep(0.2)
    for s in socks:
        s.close()
    print("closed %d" % len(socks), flush=True)
    return 0


def dispatch(p, server_fn, client_fn, **other_fns):
    """Parse p's arguments ("mode" server, client or a key of other_fns,
    "addr") and run; every mode but server needs ADDR."""
    args = p.parse_args()
    if args.mode == "server":
        return server_fn(args)
    if not args.addr:
        p.error("%s needs ADDR" % args.mode)
    return other_fns.get(args.mode, client_fn)(args)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["server", "client", "hold"])
    p.add_argument("addr", nargs="?")
    p.add_argument("-6", dest="v6", action="store_true")
    p.add_argument("--seqpacket", action="store_true")
    p.add_argument("--port", type=int, default=5001)
    p.add_argument("--bytes", type=int, default=1 << 20)
    p.add_argument("--msg", type=int, default=8192)
    p.add_argument("--bind")
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--pause-at")
    p.add_argument("--until")
    p.add_argument("--once", action="store_true")
    p.add_argument("--status", action="store_true")
    p.add_argument("--sndbuf", type=int)
    p.add_argument("--resume-file")
    p.add_argument("--count", type=int)
    return dispatch(p, server, client, hold=hold)


if __name__ == "__main__":
    sys.exit(main())
