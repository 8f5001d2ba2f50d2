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

capture_stop
info "associations done, capture stopped"
# INIT, INIT ACK, ..., DATA both ways, SHUTDOWN: a handful of packets per
# association.
n=$(tshark -r "$OUTDIR/boot.pcap" -Y sctp 2>/dev/null | wc -l)
info "captured $n SCTP packets"
assert_ge "$n" 20 "SCTP packets captured"
tshark -r "$OUTDIR/boot.pcap" -Y 'sctp.chunk_type == 1' 2>/dev/null | grep -q INIT ||
	fail "no INIT chunk in the capture"
info "ok"
