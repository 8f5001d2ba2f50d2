#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5 (and 8): the 8 bytes reserved for the UDP header are per socket
# (src/mtu.c: the socket points at the module's copy of SCTP's family
# descriptor).  accept() and peeloff copy the parent's struct sctp_sock,
# that pointer included, into a new socket: the module must adopt such
# sockets, so that unloading points them back to SCTP's own descriptor.
# An encapsulated association is accepted on a one-to-one socket and
# peeled off a one-to-many one; both new sockets are sized with the
# reserve (fragmentation point 8 bytes lower); then the module is unloaded
# and both carry another 20,000-byte message each way, now as plain SCTP.
# Without the adoption that send reads the unloaded module's memory.
# kernels: bullseye debug
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module
netns_pair ns1 ns2
PLAIN_FRAG=1452 ENCAP_FRAG=1444
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpchildren.py" server --port 5001 \
	--resume-file "$OUTDIR/go" >"$OUTDIR/srv.log" 2>&1 &
srv=$!
wait_for "grep -q listening $OUTDIR/srv.log" 60
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpchildren.py" client 10.0.0.2 --port 5001 \
	--resume-file "$OUTDIR/go" >"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q 'children ready' $OUTDIR/srv.log" 120 ||
	{ cat "$OUTDIR/srv.log" "$OUTDIR/cli.log"; fail "no accepted and peeled-off sockets"; }
cat "$OUTDIR/srv.log"
grep -q "first ok" "$OUTDIR/cli.log" || fail "first echo"
assert_gt "$(stat_get tx_encap ns2)" 4 "server's packets encapsulated (tx_encap ns2)"
assert_eq "$(stat_get tx_plain ns2)" 0 "server's plain packets (tx_plain ns2)"
assert_eq "$(status_field "$OUTDIR/srv.log" frag 1)" "$ENCAP_FRAG" "fragmentation point of the accepted socket"
assert_eq "$(status_field "$OUTDIR/srv.log" frag 2)" "$ENCAP_FRAG" "fragmentation point of the peeled-off socket"

# Meanwhile a socket that never encapsulates keeps the whole MTU.
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5004 --once \
	>"$OUTDIR/plain-srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/plain-srv.log" 60
ip netns exec ns1 sysctl -qw net.sctp.encap_port=0
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5004 \
	--bytes 100000 --msg 10000 --status >"$OUTDIR/plain.log" ||
	{ cat "$OUTDIR/plain.log"; fail "plain association"; }
assert_eq "$(status_field "$OUTDIR/plain.log" frag)" "$PLAIN_FRAG" "fragmentation point of a plain association"

unload_module
lsmod | grep -q '^sctp_udp ' && fail "sctp_udp still loaded"
touch "$OUTDIR/go"
wait $cli || { cat "$OUTDIR/cli.log"; fail "client after the unload"; }
wait $srv || { cat "$OUTDIR/srv.log"; fail "accepted and peeled-off sockets after the unload"; }
cat "$OUTDIR/cli.log"
grep -q "second ok" "$OUTDIR/cli.log" || fail "second echo"
grep -q "children ok" "$OUTDIR/srv.log" || fail "children's echo"
info "ok"
