#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5: no encapsulated packet needs IP fragmentation.  Over a veth
# link of MTU 1500 and then 9000, IPv4 and IPv6, a bulk transfer and
# single 64 KB and 1 MB messages (SCTP fragments them into DATA chunks at
# its fragmentation point), all echoed and verified:
#  - the IP fragmentation and reassembly counters of both namespaces
#    (/proc/net/snmp, /proc/net/snmp6) stay at 0;
#  - on the wire no UDP datagram is larger than the MTU, and the largest
#    is exactly the MTU (the 8 bytes are reserved, not more).
# veth refuses SCTP GSO here (as a NIC does), so that what is captured is
# what a wire would carry: SCTP's GSO packets are segmented by the
# module's own GSO callback (gso.c), IPv6 included.  Then the same with
# veth taking GSO packets whole: no fragmentation either.
# kernels: bullseye
# timeout: 900
. "$TOP/tests/lib/guest.sh"

load_module
# Warm dumpcap's libraries up (over 9p) before anything else competes.
dumpcap --version >/dev/null 2>&1 || true
netns_pair ns1 ns2
sctp_gso_off ns1 veth0
sctp_gso_off ns2 veth0
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv4.log" 2>&1 &
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server -6 --port 5002 >"$OUTDIR/srv6.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv4.log && grep -q listening $OUTDIR/srv6.log" 60

FRAG_COUNTERS="IpFragCreates IpFragOKs IpFragFails IpReasmReqds IpReasmOKs IpReasmFails Ip6FragCreates Ip6FragOKs Ip6FragFails Ip6ReasmReqds Ip6ReasmOKs Ip6ReasmFails"

# frag_total NS: sum of the fragmentation counters of the namespace.
frag_total() {
	ip netns exec "$1" nstat -asz $FRAG_COUNTERS | awk 'NR > 1 && $1 !~ /^#/ { s += $2 } END { print s + 0 }'
}

run() {
	local what=$1 addr=$2
	shift 2
	local port=5001 fam=
	case "$addr" in *:*) port=5002 fam=-6 ;; esac
	ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client "$addr" $fam \
		--port $port --timeout 180 --sndbuf 4194304 "$@" \
		>"$OUTDIR/cli.log" 2>&1 || { cat "$OUTDIR/cli.log"; fail "$what to $addr"; }
	info "$what to $addr: $(cat "$OUTDIR/cli.log")"
}

for mtu in 1500 9000; do
	ip -n ns1 link set veth0 mtu $mtu
	ip -n ns2 link set veth0 mtu $mtu
	pcap="$OUTDIR/mtu$mtu.pcap"
	capture_start ns1 veth0 "$pcap" "udp port 9899"
	for addr in 10.0.0.2 fd00::2; do
		run "bulk" $addr --bytes 2000000 --msg 8192
		run "one 64 KB message" $addr --bytes 65536 --msg 65536
		run "one 1 MB message" $addr --bytes 1048576 --msg 1048576
	done
	capture_stop

	# IP length of every UDP datagram (v4: ip.len, v6: 40 + payload).
	tshark -r "$pcap" --disable-protocol sctp -Y udp -T fields \
		-e ip.len -e ipv6.plen >"$pcap.tsv" 2>"$pcap.err" ||
		{ cat "$pcap.err"; fail "tshark $pcap"; }
	# (No process substitution: the guest may have no /dev/fd.)
	set -- $(awk -F'\t' '
		$1 != "" { n4++; if ($1 > m4) m4 = $1 }
		$2 != "" { n6++; if ($2 + 40 > m6) m6 = $2 + 40 }
		END { print n4 + 0, m4 + 0, n6 + 0, m6 + 0 }' "$pcap.tsv")
	n4=$1 max4=$2 n6=$3 max6=$4
	info "MTU $mtu: $n4 IPv4 datagrams (largest $max4), $n6 IPv6 (largest $max6)"
	assert_gt "$n4" 100 "IPv4 UDP datagrams captured at MTU $mtu"
	assert_gt "$n6" 100 "IPv6 UDP datagrams captured at MTU $mtu"
	assert_eq "$max4" "$mtu" "largest IPv4 UDP datagram at MTU $mtu"
	assert_eq "$max6" "$mtu" "largest IPv6 UDP datagram at MTU $mtu"
	for ns in ns1 ns2; do
		ip netns exec $ns nstat -asz $FRAG_COUNTERS | sed 's/^/#   /'
		assert_eq "$(frag_total $ns)" 0 "IP fragmentation counters in $ns at MTU $mtu"
	done
done
stats_dump ns1
assert_gt "$(stat_get tx_gso_packets ns1)" 100 "SCTP GSO packets encapsulated whole"
assert_eq "$(stat_get tx_gso_sw ns1)" "$(stat_get tx_gso_packets ns1)" \
	"GSO packets segmented by the module: all of them"
assert_eq "$(stat_get tx_gso_sw_segments ns1)" "$(stat_get tx_gso_segments ns1)" \
	"wire packets made by the module's GSO: those of SCTP's GSO packets"
assert_eq "$(stat_get tx_drop_gso ns1)" 0 "GSO segmentation failures"

# GSO packets whole through veth (its default): a 1 MB message each way.
ip netns exec ns1 ethtool -K veth0 tx-sctp-segmentation on >/dev/null
ip netns exec ns2 ethtool -K veth0 tx-sctp-segmentation on >/dev/null
whole0=$(stat_get rx_gso_packets ns2)
for addr in 10.0.0.2 fd00::2; do
	run "one 1 MB message, GSO whole" $addr --bytes 1048576 --msg 1048576
done
assert_gt "$(( $(stat_get rx_gso_packets ns2) - whole0 ))" 10 "GSO packets received whole"
for ns in ns1 ns2; do
	assert_eq "$(frag_total $ns)" 0 "IP fragmentation counters in $ns, GSO whole"
done
info "ok"
