#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""icmpcraft: send a hand-made ICMP or ICMPv6 error quoting an SCTP-in-UDP
packet, for the tests of the module's ICMP handling (src/icmp.c).

  icmpcraft.py --to ADDR --qsrc A --qdst B [--qsport 9899] [--qdport 9899]
               --sctp-sport S --sctp-dport D --vtag V
               [--type frag|ptb|port|host] [--mtu M]
               [--chunk data|init] [--init-tag T] [--quote-bytes N]
               [--count N] [--bad-csum]

The ICMP error goes to ADDR from a raw socket (the kernel fills in the
outer IP header with this namespace's source address).  Its quote is an
IP header A -> B, a UDP header qsport -> qdport and an SCTP packet with
the given ports and verification tag (a DATA chunk, or an INIT with
Initiate Tag T), cut to N bytes after the UDP header when --quote-bytes
is given.  IPv6 when ADDR contains ':'.  frag: Fragmentation Needed (v4),
ptb: Packet Too Big (v6), port: Port Unreachable, host: Host Unreachable.
--bad-csum (IPv4 only): a wrong ICMP checksum.
"""
import argparse
import socket
import struct


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def sctp_packet(args):
    if args.chunk == "init":
        body = struct.pack("!IIHHI", args.init_tag, 65536, 10, 10, 1)
        chunk = struct.pack("!BBH", 1, 0, 4 + len(body)) + body
    else:
        body = struct.pack("!IHHI", 1, 0, 0, 0) + b"x" * 1300
        chunk = struct.pack("!BBH", 0, 3, 4 + len(body)) + body
    return struct.pack("!HHII", args.sctp_sport, args.sctp_dport, args.vtag,
                       0) + chunk


def quote(args, v6):
    sctp = sctp_packet(args)
    udp_len = 8 + len(sctp)
    udp = struct.pack("!HHHH", args.qsport, args.qdport, udp_len, 0)
    if v6:
        ip = struct.pack("!IHBB", 6 << 28, udp_len, 17, 64) + \
            socket.inet_pton(socket.AF_INET6, args.qsrc) + \
            socket.inet_pton(socket.AF_INET6, args.qdst)
    else:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0x4000,
                         64, 17, 0, socket.inet_aton(args.qsrc),
                         socket.inet_aton(args.qdst))
        ip = ip[:10] + struct.pack("!H", csum16(ip)) + ip[12:]
    payload = udp + sctp
    if args.quote_bytes is not None:
        payload = payload[:8 + args.quote_bytes]
    # As Linux quotes: at most 576 bytes (v4) / 1280 (v6) of message.
    q = ip + payload
    return q[:548] if not v6 else q[:1232]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--to", required=True)
    p.add_argument("--qsrc", required=True)
    p.add_argument("--qdst", required=True)
    p.add_argument("--qsport", type=int, default=9899)
    p.add_argument("--qdport", type=int, default=9899)
    p.add_argument("--sctp-sport", type=int, required=True)
    p.add_argument("--sctp-dport", type=int, required=True)
    p.add_argument("--vtag", type=lambda x: int(x, 0), required=True)
    p.add_argument("--type", choices=["frag", "ptb", "port", "host"],
                   default="frag")
    p.add_argument("--mtu", type=int, default=1200)
    p.add_argument("--chunk", choices=["data", "init"], default="data")
    p.add_argument("--init-tag", type=lambda x: int(x, 0), default=0)
    p.add_argument("--quote-bytes", type=int)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--bad-csum", action="store_true")
    args = p.parse_args()

    v6 = ":" in args.to
    q = quote(args, v6)
    if v6:
        t, c, rest = {"ptb": (2, 0, args.mtu), "port": (1, 4, 0),
                      "host": (1, 3, 0), "frag": (2, 0, args.mtu)}[args.type]
        # The kernel computes the ICMPv6 checksum of raw ICMPv6 sockets.
        msg = struct.pack("!BBHI", t, c, 0, rest) + q
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                          socket.IPPROTO_ICMPV6)
        dst = (args.to, 0)
    else:
        t, c = {"frag": (3, 4), "ptb": (3, 4), "port": (3, 3),
                "host": (3, 1)}[args.type]
        rest = args.mtu if c == 4 else 0
        msg = struct.pack("!BBHHH", t, c, 0, 0, rest) + q
        ck = csum16(msg) ^ (0x5555 if args.bad_csum else 0)
        msg = msg[:2] + struct.pack("!H", ck) + msg[4:]
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                          socket.IPPROTO_ICMP)
        dst = (args.to, 0)
    for _ in range(args.count):
        s.sendto(msg, dst)
    print("sent %d ICMP%s type %d code %d quoting %d bytes" %
          (args.count, "v6" if v6 else "", t, c, len(q)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
