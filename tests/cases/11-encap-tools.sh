#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4: unmodified lksctp-tools programs (sctp_test, sctp_darn) and
# iperf3 --sctp run over UDP.  iperf3 runs with veth's offloads on, so
# SCTP hands the module GSO packets: they must be segmented (counters) and
# leave as MTU-sized UDP datagrams with good CRC32c (capture).
# kernels: bullseye debug
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

# iperf3 --sctp bulk, GSO on.
capture_start ns2 veth0 "$OUTDIR/iperf.pcap"
gso0=$(stat_get tx_gso_segments ns1)
for fam in 4 6; do
	if [ $fam = 4 ]; then b=10.0.0.2; else b=fd00::2; fi
	ip netns exec ns2 iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	sleep 1
	ip netns exec ns1 iperf3 --sctp -c $b -p 5201 -t 2 -J >"$OUTDIR/iperf$fam.json" ||
		fail "iperf3 --sctp IPv$fam"
	bytes=$(python3 -c "import json,sys; print(int(json.load(open(sys.argv[1]))['end']['sum_received']['bytes']))" "$OUTDIR/iperf$fam.json")
	info "iperf3 IPv$fam received $bytes bytes"
	assert_gt "$bytes" 100000 "iperf3 IPv$fam bytes"
done
capture_stop
gso1=$(stat_get tx_gso_segments ns1)
assert_gt "$((gso1 - gso0))" 100 "GSO segments made by the module"
stats_dump ns1

wire_decode "$OUTDIR/iperf.pcap"
wire_check_encap "$OUTDIR/iperf.pcap" 9899 9899
big=$(wire_count "$OUTDIR/iperf.pcap" '($2 == 4 && $6 > 1500) || ($2 == 6 && $9 + 40 > 1500)')
assert_eq "$big" 0 "IP packets larger than the 1500-byte MTU"
info "ok"
