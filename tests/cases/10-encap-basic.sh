#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4, the datapath: two namespaces with the module loaded, the client
# namespace sending to encap_port 9899.  One-to-one and one-to-many
# sockets, IPv4 and IPv6, data verified end to end both ways.  The capture
# (offloads off, so frames are what a wire would carry) must show every
# SCTP packet inside UDP 9899 <-> 9899 with a good CRC32c, and no bare
# SCTP packet; the counters must agree.
# kernels: bullseye debug
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module udp_port=9899 encap_port=0
netns_pair ns1 ns2
offloads_off ns1 veth0
offloads_off ns2 veth0
# The client namespace sends encapsulated; the server only listens on 9899
# and answers on the port it learned (as with native Linux).
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.udp_port)" 9899 "udp_port from the module parameter"

capture_start ns1 veth0 "$OUTDIR/encap.pcap"

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/s1.log" 2>&1 &
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server -6 --port 5002 >"$OUTDIR/s2.log" 2>&1 &
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --seqpacket --port 5003 >"$OUTDIR/s3.log" 2>&1 &
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server -6 --seqpacket --port 5004 >"$OUTDIR/s4.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/s1.log && grep -q listening $OUTDIR/s4.log" 20

c() { ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client "$@"; }
c 10.0.0.2 --port 5001 --bytes 400000 --msg 30000 || fail "IPv4 one-to-one"
c fd00::2 -6 --port 5002 --bytes 400000 --msg 30000 || fail "IPv6 one-to-one"
c 10.0.0.2 --seqpacket --port 5003 --bytes 100000 --msg 1000 || fail "IPv4 one-to-many"
c fd00::2 -6 --seqpacket --port 5004 --bytes 100000 --msg 1000 || fail "IPv6 one-to-many"

sleep 1
capture_stop
stats_dump ns1
stats_dump ns2

. "$GUEST_LIB/wire.sh"
info "decoding"; wire_decode "$OUTDIR/encap.pcap"; info "decoded"
wire_check_encap "$OUTDIR/encap.pcap" 9899 9899
assert_gt "$(wire_count "$OUTDIR/encap.pcap" 1)" 100 "SCTP packets inside UDP"

# Counters against the wire (issue 7): every UDP datagram the capture saw
# leave ns1 was counted by ns1's tx_packets/tx_bytes (UDP length), every
# one that reached ns2 by ns2's rx_packets/rx_bytes, and the same for the
# answers.  The capture must have lost nothing for this to hold.
sed 's/^/# dumpcap: /' "$OUTDIR/encap.pcap.dumpcap.log"
tshark -r "$OUTDIR/encap.pcap" -Y 'udp && !icmp && !icmpv6' -T fields \
	-E separator=/t -e ip.src -e ipv6.src -e udp.length >"$OUTDIR/udp.tsv"
# $1 IPv4 source, $2 IPv6 source, $3 UDP length
from1="(\$1 == \"10.0.0.1\" || \$2 == \"fd00::1\")"
from2="(\$1 == \"10.0.0.2\" || \$2 == \"fd00::2\")"
w1_pkts=$(awk -F'\t' "$from1 { n++ } END { print n + 0 }" "$OUTDIR/udp.tsv")
w1_bytes=$(awk -F'\t' "$from1 { n += \$3 } END { print n + 0 }" "$OUTDIR/udp.tsv")
w2_pkts=$(awk -F'\t' "$from2 { n++ } END { print n + 0 }" "$OUTDIR/udp.tsv")
w2_bytes=$(awk -F'\t' "$from2 { n += \$3 } END { print n + 0 }" "$OUTDIR/udp.tsv")
info "wire: ns1->ns2 $w1_pkts datagrams $w1_bytes bytes, ns2->ns1 $w2_pkts datagrams $w2_bytes bytes"
assert_eq "$(stat_get tx_packets ns1)" "$w1_pkts" "ns1 tx_packets vs datagrams on the wire"
assert_eq "$(stat_get tx_bytes ns1)" "$w1_bytes" "ns1 tx_bytes vs UDP bytes on the wire"
assert_eq "$(stat_get rx_packets ns2)" "$w1_pkts" "ns2 rx_packets vs datagrams on the wire"
assert_eq "$(stat_get rx_bytes ns2)" "$w1_bytes" "ns2 rx_bytes vs UDP bytes on the wire"
assert_eq "$(stat_get tx_packets ns2)" "$w2_pkts" "ns2 tx_packets vs datagrams on the wire"
assert_eq "$(stat_get tx_bytes ns2)" "$w2_bytes" "ns2 tx_bytes vs UDP bytes on the wire"
assert_eq "$(stat_get rx_packets ns1)" "$w2_pkts" "ns1 rx_packets vs datagrams on the wire"
assert_eq "$(stat_get rx_bytes ns1)" "$w2_bytes" "ns1 rx_bytes vs UDP bytes on the wire"
# Every datagram was decapsulated (none dropped) and every SCTP packet
# sent was encapsulated (none left plain).
assert_eq "$(stat_get rx_decap ns2)" "$w1_pkts" "ns2 rx_decap"
assert_eq "$(stat_get tx_encap ns1)" "$w1_pkts" "ns1 tx_encap"
assert_eq "$(stat_get tx_plain ns1)" 0 "ns1 tx_plain"
# Offloads are off here, so every UDP checksum was made in software and
# UDP checked it: none took src/rx.c's fast path (11 checks the other
# way, offloads on).
assert_eq "$(stat_get rx_fast ns2)" 0 "ns2 rx_fast"

# Counters: what went out encapsulated from ns1 arrived decapsulated in ns2.
assert_gt "$(stat_get tx_encap ns1)" 100 "tx_encap ns1"
assert_gt "$(stat_get rx_decap ns2)" 100 "rx_decap ns2"
assert_gt "$(stat_get tx_encap ns2)" 100 "tx_encap ns2 (answers on the learned port)"
assert_gt "$(stat_get ports_learned ns2)" 3 "ports learned by the server"
# Each packet received and each one sent (a GSO packet once, for all its
# segments) looked its path up once, and the per-CPU cache in front of
# the table (src/ports.c) answered all but the first lookups after each
# change to the table: the 4 entries made here.
lookups=$(($(stat_get rx_decap ns2) + $(stat_get tx_encap ns2) -
	$(stat_get tx_gso_segments ns2) + $(stat_get tx_gso_packets ns2)))
assert_gt "$(stat_get ports_cache_hit ns2)" $((lookups * 9 / 10)) \
	"ports_cache_hit ns2 (of $lookups lookups)"
info "ok"
