#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5: path MTU discovery through a router whose far link has MTU 1400,
# over IPv4 (ICMP Fragmentation Needed) and IPv6 (ICMPv6 Packet Too Big).
# First plain SCTP without the module, then SCTP over UDP with it, each in
# fresh namespaces (no cached route exception), same transfer, same
# measurement (SCTP_STATUS / SCTP_GET_PEER_ADDR_INFO on the client once the
# data is back):
#  - plain SCTP: path MTU 1400, fragmentation point F;
#  - SCTP over UDP: the module hands the router's ICMP errors to SCTP
#    (icmp_delivered moves); SCTP's path MTU is the route's, 1400, and
#    its packets are 8 bytes smaller (fragmentation point F - 8), so that
#    the UDP datagrams are at most 1400 bytes: no encapsulated datagram
#    larger than 1400 reaches the far side and the router drops none.
#
#   cli (10.1.0.1, fd01::1) --- rt --- [MTU 1400] --- srv (10.2.0.2, fd02::2)
# kernels: bullseye
# timeout: 900
. "$TOP/tests/lib/guest.sh"
. "$TOP/tests/lib/wire.sh"

BYTES=1500000

# topo SUFFIX: namespaces cli$1 rt$1 srv$1.
topo() {
	local c=cli$1 r=rt$1 s=srv$1 ns
	for ns in $c $r $s; do
		ip netns add $ns
		ip -n $ns link set lo up
	done
	ip link add veth0 netns $c type veth peer name in0 netns $r
	ip link add veth0 netns $s type veth peer name out0 netns $r
	ip -n $r link set out0 mtu 1400
	ip -n $s link set veth0 mtu 1400
	ip -n $c addr add 10.1.0.1/24 dev veth0
	ip -n $c addr add fd01::1/64 dev veth0 nodad
	ip -n $r addr add 10.1.0.254/24 dev in0
	ip -n $r addr add fd01::fe/64 dev in0 nodad
	ip -n $r addr add 10.2.0.254/24 dev out0
	ip -n $r addr add fd02::fe/64 dev out0 nodad
	ip -n $s addr add 10.2.0.2/24 dev veth0
	ip -n $s addr add fd02::2/64 dev veth0 nodad
	for l in "$c veth0" "$r in0" "$r out0" "$s veth0"; do
		set -- $l
		ip -n $1 link set $2 up
	done
	ip -n $c route add default via 10.1.0.254
	ip -n $c -6 route add default via fd01::fe
	ip -n $s route add default via 10.2.0.254
	ip -n $s -6 route add default via fd02::fe
	ip netns exec $r sysctl -qw net.ipv4.ip_forward=1
	ip netns exec $r sysctl -qw net.ipv6.conf.all.forwarding=1
	wait_for "ip netns exec $c ping -c1 -W1 10.2.0.2" 20
	wait_for "ip netns exec $c ping -6 -c1 -W1 fd02::2" 20
}

# transfer SUFFIX FAM ADDR: verified echo transfer with status at the end.
transfer() {
	local s=srv$1 c=cli$1 fam=$2 addr=$3 log="$OUTDIR/cli-$1-$2.log"
	ip netns exec $s python3 -S "$GUEST_LIB/sctpt.py" server $fam --port 5001 \
		>"$OUTDIR/srv-$1-$2.log" 2>&1 &
	local spid=$!
	wait_for "grep -q listening $OUTDIR/srv-$1-$2.log" 60
	ip netns exec $c python3 -S "$GUEST_LIB/sctpt.py" client "$addr" $fam \
		--port 5001 --bytes $BYTES --msg 30000 --timeout 120 --status \
		>"$log" 2>&1 || { cat "$log"; fail "transfer $1 $fam to $addr"; }
	cat "$log"
	grep -q "OK$" "$log" || fail "data not intact ($1 $fam)"
	kill $spid 2>/dev/null || true
	wait $spid 2>/dev/null || true
}

# Plain SCTP, no module: the reference values.
modprobe -a sctp udp_tunnel ip6_udp_tunnel
topo p
transfer p "" 10.2.0.2
transfer p -6 fd02::2
mtu_p4=$(status_field "$OUTDIR/cli-p-.log" mtu)
frag_p4=$(status_field "$OUTDIR/cli-p-.log" frag)
mtu_p6=$(status_field "$OUTDIR/cli-p--6.log" mtu)
frag_p6=$(status_field "$OUTDIR/cli-p--6.log" frag)
info "plain SCTP: v4 mtu $mtu_p4 frag $frag_p4, v6 mtu $mtu_p6 frag $frag_p6"
assert_eq "$mtu_p4" 1400 "plain SCTP IPv4 path MTU"
assert_eq "$mtu_p6" 1400 "plain SCTP IPv6 path MTU"
for ns in clip rtp srvp; do ip netns del $ns; done

# SCTP over UDP.
load_module
topo u
# GSO packets cross the router whole (checked there against the far
# link's MTU, exactly); the far link refuses SCTP GSO, as a NIC does, so
# the router segments them (the module's GSO callback, in the router's
# namespace) and the capture shows wire packets.
sctp_gso_off rtu out0
sctp_gso_off srvu veth0
ip netns exec cliu sysctl -qw net.sctp.encap_port=9899
capture_start srvu veth0 "$OUTDIR/far.pcap" "udp port 9899"

d0=$(stat_get icmp_delivered cliu)
transfer u "" 10.2.0.2
d4=$(stat_get icmp_delivered cliu)
transfer u -6 fd02::2
d6=$(stat_get icmp_delivered cliu)
capture_stop
stats_dump cliu

mtu_u4=$(status_field "$OUTDIR/cli-u-.log" mtu)
frag_u4=$(status_field "$OUTDIR/cli-u-.log" frag)
mtu_u6=$(status_field "$OUTDIR/cli-u--6.log" mtu)
frag_u6=$(status_field "$OUTDIR/cli-u--6.log" frag)
info "SCTP over UDP: v4 mtu $mtu_u4 frag $frag_u4, v6 mtu $mtu_u6 frag $frag_u6"
info "ICMP delivered to SCTP: IPv4 $((d4 - d0)), IPv6 $((d6 - d4))"
assert_gt "$((d4 - d0))" 0 "ICMP Fragmentation Needed delivered to SCTP"
assert_gt "$((d6 - d4))" 0 "ICMPv6 Packet Too Big delivered to SCTP"
assert_eq "$(stat_get icmp_drop_vtag cliu)" 0 "router's ICMP refused for its vtag"
assert_eq "$(stat_get icmp_drop_noassoc cliu)" 0 "router's ICMP without association"
assert_eq "$(stat_get icmp_drop_port cliu)" 0 "router's ICMP for another port"
assert_eq "$mtu_u4" "$mtu_p4" "IPv4 path MTU, encapsulated vs plain"
assert_eq "$mtu_u6" "$mtu_p6" "IPv6 path MTU, encapsulated vs plain"
assert_eq "$frag_u4" "$((frag_p4 - 8))" "IPv4 SCTP payload per packet: 8 below plain"
assert_eq "$frag_u6" "$((frag_p6 - 8))" "IPv6 SCTP payload per packet: 8 below plain"

# On the far link: encapsulated, never above 1400 bytes of IP.
wire_decode "$OUTDIR/far.pcap"
n=$(wire_count "$OUTDIR/far.pcap" 1)
big=$(wire_count "$OUTDIR/far.pcap" '($6 != "" && $6 > 1400) || ($9 != "" && $9 + 40 > 1400)')
full=$(wire_count "$OUTDIR/far.pcap" '($6 == 1400) || ($9 != "" && $9 + 40 == 1400)')
info "far link: $n SCTP-in-UDP packets, $full of exactly 1400 bytes, $big larger"
assert_gt "$n" 0 "packets on the far link"
assert_eq "$big" 0 "encapsulated packets above the far link's MTU"
assert_gt "$full" 0 "full-sized (1400-byte) encapsulated packets: the MTU is used"
assert_gt "$(stat_get tx_gso_sw rtu)" 0 "GSO packets segmented by the router"
assert_eq "$(stat_get tx_drop_gso rtu)" 0 "failed segmentations in the router"
info "router: $(ip netns exec rtu nstat -az IcmpOutDestUnreachs Icmp6OutPktTooBigs 2>/dev/null | awk 'NR > 1 { printf "%s=%s ", $1, $2 }')"
info "ok"
