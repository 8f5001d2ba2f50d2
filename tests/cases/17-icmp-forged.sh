#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 5, RFC 6951 section 5.5: ICMP errors that cannot be tied to an
# association with the right verification tag are dropped silently.
# A live encapsulated association (ns1 -> ns2) gets forged ICMP
# Fragmentation Needed (MTU 1200) messages quoting SCTP-in-UDP packets:
#   wrong vtag, INIT quote with a wrong Initiate Tag, a UDP flow that is
#   not ours, no association, a quote too short for the vtag, the wrong
#   UDP destination port, a bad ICMP checksum
# each is counted under its reason and none moves the path MTU (neither
# SCTP's nor the route's).  Then a genuine-looking one (right tag) does:
# icmp_delivered moves and SCTP's path MTU becomes 1200, which shows the
# drops above were decisions, not a deaf hook.
# kernels: bullseye debug
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

capture_start ns1 veth0 "$OUTDIR/tags.pcap" "udp port 9899"
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 60
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 400000 --msg 20000 --pause-at 200000:600 --resume-file $OUTDIR/resume --timeout 700 --status \
	>"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli.log" 60
sleep 1
capture_stop

# The tag ns1 puts on its packets (the peer's) and its SCTP port.
set -- $(tshark -r "$OUTDIR/tags.pcap" -Y 'ip.src == 10.0.0.1 && sctp.verification_tag != 0' \
	-T fields -e sctp.verification_tag -e sctp.srcport 2>/dev/null | head -n1)
vtag=${1:?no SCTP packet from ns1 captured}
cport=${2:?}
info "association: 10.0.0.1:$cport -> 10.0.0.2:5001, peer's vtag $vtag"
wrong=$(printf '0x%08x' $(( vtag ^ 0x01010101 )))

forge() {
	ip netns exec ns2 python3 -S "$GUEST_LIB/icmpcraft.py" --to 10.0.0.1 \
		--qsrc 10.0.0.1 --qdst 10.0.0.2 --sctp-sport "$cport" \
		--sctp-dport 5001 --type frag --mtu 1200 "$@"
}

route_mtu() {
	ip -n ns1 route get 10.0.0.2 | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}

# expect COUNTER N CMD...: CMD moves COUNTER by exactly N.
expect() {
	local c=$1 n=$2 before after
	shift 2
	before=$(stat_get "$c" ns1)
	"$@" >/dev/null
	sleep 0.5
	after=$(stat_get "$c" ns1)
	[ "$((after - before))" = "$n" ] || stats_dump ns1
	assert_eq "$((after - before))" "$n" "$c after: $*"
}

d0=$(stat_get icmp_delivered ns1)
expect icmp_drop_vtag 3 forge --vtag "$wrong" --count 3
expect icmp_drop_vtag 1 forge --vtag 0 --chunk init --init-tag 0x12345678
expect icmp_not_ours 1 forge --vtag "$vtag" --qsport 40000 --qdport 53
expect icmp_drop_noassoc 1 forge --vtag "$vtag" --sctp-dport 5999
expect icmp_drop_truncated 1 forge --vtag "$vtag" --quote-bytes 4
expect icmp_drop_port 1 forge --vtag "$vtag" --qdport 9900
expect icmp_drop_csum 1 forge --vtag "$vtag" --bad-csum
# Path MTU discovery off for ICMP (ip_no_pmtu_disc=2): even a matching
# Fragmentation Needed is dropped, as the kernel does for plain SCTP.
ip netns exec ns1 sysctl -qw net.ipv4.ip_no_pmtu_disc=2
expect icmp_drop_pmtu_off 1 forge --vtag "$vtag"
ip netns exec ns1 sysctl -qw net.ipv4.ip_no_pmtu_disc=0
# Debug kernel (fault injection): the private copy cannot be made.
fail_copy=/sys/kernel/debug/sctp_udp/fail_icmp_copy
if [ -d "$fail_copy" ]; then
	echo 0 >"$fail_copy/verbose"
	echo 1 >"$fail_copy/times"
	echo 100 >"$fail_copy/probability"
	expect icmp_drop_nomem 1 forge --vtag "$vtag"
fi
assert_eq "$(stat_get icmp_delivered ns1)" "$d0" "ICMP delivered to SCTP by forged messages"
assert_eq "$(route_mtu)" "" "route MTU exception after the forged messages"
ip -n ns1 route get 10.0.0.2

# The right tag: SCTP takes the new MTU.
expect icmp_delivered 1 forge --vtag "$vtag"
ip -n ns1 route get 10.0.0.2
assert_eq "$(route_mtu)" 1200 "route MTU after the matching ICMP"

resume "$OUTDIR/resume"
wait $cli || { cat "$OUTDIR/cli.log"; fail "transfer"; }
cat "$OUTDIR/cli.log"
stats_dump ns1
mtu=$(status_field "$OUTDIR/cli.log" mtu)
assert_eq "$mtu" 1200 "SCTP path MTU after the matching ICMP"
info "ok"
