#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4: unmodified lksctp-tools programs (sctp_test, sctp_darn) and
# iperf3 --sctp run over UDP.  iperf3 runs with veth's offloads on, so
# SCTP hands the module GSO packets: veth takes them whole, and the
# receiving namespace's module hands them to SCTP whole (counters on both
# sides).  Then veth is made to refuse SCTP GSO, as a NIC does: the
# module's own segmentation must turn them into MTU-sized UDP datagrams
# with good CRC32c and UDP checksums (capture).
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"
. "$GUEST_LIB/wire.sh"

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

# sctp_test, one-to-many, IPv4 and IPv6, messages 1 byte to 32 KB.
for fam in 4 6; do
	if [ $fam = 4 ]; then a=10.0.0.1 b=10.0.0.2; else a=fd00::1 b=fd00::2; fi
	ip netns exec ns2 sctp_test -H $b -P 6000 -l -d 0 >"$OUTDIR/st-srv$fam.log" 2>&1 &
	srv=$!
	sleep 2
	ip netns exec ns1 timeout 120 sctp_test -H $a -P 6001 -h $b -p 6000 -s -c 4 -x 3 -d 0 \
		>"$OUTDIR/st-cli$fam.log" 2>&1 || { tail "$OUTDIR/st-cli$fam.log"; fail "sctp_test IPv$fam"; }
	kill $srv 2>/dev/null || true
	info "sctp_test IPv$fam passed"
done

# sctp_darn: lines typed on one side come out on the other.
ip netns exec ns2 stdbuf -oL sctp_darn -H 10.0.0.2 -P 6100 -l >"$OUTDIR/darn.log" 2>&1 &
sleep 2
printf 'hello-over-udp-1\nhello-over-udp-2\n' |
	ip netns exec ns1 timeout 20 sctp_darn -H 10.0.0.1 -P 6101 -h 10.0.0.2 -p 6100 -s >/dev/null 2>&1 || true
wait_for "grep -q hello-over-udp-2 $OUTDIR/darn.log" 20
info "sctp_darn passed"

# iperf3 IPv4 and IPv6 to ns2; prints nothing, fails the test if a run fails.
iperf_both() {
	local fam b bytes
	for fam in 4 6; do
		if [ $fam = 4 ]; then b=10.0.0.2; else b=fd00::2; fi
		ip netns exec ns2 iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
		sleep 1
		ip netns exec ns1 iperf3 --sctp -c $b -p 5201 -t 2 -J >"$OUTDIR/iperf$fam.json" ||
			fail "iperf3 --sctp IPv$fam"
		bytes=$(python3 -S -c "import json,sys; print(int(json.load(open(sys.argv[1]))['end']['sum_received']['bytes']))" "$OUTDIR/iperf$fam.json")
		info "iperf3 IPv$fam received $bytes bytes"
		assert_gt "$bytes" 100000 "iperf3 IPv$fam bytes"
	done
}

# iperf3 --sctp bulk, GSO on: GSO packets cross veth whole.
whole0=$(stat_get tx_gso_packets ns1)
rx0=$(stat_get rx_gso_packets ns2)
sw0=$(stat_get tx_gso_sw ns1)
decap0=$(stat_get rx_decap ns2)
fast0=$(stat_get rx_fast ns2)
iperf_both
stats_dump ns1
stats_dump ns2
# This host's own datagrams, checksums pending: all of them take the
# receive fast path (src/rx.c), none goes through UDP.
assert_gt "$(( $(stat_get rx_decap ns2) - decap0 ))" 100 "datagrams decapsulated in ns2"
assert_eq "$(( $(stat_get rx_fast ns2) - fast0 ))" "$(( $(stat_get rx_decap ns2) - decap0 ))" \
	"of them by the fast path (rx_fast)"
assert_gt "$(( $(stat_get tx_gso_packets ns1) - whole0 ))" 10 "GSO packets encapsulated whole"
assert_gt "$(( $(stat_get rx_gso_packets ns2) - rx0 ))" 10 "GSO packets decapsulated whole"
assert_eq "$(( $(stat_get tx_gso_sw ns1) - sw0 ))" 0 "GSO packets segmented although veth takes them"

# The same where veth cannot take SCTP GSO: the module segments.  ns1's
# veth also computes no checksums, so that the UDP checksums of the
# segments are made in software from what the module's GSO left (and can
# be checked on the wire); ns2's are left to "hardware" as usual.
sctp_gso_off ns1 veth0
sctp_gso_off ns2 veth0
ip netns exec ns1 ethtool -K veth0 tx-checksum-ip-generic off >/dev/null ||
	fail "ethtool -K veth0 tx-checksum-ip-generic off"
capture_start ns2 veth0 "$OUTDIR/iperf.pcap"
sw0=$(stat_get tx_gso_sw_segments ns1)
iperf_both
capture_stop
stats_dump ns1
assert_gt "$(( $(stat_get tx_gso_sw_segments ns1) - sw0 ))" 100 "wire packets made by the module's GSO"
assert_eq "$(stat_get tx_drop_gso ns1)" 0 "failed segmentations"

wire_decode "$OUTDIR/iperf.pcap"
wire_check_encap "$OUTDIR/iperf.pcap" 9899 9899
big=$(wire_count "$OUTDIR/iperf.pcap" '($2 == 4 && $6 > 1500) || ($2 == 6 && $9 + 40 > 1500)')
assert_eq "$big" 0 "IP packets larger than the 1500-byte MTU"
# Every UDP checksum from ns1 good (status 1), the segments' included.
tshark -r "$OUTDIR/iperf.pcap" -o udp.check_checksum:TRUE \
	-Y 'udp && (ip.src == 10.0.0.1 || ipv6.src == fd00::1)' -T fields \
	-e udp.checksum.status >"$OUTDIR/udpsum.txt" 2>"$OUTDIR/udpsum.err" ||
	{ cat "$OUTDIR/udpsum.err"; fail "tshark UDP checksums"; }
n=$(grep -c . "$OUTDIR/udpsum.txt" || true)
notgood=$(grep -vc '^1$' "$OUTDIR/udpsum.txt" || true)
info "UDP checksums from ns1: $n datagrams, $notgood not good"
assert_gt "$n" 100 "UDP datagrams from ns1 captured"
assert_eq "$notgood" 0 "UDP datagrams from ns1 without a good UDP checksum"
info "ok"
