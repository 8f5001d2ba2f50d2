#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5: a multihomed association over UDP (RFC 6951 section 5.1: a
# remote UDP port per destination address).  Two paths:
#   A: ns1 a0 10.1.0.1 ------------------------------ 10.1.0.2 a0 ns2
#   B: ns1 b0 10.2.0.1 --- bi nat bo (PAT, drops SCTP) --- 10.3.0.2 b0 ns2
# The middlebox on B rewrites the client's UDP source port 9899 to a
# port of its own (stateless port translation, both ways) and drops bare
# SCTP, so path B works only encapsulated, with its own port.
#  - both sides bind the wildcard address: INIT and INIT-ACK list both
#    addresses; the server learns 9899 for 10.1.0.1 and the NAT's port
#    for 10.2.0.1 (debugfs ports table), heartbeats run on both paths;
#  - mid-transfer path A is cut (nftables drop on a0, both ends): the
#    data fails over to B and arrives intact;
#  - path A is restored: it becomes active again and the rest of the
#    data goes over it (the primary comes back).
# No bare SCTP ever reaches the middlebox.
# kernels: bullseye
# timeout: 900
. "$TOP/tests/lib/guest.sh"

PAT=$((30000 + RANDOM % 20000))

load_module
for ns in ns1 nat ns2; do
	ip netns add $ns
	ip -n $ns link set lo up
done
ip link add a0 netns ns1 type veth peer name a0 netns ns2
ip link add b0 netns ns1 type veth peer name bi netns nat
ip link add b0 netns ns2 type veth peer name bo netns nat
ip -n ns1 addr add 10.1.0.1/24 dev a0
ip -n ns2 addr add 10.1.0.2/24 dev a0
ip -n ns1 addr add 10.2.0.1/24 dev b0
ip -n nat addr add 10.2.0.254/24 dev bi
ip -n nat addr add 10.3.0.254/24 dev bo
ip -n ns2 addr add 10.3.0.2/24 dev b0
for l in "ns1 a0" "ns2 a0" "ns1 b0" "nat bi" "nat bo" "ns2 b0"; do
	set -- $l
	ip -n $1 link set $2 up
done
ip -n ns1 route add 10.3.0.0/24 via 10.2.0.254
ip -n ns2 route add 10.2.0.0/24 via 10.3.0.254
ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
ip netns exec nat nft -f - <<NFT
table ip pat {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		iifname "bi" ip saddr 10.2.0.1 udp sport 9899 notrack udp sport set $PAT
		iifname "bo" ip daddr 10.2.0.1 udp dport $PAT notrack udp dport set 9899
	}
	chain filt {
		type filter hook forward priority filter; policy accept;
		ip protocol sctp counter drop
		meta l4proto udp counter
	}
}
NFT
for ns in ns1 ns2; do
	ip netns exec $ns sysctl -qw net.sctp.hb_interval=1000 \
		net.sctp.rto_initial=1000 net.sctp.rto_min=1000 \
		net.sctp.rto_max=3000 net.sctp.path_max_retrans=2 \
		net.sctp.association_max_retrans=30
done
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
wait_for "ip netns exec ns1 ping -c1 -W1 10.1.0.2" 20
wait_for "ip netns exec ns1 ping -c1 -W1 10.3.0.2" 20
info "NAT port for 10.2.0.1:9899 on path B: $PAT"

ports2="/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"
ports1="/sys/kernel/debug/sctp_udp/$(netns_inode ns1)/ports"

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 60
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.1.0.2 --port 5001 \
	--bytes 3000000 --msg 20000 --pause-at 600000:300,2000000:300 --resume-file $OUTDIR/resume \
	--timeout 600 --status >"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q 'pausing at' $OUTDIR/cli.log" 120

# Both paths, each with its own port, on the server.
port_of() {
	awk -v a="$2" '$1 == "ipv4" && $2 == a && ($3 == 5001 || $4 == 5001) { print $5 }' "$1"
}
wait_for "[ \"\$(port_of $ports2 10.2.0.1)\" = $PAT ]" 30
cat "$ports2"
assert_eq "$(port_of "$ports2" 10.1.0.1)" 9899 "server's port for 10.1.0.1 (path A)"
assert_eq "$(port_of "$ports2" 10.2.0.1)" "$PAT" "server's port for 10.2.0.1 (path B, NAT)"
cat "$ports1"
for a in 10.1.0.2 10.3.0.2; do
	assert_eq "$(port_of "$ports1" $a)" 9899 "client's port for $a"
done
ip netns exec ns1 cat /proc/net/sctp/remaddr

# Cut path A at both ends while the client pauses.
for ns in ns1 ns2; do
	ip netns exec $ns nft -f - <<'NFT'
table inet cut {
	chain in {
		type filter hook input priority filter; policy accept;
		iifname "a0" counter drop
	}
	chain out {
		type filter hook output priority filter; policy accept;
		oifname "a0" counter drop
	}
}
NFT
done
udp_b() {
	ip netns exec nat nft list chain ip pat filt |
		awk '/l4proto udp/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'
}
b0=$(udp_b)
info "path A cut; UDP packets through the NAT so far: $b0"
resume "$OUTDIR/resume"

# Failover: the data goes on over B; at the second pause, A comes back.
wait_for "[ \$(grep -c 'pausing at' $OUTDIR/cli.log) -ge 2 ]" 200
b1=$(udp_b)
info "UDP packets through the NAT during the failover: $((b1 - b0))"
assert_gt "$((b1 - b0))" 500 "data packets over path B after A was cut"
ip netns exec ns1 cat /proc/net/sctp/remaddr
# a_state: path A's state at the client (remaddr STATE: 2 = active).
a_state() {
	ip netns exec ns1 awk '$1 == "10.1.0.2" { print $NF }' /proc/net/sctp/remaddr
}
assert_ne "$(a_state)" 2 "path A's state while cut (2 = active)"
for ns in ns1 ns2; do
	ip netns exec $ns nft delete table inet cut
	ip netns exec $ns nft -f - <<'NFT'
table inet back {
	chain in {
		type filter hook input priority filter; policy accept;
		iifname "a0" meta l4proto udp counter
	}
}
NFT
done
wait_for '[ "$(a_state)" = 2 ]' 30
info "path A active again"
ip netns exec ns1 cat /proc/net/sctp/remaddr
b2=$(udp_b)
resume "$OUTDIR/resume"

wait $cli || { cat "$OUTDIR/cli.log"; fail "transfer across the failover"; }
cat "$OUTDIR/cli.log"
grep -q "OK$" "$OUTDIR/cli.log" || fail "data not intact"
# (Not its state at the very end: under emulation a late RTT spike can
# make one T3 timer expire and mark it potentially failed.)
assert_eq "$(status_field "$OUTDIR/cli.log" primary)" 10.1.0.2 "primary path at the end"
back=$(ip netns exec ns2 nft list chain inet back in | sed -n 's/.*bytes \([0-9]*\).*/\1/p')
b3=$(udp_b)
info "after the restore: $back bytes of UDP into ns2 over path A, $((b3 - b2)) packets through the NAT (both ways)"
# The last 1 MB; heartbeats alone are a few KB.  (Bytes, not packets:
# veth carries GSO packets of several wire packets each.)
assert_gt "$back" 500000 "data back on path A after the restore (bytes)"

sctp_drops=$(ip netns exec nat nft list chain ip pat filt | awk '/sctp/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }')
assert_eq "$sctp_drops" 0 "bare SCTP packets reaching the middlebox"
stats_dump ns2
info "ok"
