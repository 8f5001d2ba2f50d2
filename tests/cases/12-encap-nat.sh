#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4: a router namespace doing source NAT with port rewriting
# (nftables masquerade to random ports) between client and server.  The
# association comes up over UDP; mid-transfer the NAT mapping is flushed,
# so the client's packets arrive from a new UDP source port, and the
# server must follow it (RFC 6951 section 5.4) for the data to complete.
#
#   ns1 (10.1.0.1) --- (10.1.0.254) nat (10.2.0.254) --- ns2 (10.2.0.2)
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module
for ns in ns1 nat ns2; do
	ip netns add $ns
	ip -n $ns link set lo up
done
ip link add veth0 netns ns1 type veth peer name in0 netns nat
ip link add veth0 netns ns2 type veth peer name out0 netns nat
ip -n ns1 addr add 10.1.0.1/24 dev veth0
ip -n nat addr add 10.1.0.254/24 dev in0
ip -n nat addr add 10.2.0.254/24 dev out0
ip -n ns2 addr add 10.2.0.2/24 dev veth0
for l in "ns1 veth0" "nat in0" "nat out0" "ns2 veth0"; do
	set -- $l
	ip -n $1 link set $2 up
done
ip -n ns1 route add default via 10.1.0.254
ip -n ns2 route add default via 10.2.0.254
ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
ip netns exec nat nft -f - <<'NFT'
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "out0" meta l4proto udp masquerade to :20000-60000 random
		oifname "out0" masquerade
	}
}
table ip filter {
	chain forward {
		type filter hook forward priority filter; policy accept;
		# The point of encapsulation: this middlebox drops SCTP.
		ip protocol sctp counter drop
	}
}
NFT
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
wait_for "ip netns exec ns1 ping -c1 -W1 10.2.0.2" 10

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 20

# Flush the NAT's mapping while the client pauses in the middle.
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.2.0.2 --port 5001 \
	--bytes 600000 --msg 20000 --pause-at 300000:120,500000:120 --timeout 60 \
	--resume-file "$OUTDIR/resume" >"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli.log" 60
ports_before=$(awk 'NR > 1 { print $5 }' "/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports" | sort -u)
ip netns exec nat conntrack -F >/dev/null 2>&1 || fail "conntrack -F"
# The pause ends only now: under load a fixed one could end before the
# flush.  At the second pause the association is still there to look at.
resume "$OUTDIR/resume"
wait_for "[ \$(grep -c pausing $OUTDIR/cli.log) = 2 ]" 60
ports_after=$(awk 'NR > 1 { print $5 }' "/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports" | sort -u)
resume "$OUTDIR/resume"
wait $cli || { cat "$OUTDIR/cli.log"; fail "transfer across the NAT rebinding"; }
cat "$OUTDIR/cli.log"
info "server's learned UDP ports: before '$ports_before' after '$ports_after'"
cat "/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"
stats_dump ns2
assert_ne "$ports_after" "" "the server's port of the live association"
assert_ne "$ports_before" "$ports_after" "the server followed the new NAT port"
assert_gt "$(stat_get ports_changed ns2)" 0 "ports_changed"
dropped=$(ip netns exec nat nft list chain ip filter forward | sed -n 's/.*packets \([0-9]*\).*/\1/p')
assert_eq "$dropped" 0 "bare SCTP packets reaching the middlebox"
info "ok"
