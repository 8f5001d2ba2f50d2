#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's guest side (booted by tests/bench/run.sh with vm.sh
# --icount: -smp 1 -icount shift=1,sleep=off, so guest time counts
# instructions).  Two namespaces joined by veth (tests/lib/guest.sh
# netns_pair); every case is measured in rounds, each round one plain SCTP
# run and one UDP-encapsulated run (the order alternates between rounds),
# switched by ns1's net.sctp.encap_port (0: plain, 9899: encapsulated);
# net.sctp.udp_port is 9899 in both namespaces throughout, as on a host
# that speaks both.  On bullseye (5.10) encapsulation is sctp_udp.ko's,
# loaded once; on bookworm (6.1) it is the kernel's own.
#
# Results: $OUTDIR/bench-$KERNEL.tsv, one line per measurement:
#   kernel impl phase case round mode value unit
# and $OUTDIR/mem-$KERNEL.tsv (memory per learned path).
#
# Environment: ROUNDS (5), BULK_BYTES (iperf3 -n, 64M), RR_COUNT (3000),
# HOLD_N (10000), CASES (regex on case names, default all), PLAIN0=1 (a
# third mode, plain0, in every case: see set_mode), NO_HOLD=1
# skips the 10,000-association phase, NO_MEM=1 its memory measurement.
# Guest time jumps when the guest waits for the host (-icount sleep=off,
# 9p reads on a busy host): wait_for must not time out on such jumps.
export WAIT_SCALE=${WAIT_SCALE:-1000}
. "$TOP/tests/lib/guest.sh"

ROUNDS=${ROUNDS:-5}
BULK_BYTES=${BULK_BYTES:-64M}
RR_COUNT=${RR_COUNT:-3000}
HOLD_N=${HOLD_N:-10000}
CASES=${CASES:-.}
UPORT=9899
RR=${RR:-$TOP/.build/bench/rr}
TSV=$OUTDIR/bench-$KERNEL.tsv
MEMTSV=$OUTDIR/mem-$KERNEL.tsv
[ -x "$RR" ] || fail "rr not built: $RR"

case "$KERNEL" in
bullseye*)
	impl=module
	load_module
	;;
*)
	impl=native
	[ -e /proc/sys/net/sctp/udp_port ] ||
		modprobe sctp
	;;
esac
info "kernel $(uname -r), encapsulation: $impl, rounds $ROUNDS"
# Which CRC32c implementation SCTP got (libcrc32c takes the best loaded).
info "crc32c drivers: $(awk '$1 == "driver" && $3 ~ /crc32c/ { printf "%s ", $3 }' /proc/crypto)"

netns_pair ns1 ns2
for ns in ns1 ns2; do
	ip netns exec $ns sysctl -qw net.sctp.udp_port=$UPORT
	ip netns exec $ns sysctl -qw net.sctp.encap_port=0
done
assert_eq "$(ip netns exec ns2 sysctl -n net.sctp.udp_port)" $UPORT "udp_port"

: >"$TSV"
record() {	# phase case round mode value unit
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$KERNEL" "$impl" "$@" >>"$TSV"
	info "$*"
}

# Modes: plain and encap as above; plain0 (PLAIN0=1) is plain SCTP with
# ns1's udp_port 0, as on a host without encapsulation.  Native 6.1
# reserves the UDP header's 8 bytes in every socket created while
# udp_port is set (its fragmentation point is sized for UDP even on a
# plain path), so its plain mode carries 8 bytes less per DATA chunk than
# plain SCTP; sctp_udp.ko reserves them only on sockets that encapsulate,
# so its plain and plain0 are the same.
# udp_port is written only with PLAIN0=1, so that without it a run
# writes exactly what it always did (a write may reopen native 6.1's
# UDP sockets, even with the same value).
set_mode() {
	local port=$UPORT
	[ "$1" != plain0 ] || port=0
	[ -z "${PLAIN0:-}" ] || ip netns exec ns1 sysctl -qw net.sctp.udp_port=$port
	case $1 in
	plain*) ip netns exec ns1 sysctl -qw net.sctp.encap_port=0 ;;
	encap) ip netns exec ns1 sysctl -qw net.sctp.encap_port=$UPORT ;;
	esac
}

# Counters that show a run really was encapsulated (or not): the module's
# tx_encap on bullseye; on 6.1, UDP datagrams received in ns2 (Udp and
# Udp6 InDatagrams), which only encapsulated SCTP makes here.
encap_count() {
	if [ $impl = module ]; then
		stat_get tx_encap ns1
	else
		ip netns exec ns2 awk '
			/^Udp:/ && $2 ~ /^[0-9]/ { n += $2 }
			$1 == "Udp6InDatagrams" { n += $2 }
			END { print n + 0 }' /proc/net/snmp /proc/net/snmp6
	fi
}

check_mode() {	# mode before after
	local d=$(($3 - $2))
	case $1 in
	plain*) [ "$d" -lt 10 ] || fail "plain run was encapsulated ($d)" ;;
	encap) [ "$d" -gt 10 ] || fail "encapsulated run was not ($d)" ;;
	esac
}

# link MTU CSUM: veth MTU and SCTP checksum offload (on / off) on both ends.
link() {
	local ns
	for ns in ns1 ns2; do
		ip -n $ns link set veth0 mtu "$1"
		ip netns exec $ns ethtool -K veth0 tx-checksum-sctp "$2" >/dev/null 2>&1 ||
			fail "ethtool -K veth0 tx-checksum-sctp $2"
	done
}

ip netns exec ns2 iperf3 -s -D -I /tmp/iperf3.pid
ip netns exec ns2 "$RR" server 7000 >/tmp/rr-server.log 2>&1 &
wait_for "grep -q listening /tmp/rr-server.log" 30
wait_for "ip netns exec ns2 ss -Htln 'sport = :5201' | grep -q ." 30

# bulk FAMILY MTU STREAMS CSUM: Mbit/s, as iperf3's sender reports it
# (bytes written over the time from the test's start to the last write).
# The receiver's figure ends when the server handles the client's
# TEST_END, and that waits on scheduling: on 5.10 sometimes 0.1 ms after
# the last byte, sometimes 3.9 ms (the client runs on to the next 4 ms
# tick), on 6.1 always 4.0 ms; at MTU 9000 a 16 MiB run lasts 336 ms, so
# that tail moved 5.10's figures in steps of 1.2%.  The sender's end has
# no such tail; what it leaves out (the data still in the socket buffer,
# the same in every mode) is the same in both modes of a round.  64 MiB
# per run averages the rest of 5.10's run-to-run spread over 4 times as
# many packets.  A failed iperf3 run (it happens, rarely, in both modes)
# is logged and run again.
bulk() {
	local addr=10.0.0.2 out v try
	[ "$1" = v4 ] || addr=fd00::2
	for try in 1 2 3; do
		out=$(ip netns exec ns1 iperf3 --sctp -c $addr -n "$BULK_BYTES" -P "$3" -J 2>&1) || true
		v=$(echo "$out" | jq -r '.end.sum_sent.bits_per_second // empty' 2>/dev/null) || true
		if [ -n "$v" ]; then
			awk -v v="$v" 'BEGIN { printf "%.3f\n", v / 1e6 }'
			return 0
		fi
		echo "# iperf3 $* failed (try $try): $(echo "$out" | jq -r '.error // empty' 2>/dev/null | head -c 300)" >&2
		echo "$out" | grep -v '^ *[{}]' | tail -5 >&2
		sleep 1
	done
	fail "iperf3 $*: no result after 3 tries"
}

rr() {	# SIZE: transactions/s
	local out
	out=$(ip netns exec ns1 "$RR" client 10.0.0.2 7000 "$1" "$RR_COUNT") ||
		fail "rr $1"
	set -- $out
	echo "$2"
}

# measure PHASE CASE ROUND CMD...: the plain and the encapsulated run of
# one case in one round.
measure() {
	local phase=$1 case=$2 round=$3 modes mode before v unit=Mbit/s
	shift 3
	[[ $case =~ $CASES ]] || return 0
	[ "$phase" = bulk ] || [ "$phase" = ref ] || unit=tps
	modes="plain encap${PLAIN0:+ plain0}"
	[ $((round % 2)) = 1 ] || modes="${PLAIN0:+plain0 }encap plain"
	for mode in $modes; do
		set_mode $mode
		before=$(encap_count)
		v=$("$@")
		check_mode $mode "$before" "$(encap_count)"
		record "$phase" "$case" "$round" $mode "$v" $unit
	done
}

bulk_round() {
	local r=$1 fam mtu st cs cn
	for cs in on off; do
		cn=hw
		[ $cs = on ] || cn=sw
		for mtu in 1500 9000; do
			link $mtu $cs
			for fam in v4 v6; do
				for st in 1 4; do
					measure bulk "bulk-$fam-mtu$mtu-P$st-csum$cn" "$r" \
						bulk $fam $mtu $st $cs
				done
			done
		done
	done
	link 1500 on
}

rr_round() {	# PHASE ROUND
	measure "$1" "$1-1B" "$2" rr 1
	measure "$1" "$1-1KB" "$2" rr 1024
}

# Warm-up: every program and code path once, so that no measurement waits
# for the host (a wait makes guest time jump under -icount sleep=off).
for mode in plain encap; do
	set_mode $mode
	bulk v4 1500 1 on >/dev/null
	rr 1 >/dev/null
	encap_count >/dev/null
done
link 1500 on

for r in $(seq "$ROUNDS"); do
	info "round $r: bulk"
	bulk_round "$r"
	info "round $r: rr"
	rr_round rr "$r"
	# Reference: plain SCTP with GSO off on veth (one wire packet per skb,
	# as the encapsulated path segments): the best a segmenting datapath
	# can do.
	for ns in ns1 ns2; do
		ip netns exec $ns ethtool -K veth0 tx-sctp-segmentation off gso off >/dev/null
	done
	measure ref ref-nogso-bulk-v4-mtu1500-P1-csumhw "$r" bulk v4 1500 1 on
	for ns in ns1 ns2; do
		ip netns exec $ns ethtool -K veth0 tx-sctp-segmentation on gso on >/dev/null
	done
done

[ -z "${NO_HOLD:-}" ] || exit 0

# ---------------------------------------------------------------------------
# 10,000 associations.  Memory per learned path: the kernel memory that
# HOLD_N encapsulated associations take, less what HOLD_N plain ones take
# (plain ones make no table entries), divided by the entries learned in
# both namespaces (the sum of the ports files' lines on bullseye).

used_kb() {
	awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 }
	     /^Buffers:/ { b = $2 } /^Cached:/ { c = $2 }
	     END { print t - f - b - c }' /proc/meminfo
}
slab_bytes() {
	awk 'NR > 2 { s += $2 * $4 } END { print s }' /proc/slabinfo
}
entries() {
	local n=0 ns f
	[ $impl = module ] || { echo 0; return; }
	for ns in ns1 ns2; do
		f=/sys/kernel/debug/sctp_udp/$(netns_inode $ns)/ports
		n=$((n + $(awk 'NR > 1' "$f" | wc -l)))
	done
	echo $n
}
assocs() {
	local n=0 ns
	for ns in ns1 ns2; do
		n=$((n + $(ip netns exec $ns awk 'NR > 1' /proc/net/sctp/assocs | wc -l)))
	done
	echo $n
}
settle() {	# wait for the ports table to forget the closed associations
	wait_for "[ \$(assocs) -le 2 ]" 120
	[ $impl != module ] || wait_for "[ \$(entries) -le 4 ]" 120
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

ip netns exec ns2 "$RR" hold-server 7001 >/tmp/hold-server.log 2>&1 &
wait_for "grep -q listening /tmp/hold-server.log" 30

# hold MODE: HOLD_N associations from ns1, kept in the background ($hold_pid).
hold() {
	set_mode "$1"
	rm -f /tmp/hold.log
	ip netns exec ns1 "$RR" hold 10.0.0.2 7001 "$HOLD_N" >/tmp/hold.log 2>&1 &
	hold_pid=$!
	wait_for "grep -q held /tmp/hold.log || ! kill -0 $hold_pid" 600
	grep -q held /tmp/hold.log || { cat /tmp/hold.log; fail "rr hold"; }
	wait_for "[ \$(assocs) -ge $((2 * HOLD_N)) ]" 60
}

: >"$MEMTSV"
if [ -z "${NO_MEM:-}" ]; then
	declare -A du ds
	for mode in plain encap; do
		settle
		u0=$(used_kb) s0=$(slab_bytes) e0=$(entries)
		cat /proc/slabinfo >/tmp/slab0-$mode
		hold $mode
		sleep 1
		u1=$(used_kb) s1=$(slab_bytes) e1=$(entries)
		cat /proc/slabinfo >/tmp/slab1-$mode
		du[$mode]=$((u1 - u0)) ds[$mode]=$((s1 - s0))
		info "$HOLD_N $mode associations: +$((u1 - u0)) kB used, +$(((s1 - s0) / 1024)) kB slab, entries $e0 -> $e1"
		if [ $mode = plain ]; then
			kill $hold_pid
			wait $hold_pid 2>/dev/null || true
		fi
	done
	n=$((e1 - e0))
	info "slab caches that grew more with encapsulated associations than with plain ones (kB, objects, object size):"
	awk 'FNR > 2 { d[$1] += m * $2 * $4; o[$1] += m * $2; sz[$1] = $4 }
	     FNR == 1 { i++; m = (i % 2 == 1) ? 1 : -1 }
	     END { for (c in d) if (d[c] > 16384 || d[c] < -16384)
		printf "#   %8.0f %8d %5d %s\n", d[c] / 1024, o[c], sz[c], c }' \
		/tmp/slab1-encap /tmp/slab0-encap /tmp/slab0-plain /tmp/slab1-plain | sort -rn
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$KERNEL" "$impl" "$HOLD_N" "$n" \
		"$(((du[encap] - du[plain]) * 1024))" "$((ds[encap] - ds[plain]))" >>"$MEMTSV"
	[ $n -le 0 ] || info "memory per learned path: $(((du[encap] - du[plain]) * 1024 / n)) B (all kernel memory), $(((ds[encap] - ds[plain]) / n)) B (slab), $n entries"
else
	hold encap
fi
info "holding $(assocs) association ends, $(entries) learned paths"

for r in $(seq "$ROUNDS"); do
	info "round $r: rr with $HOLD_N associations"
	rr_round rr10k "$r"
done
kill $hold_pid
info "done"
