#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 9 (src/ports.c): the learned-port table's collector walks the
# table in slices of 256 entries, one a second, keeping its place between
# slices.  With 600 associations (600 entries in each namespace, a walk of
# three slices): no entry of a live association is freed over several
# walks; once the associations end, every entry goes within the bound
# ports.c states (10 to 45 s, plus 1 s per 256 entries), as the table
# shrinks under the walk (rhashtable resizes restart a stopped walk);
# and so again for associations that end before their entries are first
# checked, which fall due together: the walk then stops on an entry it
# has just freed, and the table shrinks before the next slice.
# Then 600 associations again, and the namespaces and the module go while
# they live, a walk stopped between two slices or not (its place is let go
# in sctp_udp_ports_exit): on the debug kernel, KASAN, lockdep and
# kmemleak watch all of it.
# kernels: bullseye debug
# timeout: 900
. "$TOP/tests/lib/guest.sh"

N=600
load_module udp_port=9899 encap_port=0
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --seqpacket --port 5003 >"$OUTDIR/srv.log" 2>&1 &
srv=$!
wait_for "grep -q listening $OUTDIR/srv.log" 20

# entries_gone: wait until neither namespace has an entry left.
entries_gone() {
	wait_for "[ \$(stat_get ports_entries ns2) = 0 ] && [ \$(stat_get ports_entries ns1) = 0 ]" 120
}

# 1. While the associations live, their entries stay, in both namespaces.
hold ns1 10.0.0.2 5003 $N first 300
t0=$(cut -d' ' -f1 /proc/uptime)
for ns in ns1 ns2; do
	assert_ge "$(stat_get ports_entries $ns)" $N "ports_entries $ns with $N associations"
done
# Every entry is asked about 10 s after it was made and 20 s after that:
# by 35 s, every entry has been found live at least twice, by walks of
# three slices each.
sleep 35
for ns in ns1 ns2; do
	assert_ge "$(stat_get ports_entries $ns)" $N "ports_entries $ns after 35 s"
	assert_eq "$(stat_get ports_expired $ns)" 0 "ports_expired $ns while the associations live"
done
stats_dump ns2
info "$N live entries kept over the walks"

# 2. They end: every entry goes, within 45 s + 3 slices (and a margin
# for a slow guest).
release first 120
wait_for "[ \$(ip netns exec ns1 awk 'NR > 1' /proc/net/sctp/assocs | wc -l) = 0 ]" 60
t1=$(cut -d' ' -f1 /proc/uptime)
entries_gone
t2=$(cut -d' ' -f1 /proc/uptime)
for ns in ns1 ns2; do
	assert_ge "$(stat_get ports_expired $ns)" $N "ports_expired $ns"
done
stats_dump ns2
gone=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", b - a }')
info "all entries gone $gone s after the associations ended ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s after they were made)"
# The bound is 48 s; twice that for a guest the host starves.
[ "$gone" -le 96 ] || fail "entries went $gone s after their associations (bound: 48 s)"

# 3. Associations that end before the collector first asks about them,
# three times: their entries fall due together, so a slice frees every
# entry it visits, the last one included, and the table shrinks under
# the walk, between two slices.  Starting the next slice must not step
# from that freed entry (5.10's rhashtable_walk_start_check keeps it as
# the walk's place when a resize makes the walk start over: KASAN found
# the read in CI).  Each time, every entry goes.
expired=$(stat_get ports_expired ns2)
for round in 1 2 3; do
	hold ns1 10.0.0.2 5003 $N short$round 300
	release short$round 120
	entries_gone
	expired=$((expired + N))
	assert_ge "$(stat_get ports_expired ns2)" $expired "ports_expired ns2 after short round $round"
done
info "3 x $N short-lived entries freed, the table shrinking under the walk"

# 4. Again, and everything goes while they live.
hold ns1 10.0.0.2 5003 $N second 300
sleep 3
assert_ge "$(stat_get ports_entries ns2)" $N "ports_entries ns2, second time"
# The namespaces stay while the processes in them do: rmmod runs the
# module's namespace exit for both under their live associations.
ip netns del ns1
ip netns del ns2
unload_module
release second 120
kill $srv
wait 2>/dev/null || true
kmemleak_check
info "ok"
