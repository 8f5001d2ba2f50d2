#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where the encapsulated datapath spends its instructions (guest side of
# tests/bench/profile.sh).  Under -icount, cpu-clock samples are
# instruction samples: the same fixed amount of data is sent plain and
# encapsulated, and perf's sample counts per function compare directly.
#
# Environment: PROFILE_BYTES (iperf3 -n, 200M), PROFILE_CASE:
#   bulk (v4, MTU 1500, 1 stream, CRC offloaded), bulk-sw (CRC in
#   software), bulk6, bulk6-sw, rr (1-byte request/response, PROFILE_RR
#   exchanges); PROFILE_MODES (plain encap plain-nogso); PROFILE_MTU
#   (the veths' MTU, 1500).
# Guest time jumps when the guest waits for the host (-icount sleep=off):
# wait_for must not time out on such jumps.
export WAIT_SCALE=${WAIT_SCALE:-1000}
. "$TOP/tests/lib/guest.sh"

BYTES=${PROFILE_BYTES:-200M}
CASE=${PROFILE_CASE:-bulk}
NRR=${PROFILE_RR:-20000}
RR=${RR:-$TOP/.build/bench/rr}
UPORT=9899

case "$KERNEL" in
bullseye*) impl=module; load_module ;;
*) impl=native; modprobe sctp ;;
esac
netns_pair ns1 ns2
for ns in ns1 ns2; do
	ip netns exec $ns sysctl -qw net.sctp.udp_port=$UPORT
done
for ns in ns1 ns2; do
	ip -n $ns link set veth0 mtu "${PROFILE_MTU:-1500}"
done
[ "${CASE%-sw}" = "$CASE" ] || for ns in ns1 ns2; do
	ip netns exec $ns ethtool -K veth0 tx-checksum-sctp off
done
ip netns exec ns2 iperf3 -s -D
ip netns exec ns2 "$RR" server 7000 >/tmp/rr-server.log 2>&1 &
wait_for "ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q ." 30
wait_for "grep -q listening /tmp/rr-server.log" 30
addr=10.0.0.2
[ "${CASE#bulk6}" = "$CASE" ] || addr=fd00::2

# Warm up (page cache of the binaries, first association).
ip netns exec ns1 iperf3 --sctp -c $addr -n 1M >/dev/null
ip netns exec ns1 "$RR" client 10.0.0.2 7000 1 100 >/dev/null

cat /proc/kallsyms >"$OUTDIR/kallsyms"
info "perf check"
# No timeout here or below: perf's start reads much over 9p, and each
# wait for the host makes guest time jump (vm.sh's wall timeout guards).
perf record -B -N -q -a -e cpu-clock -F 100 -o /tmp/p.data -- sleep 0.2 ||
	fail "perf does not work here"
info "perf ok"
for mode in ${PROFILE_MODES:-plain encap plain-nogso}; do
	port=0
	[ $mode != encap ] || port=$UPORT
	ip netns exec ns1 sysctl -qw net.sctp.encap_port=$port
	[ $mode != plain-nogso ] || for ns in ns1 ns2; do
		ip netns exec $ns ethtool -K veth0 tx-sctp-segmentation off gso off
	done
	data=/tmp/perf-$mode.data
	read -r t0 _ </proc/uptime
	if [ "$CASE" = rr ]; then
		perf record -B -N -q -a -g -e cpu-clock -F 2000 -o $data -- \
			ip netns exec ns1 "$RR" client 10.0.0.2 7000 1 "$NRR"
	else
		perf record -B -N -q -a -g -e cpu-clock -F 2000 -o $data -- \
			ip netns exec ns1 iperf3 --sctp -c $addr -n "$BYTES" -f m |
			grep -a receiver
	fi
	read -r t1 _ </proc/uptime
	cp $data "$OUTDIR/perf-$mode.data"
	info "$mode: $(awk -v a=$t0 -v b=$t1 'BEGIN { print b - a }') s of guest time"
done
[ $impl != module ] || stats_dump ns1
