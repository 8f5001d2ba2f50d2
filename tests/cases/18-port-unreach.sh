#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5, RFC 6951 section 5.5: ICMP Port Unreachable about an
# encapsulated packet is treated as Protocol Unreachable.  Plain SCTP
# whose INIT meets Protocol Unreachable gives up at once (connect() fails
# with ENOPROTOOPT on Linux, RFC 4960 App. C), instead of retransmitting
# the INIT for a minute.  The same must happen to an encapsulated INIT
# whose UDP port nobody listens on at the peer:
#  - reference: plain SCTP, the peer rejects SCTP with ICMP protocol
#    unreachable (nftables);
#  - the peer namespace moved its udp_port to 9900, and the peer turned
#    encapsulation off (udp_port 0, as with the module unloaded there);
#  - the same over IPv6 (ICMPv6 Port Unreachable becomes Parameter
#    Problem / unrecognized Next Header).
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module
netns_pair ns1 ns2
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv4.log" 2>&1 &
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server -6 --port 5002 >"$OUTDIR/srv6.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv4.log && grep -q listening $OUTDIR/srv6.log" 60

LIMIT=$((10 * WAIT_SCALE))

# attempt ADDR PORT: connect once; prints "ERRNAME SECONDS".
attempt() {
	ip netns exec ns1 python3 -S - "$1" "$2" "$((LIMIT * 4))" <<'EOF'
import errno, socket, sys, time
addr, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM, 132)
s.settimeout(limit)
t = time.monotonic()
try:
    s.connect((addr, port))
    r = "connected"
except socket.timeout:
    r = "timeout"
except OSError as e:
    r = errno.errorcode.get(e.errno, str(e.errno))
print("%s %.1f" % (r, time.monotonic() - t))
EOF
}

# refused WHAT ADDR PORT: the connection attempt fails quickly, as plain
# SCTP's does on Protocol Unreachable ($PLAIN, measured first).
PLAIN=
refused() {
	local r
	r=$(attempt "$2" "$3")
	info "$1: $r"
	set -- $r
	[ -n "$PLAIN" ] || PLAIN=$1
	assert_eq "$1" "$PLAIN" "connect result"
	case "$1" in connected|timeout) fail "connect: $1" ;; esac
	[ "${2%.*}" -lt "$LIMIT" ] || fail "failed only after $2 s"
}

# Reference: plain SCTP meeting Protocol Unreachable.
ip netns exec ns2 nft -f - <<'NFT'
table ip t {
	chain in {
		type filter hook input priority filter; policy accept;
		ip protocol sctp reject with icmp type prot-unreachable
	}
}
NFT
refused "plain SCTP, peer answers protocol unreachable" 10.0.0.2 5001
ip netns exec ns2 nft delete table ip t
assert_eq "$(stat_get icmp_delivered ns1)" 0 "ICMP delivered by the module for plain SCTP"

ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

ip netns exec ns2 sysctl -qw net.sctp.udp_port=9900
p0=$(stat_get icmp_port_unreach ns1)
d0=$(stat_get icmp_delivered ns1)
refused "encapsulated, peer's udp_port 9900" 10.0.0.2 5001
assert_eq "$(( $(stat_get icmp_port_unreach ns1) - p0 ))" 1 "port unreachable mapped"
assert_eq "$(( $(stat_get icmp_delivered ns1) - d0 ))" 1 "ICMP delivered to SCTP"

ip netns exec ns2 sysctl -qw net.sctp.udp_port=0
p0=$(stat_get icmp_port_unreach ns1)
refused "encapsulated, encapsulation off at the peer" 10.0.0.2 5001
assert_eq "$(( $(stat_get icmp_port_unreach ns1) - p0 ))" 1 "port unreachable mapped"

p0=$(stat_get icmp_port_unreach ns1)
refused "encapsulated over IPv6, encapsulation off at the peer" fd00::2 5002
assert_eq "$(( $(stat_get icmp_port_unreach ns1) - p0 ))" 1 "ICMPv6 port unreachable mapped"

# Control: with the peer listening again, the same connection works.
ip netns exec ns2 sysctl -qw net.sctp.udp_port=9899
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --timeout 60 || fail "association once the peer listens"
stats_dump ns1
assert_eq "$(stat_get icmp_drop_vtag ns1)" 0 "ICMP refused for the vtag"
assert_eq "$(stat_get icmp_drop_noassoc ns1)" 0 "ICMP without association"
info "ok"
