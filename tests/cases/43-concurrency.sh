#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 8, concurrency with lockdep (debug kernel, 2 vCPUs): six associations, IPv4 and IPv6, in both directions between
# two namespaces, encapsulated both ways, keep both CPUs busy in the
# datapath while udp_port and encap_port are rewritten and the debugfs
# stats and ports files are read, over and over.  All transfers end
# intact; both CPUs did work; lockdep is still on at the end (it turns
# itself off after its first report) and the harness finds no splat.
# heavy: yes
# kernels: debug
# smp: 2
# timeout: 2400
. "$TOP/tests/lib/guest.sh"

ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || fail "this test needs 2 CPUs, the guest has $ncpu"

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
ip netns exec ns2 sysctl -qw net.sctp.encap_port=9899

for ns in ns1 ns2; do
	ip netns exec $ns python3 -S "$GUEST_LIB/sctpt.py" server -6 --port 5001 >"$OUTDIR/srv-$ns.log" 2>&1 &
	wait_for "grep -q listening $OUTDIR/srv-$ns.log" 120
done

# client NS NAME ADDR [ARGS]
pids=()
client() {
	local ns=$1 name=$2 addr=$3
	shift 3
	# niced: the loop below must get the CPU it needs to rewrite sysctls
	ip netns exec "$ns" nice -n 19 python3 -S "$GUEST_LIB/sctpt.py" client "$addr" --port 5001 \
		--bytes 100000 --msg 8000 --until "$OUTDIR/stop" --timeout 300 "$@" \
		>"$OUTDIR/cli-$name.log" 2>&1 &
	pids+=("$!:$name")
}
rm -f "$OUTDIR/stop"
client ns1 a4 10.0.0.2
client ns1 a6 fd00::2 -6
client ns1 b4 10.0.0.2 --msg 60000
client ns2 c4 10.0.0.1
client ns2 c6 fd00::1 -6
client ns2 d6 fd00::1 -6 --msg 60000
wait_for "[ \$(stat_get rx_decap ns1) -gt 1000 ] && [ \$(stat_get rx_decap ns2) -gt 1000 ]" 180

# busy CPU ticks (all but idle and iowait) per CPU
busy() {
	awk '/^cpu[0-9]/ { print $1, $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
busy >"$OUTDIR/busy0"
t0=$(awk '{ print $1 }' /proc/uptime)

# Meanwhile: sysctls rewritten, debugfs read, from both namespaces.
# A step that hangs shows the blocked tasks (guarded).
for round in $(seq 30); do
	guarded 300 ip netns exec ns1 sysctl -qw net.sctp.udp_port=$((9900 + round % 3))
	guarded 300 ip netns exec ns2 sysctl -qw net.sctp.encap_port=$((9899 + round % 2))
	guarded 300 cat "$(stats_file ns1)" "$(stats_file ns2)" \
		/sys/kernel/debug/sctp_udp/*/ports >/dev/null
	sleep 0.5
done
info "30 rounds of sysctl writes and debugfs reads done"
guarded 300 ip netns exec ns1 sysctl -qw net.sctp.udp_port=9899
guarded 300 ip netns exec ns2 sysctl -qw net.sctp.encap_port=9899
sleep 5

busy >"$OUTDIR/busy1"
t1=$(awk '{ print $1 }' /proc/uptime)
touch "$OUTDIR/stop"
for p in "${pids[@]}"; do
	wait "${p%%:*}" || { cat "$OUTDIR/cli-${p#*:}.log"; fail "transfer ${p#*:} failed"; }
	grep -q " OK$" "$OUTDIR/cli-${p#*:}.log" || fail "transfer ${p#*:} not intact"
	cat "$OUTDIR/cli-${p#*:}.log"
done
stats_dump ns1
stats_dump ns2

# Both CPUs were busy for at least half of the time.
hz=$(getconf CLK_TCK)
elapsed=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%d", (b - a) * hz }')
join "$OUTDIR/busy0" "$OUTDIR/busy1" | while read -r cpu b0 b1; do
	info "$cpu busy $((b1 - b0)) of $elapsed ticks"
	[ $(( (b1 - b0) * 2 )) -ge "$elapsed" ] || fail "$cpu was not kept busy"
done

if [ -r /proc/lockdep_stats ]; then
	grep -E "debug_locks:" /proc/lockdep_stats
	assert_eq "$(awk '/debug_locks:/ { print $2 }' /proc/lockdep_stats)" 1 \
		"lockdep still on (no report)"
else
	info "no lockdep in this kernel"
fi
ip netns del ns1
ip netns del ns2
kmemleak_check
info "ok"
