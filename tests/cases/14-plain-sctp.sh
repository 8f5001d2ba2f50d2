#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4: plain SCTP keeps working while the module is loaded, and a
# plain SCTP packet on an encapsulated path switches that path back to
# plain SCTP (RFC 6951 section 5.4): mid-transfer the client's namespace
# turns encapsulation off (udp_port 0), its packets arrive plain, and the
# server follows.  Entries of ended associations are freed.  A plain
# association's fragmentation point is what it is without the module; an
# encapsulated one's is 8 bytes lower, and it gets them back when its path
# reverts to plain SCTP.  Encapsulation turned on under a live plain
# association leaves the path alone for a grace time, then reverts it.
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"
. "$GUEST_LIB/wire.sh"

load_module
netns_pair ns1 ns2
PLAIN_FRAG=1452 ENCAP_FRAG=1444
ports="/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 20

# 1. encap_port 0 everywhere: plain SCTP, untouched.
capture_start ns1 veth0 "$OUTDIR/plain.pcap" "sctp or udp"
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --msg 10000 --status >"$OUTDIR/plain.log" ||
	{ cat "$OUTDIR/plain.log"; fail "plain SCTP with the module loaded"; }
capture_stop
# A plain path keeps all of its MTU (src/mtu.c): 1500 - 20 (IPv4) - 12
# (SCTP common header) - 16 (DATA chunk header), as without the module.
assert_eq "$(status_field "$OUTDIR/plain.log" frag)" "$PLAIN_FRAG" "fragmentation point of a plain association"
wire_decode "$OUTDIR/plain.pcap"
assert_eq "$(wire_count "$OUTDIR/plain.pcap" '$3 != ""')" 0 "encapsulated packets of a plain association"
assert_gt "$(stat_get tx_plain ns1)" 10 "tx_plain ns1"
assert_eq "$(stat_get tx_encap ns1)" 0 "tx_encap ns1"
info "plain SCTP ok"

# 1b. The server's namespace encapsulates by default (encap_port 9899),
#     the client speaks plain SCTP: the server answers plain, on the port
#     the INIT came from (0), as native Linux does; nothing in UDP.
ip netns exec ns2 sysctl -qw net.sctp.encap_port=9899
plain0=$(stat_get tx_plain ns2)
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --msg 10000 || fail "plain client, server with encap_port"
assert_eq "$(stat_get tx_encap ns2)" 0 "encapsulated answers to a plain client (tx_encap ns2)"
assert_eq "$(stat_get rx_packets ns1)" 0 "UDP datagrams received by the plain client"
assert_gt "$(( $(stat_get tx_plain ns2) - plain0 ))" 10 "plain answers (tx_plain ns2)"
ip netns exec ns2 sysctl -qw net.sctp.encap_port=0
info "plain client of an encapsulating server ok"

# 2. Encapsulated, then the client stops encapsulating mid-transfer.
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 400000 --msg 20000 --pause-at 200000:120 --timeout 60 --status \
	--resume-file "$OUTDIR/resume" >"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli.log" 60
cat "$ports"
awk '$2 == "10.0.0.1" && $3 == 5001 && $5 == 9899' "$ports" | grep -q . ||
	fail "server did not learn 9899"
ip netns exec ns1 sysctl -qw net.sctp.udp_port=0
resume "$OUTDIR/resume"
# While the association lives (its entry goes 10 to 45 s after it ends, src/ports.c).
wait_for "awk '\$2 == \"10.0.0.1\" && \$3 == 5001 && \$5 == 0' $ports | grep -q ." 60
cat "$ports"
wait $cli || { cat "$OUTDIR/cli.log"; fail "transfer across the switch to plain SCTP"; }
stats_dump ns2
assert_gt "$(stat_get rx_plain_revert ns2)" 0 "rx_plain_revert"
# 8 bytes of the MTU for the UDP header while encapsulated, back once the
# path is plain (src/mtu.c).
assert_eq "$(status_field "$OUTDIR/cli.log" frag 1)" "$ENCAP_FRAG" "fragmentation point while encapsulated"
assert_eq "$(status_field "$OUTDIR/cli.log" frag)" "$PLAIN_FRAG" "fragmentation point back on plain SCTP"

# 3. Associations are over: their entries go (garbage collection).
wait_for "[ \$(stat_get ports_entries ns2) = 0 ]" 60
assert_gt "$(stat_get ports_expired ns2)" 0 "ports_expired"

# 4. Encapsulation turned on under a live plain association, as a module
#    load does: the server's namespace gets encap_port mid-transfer while
#    the client (udp_port 0) goes on sending plain SCTP.  For 2 s
#    (SCTP_UDP_REVERT_GRACE, src/rx.c) its plain packets, which may have
#    been sent before it could know, do not switch the path back to plain
#    (rx_learn_refused_grace); after that they do, and the transfer goes
#    on intact.
rm -f "$OUTDIR/stop-grace"
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --msg 4000 --until "$OUTDIR/stop-grace" --timeout 120 \
	>"$OUTDIR/grace.log" 2>&1 &
cli=$!
p0=$(stat_get tx_plain ns2)
wait_for "[ \$(stat_get tx_plain ns2) -gt $((p0 + 20)) ]" 60
grace0=$(stat_get rx_learn_refused_grace ns2)
revert0=$(stat_get rx_plain_revert ns2)
ip netns exec ns2 sysctl -qw net.sctp.encap_port=9899
wait_for "[ \$(stat_get rx_learn_refused_grace ns2) -gt $grace0 ]" 30
wait_for "[ \$(stat_get rx_plain_revert ns2) -gt $revert0 ]" 60
wait_for "awk '\$2 == \"10.0.0.1\" && \$3 == 5001 && \$5 == 0' $ports | grep -q ." 30
cat "$ports"
touch "$OUTDIR/stop-grace"
wait $cli || { cat "$OUTDIR/grace.log"; fail "transfer across encapsulation turned on"; }
cat "$OUTDIR/grace.log"
grep -q " OK$" "$OUTDIR/grace.log" || fail "transfer across encapsulation turned on not intact"
stats_dump ns2
ip netns exec ns2 sysctl -qw net.sctp.encap_port=0
info "encapsulation turned on under a plain association ok"

# 5. A plain association beside an encapsulated one: the tables are not
#    empty, so each plain packet, sent or received, looks its path up and
#    finds no entry.  The per-CPU cache keeps that answer too
#    (src/ports.c): all but the first lookups of the path are hits, none
#    goes to the table.  The encapsulated association is idle meanwhile.
ip netns exec ns1 sysctl -qw net.sctp.udp_port=9899
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
hold ns1 10.0.0.2 5001 1 held
for ns in ns1 ns2; do
	assert_ge "$(stat_get ports_entries $ns)" 1 "ports_entries $ns beside the plain association"
done
ip netns exec ns1 sysctl -qw net.sctp.encap_port=0
h1=$(stat_get ports_cache_hit ns1) h2=$(stat_get ports_cache_hit ns2)
p1=$(stat_get tx_plain ns1) p2=$(stat_get tx_plain ns2)
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --msg 1000 >"$OUTDIR/beside.log" 2>&1 ||
	{ cat "$OUTDIR/beside.log"; fail "plain association beside an encapsulated one"; }
dp1=$(( $(stat_get tx_plain ns1) - p1 )) dp2=$(( $(stat_get tx_plain ns2) - p2 ))
dh1=$(( $(stat_get ports_cache_hit ns1) - h1 )) dh2=$(( $(stat_get ports_cache_hit ns2) - h2 ))
info "plain packets sent: ns1 $dp1, ns2 $dp2; cache hits: ns1 $dh1, ns2 $dh2"
assert_gt "$dp1" 50 "plain packets sent by the client (tx_plain ns1)"
assert_gt "$dp2" 50 "plain packets sent by the server (tx_plain ns2)"
# Each namespace looked up as many paths as it sent and received packets:
# at least its plain packets sent are answered by the cache.
assert_ge "$dh1" $((dp1 * 9 / 10)) "ports_cache_hit ns1 for $dp1 plain packets sent"
assert_ge "$dh2" $((dp2 * 9 / 10)) "ports_cache_hit ns2 for $dp2 plain packets sent"
release held
info "ok"
