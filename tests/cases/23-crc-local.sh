#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 9, single packets between two namespaces of this host (tx.c,
# sctp_udp_crc_pending()).  veth here has no CRC32c offload
# (tx-checksum-sctp off, as a NIC without SCTP offload) but takes UDP
# tunnel GSO packets whole: SCTP makes the CRC32c of each single packet
# (SACKs, small messages) in software, and the module leaves it pending
# again instead, so that the receiving namespace trusts it rather than
# check what this host has just computed.  Every single encapsulated
# packet must be counted (tx_crc_pending = tx_encap - tx_gso_segments),
# data verified end to end both ways, no SCTP checksum error.  Where veth
# cannot take the packets whole (checksum offload off), nothing is left
# pending: tx_crc_pending does not move and the data still arrive.
# kernels: bullseye debug
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module udp_port=9899 encap_port=0
netns_pair ns1 ns2
for ns in ns1 ns2; do
	in_ns $ns ethtool -K veth0 tx-checksum-sctp off >/dev/null ||
		fail "ethtool -K veth0 tx-checksum-sctp off in $ns"
done
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
sctp_server_start ns2 10.0.0.2 5001
srv4=$SCTP_SERVER_PID
sctp_server_start ns2 fd00::2 5002

# snapshot TAG: the counters below, per namespace, into variables.
counters="tx_encap tx_gso_segments tx_crc_pending rx_decap"
snapshot() {
	local ns c
	for ns in ns1 ns2; do
		for c in $counters; do
			eval "${1}_${ns}_$c=$(stat_get "$c" "$ns")"
		done
	done
}

# delta A B NS COUNTER: how much COUNTER of NS moved from snapshot A to B.
delta() {
	eval "echo \$(( ${2}_${3}_$4 - ${1}_${3}_$4 ))"
}

# csum_errors NS: SCTP's checksum errors in NS.
csum_errors() {
	ip netns exec "$1" awk '$1 == "SctpChecksumErrors" { print $2 }' \
		/proc/net/sctp/snmp
}

# 1. Offloads as veth has them, CRC32c offload off: 1000-byte messages
#    each way over IPv4 and IPv6, single packets (and some GSO packets
#    of several).
snapshot a
sctp_client ns1 10.0.0.2 5001 --count 200 --size 1000 ||
	fail "echo transfer with CRC32c left pending (IPv4)"
sctp_client ns1 fd00::2 5002 --count 200 --size 1000 ||
	fail "echo transfer with CRC32c left pending (IPv6)"
snapshot b
for ns in ns1 ns2; do
	single=$(( $(delta a b $ns tx_encap) - $(delta a b $ns tx_gso_segments) ))
	pend=$(delta a b $ns tx_crc_pending)
	info "$ns: $(delta a b $ns tx_encap) sent, $single single packets, $pend left pending"
	assert_gt "$single" 100 "single encapsulated packets sent by $ns"
	assert_eq "$pend" "$single" "tx_crc_pending of $ns against its single packets"
	assert_ge "$(delta a b $ns rx_decap)" 50 "packets decapsulated in $ns"
	assert_eq "$(csum_errors $ns)" 0 "SctpChecksumErrors in $ns"
done

# 2. ns1's veth without checksum offload: it cannot take a UDP tunnel
#    GSO packet whole, so ns1 leaves no CRC32c pending (SCTP's own
#    stands); ns2's veth still can.
in_ns ns1 ethtool -K veth0 tx-checksum-ip-generic off >/dev/null ||
	fail "ethtool -K veth0 tx-checksum-ip-generic off in ns1"
sctp_client ns1 10.0.0.2 5001 --count 200 --size 1000 ||
	fail "echo transfer without checksum offload in ns1"
snapshot c
assert_gt "$(delta b c ns1 tx_encap)" 50 "packets sent by ns1 without offload"
assert_eq "$(delta b c ns1 tx_crc_pending)" 0 "tx_crc_pending of ns1 without checksum offload"
assert_gt "$(delta b c ns2 tx_crc_pending)" 50 "tx_crc_pending of ns2 (offload on)"
for ns in ns1 ns2; do
	assert_eq "$(csum_errors $ns)" 0 "SctpChecksumErrors in $ns"
done

stats_dump ns1
stats_dump ns2
kill "$srv4" "$SCTP_SERVER_PID" 2>/dev/null || true
info "ok"
