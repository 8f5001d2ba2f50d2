#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""sctpcraft: send hand-made SCTP packets inside UDP, for the tests.

  sctpcraft.py --src A --sport U --dst B [--dport 9899]
               --sctp-sport S --sctp-dport D --vtag V[,V...]
               --chunk init|heartbeat|data [--init-tag T] [--bad-crc]
               [--count N]

The SCTP packet (common header + one chunk) gets a correct CRC32c unless
--bad-crc, and is sent from a UDP socket bound to A:U to B:dport.
"""
import argparse
import random
import socket
import struct

_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def chunk(ctype, flags, body):
    pad = (-len(body)) % 4
    return struct.pack("!BBH", ctype, flags, 4 + len(body)) + body + \
        b"\0" * pad


def build(sport, dport, vtag, kind, init_tag, bad_crc):
    if kind == "init":
        body = struct.pack("!IIHHI", init_tag, 65536, 10, 10,
                           random.getrandbits(32))
        c = chunk(1, 0, body)
    elif kind == "heartbeat":
        info = struct.pack("!HH", 1, 12) + b"sctpcraft"[:8]
        c = chunk(4, 0, info)
    else:  # data
        body = struct.pack("!IHHI", random.getrandbits(32), 0, 0, 0) + \
            b"spoofed!"
        c = chunk(0, 3, body)
    hdr = struct.pack("!HHII", sport, dport, vtag, 0)
    crc = crc32c(hdr + c)
    if bad_crc:
        crc ^= 0xDEADBEEF
    # The CRC32c goes on the wire in little-endian byte order.
    return struct.pack("!HHI", sport, dport, vtag) + \
        struct.pack("<I", crc) + c


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--src", required=True)
    p.add_argument("--sport", type=int, required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--dport", type=int, default=9899)
    p.add_argument("--sctp-sport", type=int, required=True)
    p.add_argument("--sctp-dport", type=int, required=True)
    p.add_argument("--vtag", default="0",
                   help="tag, or comma-separated tags, one packet each")
    p.add_argument("--chunk", choices=["init", "heartbeat", "data"],
                   default="heartbeat")
    p.add_argument("--init-tag", type=lambda x: int(x, 0),
                   default=0x5ca1ab1e)
    p.add_argument("--bad-crc", action="store_true")
    p.add_argument("--count", type=int, default=1)
    a = p.parse_args()
    fam = socket.AF_INET6 if ":" in a.dst else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.src, a.sport))
    for vtag in [int(v, 0) for v in a.vtag.split(",")]:
        for _ in range(a.count):
            pkt = build(a.sctp_sport, a.sctp_dport, vtag, a.chunk,
                        a.init_tag, a.bad_crc)
            s.sendto(pkt, (a.dst, a.dport))
    s.close()


if __name__ == "__main__":
    main()
