#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness itself: the guest boots, kernel SCTP loads, an association
# between two namespaces carries data (IPv4 and IPv6), the lksctp tools
# are there, and packet capture works.
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"

modprobe sctp
grep -qw sctp /proc/modules || fail "sctp did not load"
command -v sctp_test >/dev/null || fail "sctp_test missing"
command -v sctp_darn >/dev/null || fail "sctp_darn missing"
[ -d /sys/kernel/debug/tracing ] || [ -d /sys/kernel/tracing ] || fail "no debugfs/tracefs"

info "sctp loaded, tools present"
netns_pair ns1 ns2
info "namespaces up"
capture_start ns1 veth0 "$OUTDIR/boot.pcap" sctp

info "capture running"
sctp_server_start ns2 10.0.0.2 5001
sctp_client ns1 10.0.0.2 5001 --count 5 --size 1000
sctp_server_start ns2 fd00::2 5002
sctp_client ns1 fd00::2 5002 --count 5 --size 1000

# The client returns once its data is acknowledged; the shutdown may still
# be in flight. Stop the capture only when both sides have no association.
wait_for "[ \$(in_ns ns1 cat /proc/net/sctp/assocs | wc -l) -le 1 ] &&
	[ \$(in_ns ns2 cat /proc/net/sctp/assocs | wc -l) -le 1 ]" 60
capture_stop
info "associations done, capture stopped"
# Count chunks by type, not packets: how SACKs bundle with DATA varies
# from run to run. Each association has its handshake, 5 DATA chunks of
# 1000 bytes (too big to bundle two) and a shutdown.
types=$(tshark -r "$OUTDIR/boot.pcap" -Y sctp -T fields -e sctp.chunk_type \
	2>/dev/null | tr ',' '\n')
count() { grep -cx "$1" <<<"$types" || true; }
info "chunks (type:count): $(sort -n <<<"$types" | uniq -c | awk '{printf "%s:%s ", $2, $1}')"
assert_ge "$(count 1)" 2 "INIT chunks"
assert_ge "$(count 2)" 2 "INIT ACK chunks"
assert_ge "$(count 10)" 2 "COOKIE ECHO chunks"
assert_ge "$(count 11)" 2 "COOKIE ACK chunks"
assert_ge "$(count 0)" 10 "DATA chunks"
assert_ge "$(count 3)" 1 "SACK chunks"
assert_ge "$(count 7)" 2 "SHUTDOWN chunks"
assert_ge "$(count 14)" 2 "SHUTDOWN COMPLETE chunks"
info "ok"
