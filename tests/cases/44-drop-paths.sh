#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issues 7 and 8: every drop path of the datapath runs, counts under its
# own name, frees what it held, and the association recovers.  The debug
# kernel has fault injection: each allocation or unsharing point of the
# module (src/fault.c) is made to fail exactly N times while an
# encapsulated association moves data both ways (GSO, CRC32c offload,
# port learning, ABORTs for INITs from new ports), and its counter must
# move by exactly N.  Then an output firewall rule refuses the UDP
# packets, and the receiving namespace's udp_port is switched off and on
# under a flood.  Afterwards: data intact, kmemleak clean.
# kernels: debug
# timeout: 1500
. "$TOP/tests/lib/guest.sh"

load_module udp_port=9899 encap_port=0
[ -d /sys/kernel/debug/sctp_udp/fail_tx_crc ] ||
	skip "kernel without CONFIG_FAULT_INJECTION_DEBUG_FS"
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
ports="/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 60

# fault SITE N: the next N passes through SITE fail (none after that).
fault() {
	local d=/sys/kernel/debug/sctp_udp/fail_$1
	echo 0 >"$d/verbose"
	echo 1 >"$d/interval"
	echo "$2" >"$d/times"
	echo 100 >"$d/probability"
}

# both COUNTER: its sum over the two namespaces (both send and receive).
both() {
	echo $(( $(stat_get "$1" ns1) + $(stat_get "$1" ns2) ))
}

transfer() {	# transfer LOG: 300 KB in 30000-byte messages, verified
	ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
		--bytes 300000 --msg 30000 --timeout 120 >"$OUTDIR/$1.log" 2>&1 ||
		{ cat "$OUTDIR/$1.log"; fail "transfer $1"; }
}

# 1. Each site fails 3 times during a transfer (30000-byte messages are
#    GSO packets, which veth takes whole; for tx_gso and tx_crc veth
#    refuses SCTP GSO, so that the module segments them and makes the
#    CRC32c of single packets; CRC32c is offloaded on veth).
for pair in rx_unclone:rx_drop_nomem tx_crc:tx_drop_csum \
	tx_headroom:tx_drop_nomem tx_gso:tx_drop_gso \
	ports_alloc:ports_drop_full; do
	site=${pair%%:*} counter=${pair#*:}
	# The module segments GSO packets, and makes the CRC32c of single
	# packets, only towards a device that cannot take them whole.
	gso=on
	case $site in tx_gso|tx_crc) gso=off ;; esac
	ip netns exec ns1 ethtool -K veth0 tx-sctp-segmentation $gso >/dev/null
	before=$(both "$counter")
	fault "$site" 3
	transfer "$site"
	assert_eq "$(cat /sys/kernel/debug/sctp_udp/fail_$site/times)" 0 \
		"$site: injected failures used up"
	assert_eq "$(( $(both "$counter") - before ))" 3 "$counter after 3 failures at $site"
	info "$site: 3 failures, $counter counted them, data intact"
done

# 2. Three INITs from a new UDP port for a live association: ABORT
#    cause 14 each, the first two of which cannot be built.
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 200000 --msg 20000 --pause-at 100000:300 --resume-file "$OUTDIR/resume" --timeout 400 \
	>"$OUTDIR/cli4.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli4.log" 120
# The table still holds the ended transfers' entries: the live one is the
# entry of the client's own port.
cport=$(pause_port "$OUTDIR/cli4.log")
awk -v p="$cport" '$2 == "10.0.0.1" && $3 == 5001 && $4 == p' "$ports" | grep -q . ||
	{ cat "$ports"; fail "no learned entry for the client's port '$cport'"; }
sent0=$(stat_get tx_abort_new_port ns2)
lost0=$(stat_get tx_drop_abort ns2)
fault abort_alloc 2
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpcraft.py" --src 10.0.0.1 --dst 10.0.0.2 \
	--sctp-sport "$cport" --sctp-dport 5001 --sport 20001 --vtag 0 \
	--chunk init --init-tag 0x5ca1ab1e --count 3
kill -0 $cli || fail "the association ended before the INITs were in"
resume "$OUTDIR/resume"
wait $cli || { cat "$OUTDIR/cli4.log"; fail "association with INITs from new ports"; }
assert_eq "$(( $(stat_get tx_drop_abort ns2) - lost0 ))" 2 "tx_drop_abort"
assert_eq "$(( $(stat_get tx_abort_new_port ns2) - sent0 ))" 1 "tx_abort_new_port"
stats_dump ns1
stats_dump ns2

# 3. The firewall refuses the encapsulated packets for a while (the
#    module hands them on as UDP: the rule's counter counts them); once
#    the rule is gone the association comes up.
ip netns exec ns1 nft -f - <<'NFT'
table inet drops {
	chain out {
		type filter hook output priority 0;
		udp dport 9899 counter drop
	}
}
NFT
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 100000 --msg 10000 --timeout 150 >"$OUTDIR/cli5.log" 2>&1 &
cli=$!
nft_dropped() {
	ip netns exec ns1 nft list chain inet drops out |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}
wait_for "[ \"\$(nft_dropped)\" -gt 0 ]" 120
ip netns exec ns1 nft delete table inet drops
wait $cli || { cat "$OUTDIR/cli5.log"; fail "association across the firewall drop"; }

# 4. udp_port off and on in ns2 under a flood of datagrams: packets that
#    reach the closing socket are counted as arriving while disabled.
ip netns exec ns1 python3 -S - >"$OUTDIR/flood.log" 2>&1 <<'PY' &
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 600
while time.time() < end:
    for _ in range(200):
        try:
            s.sendto(b"\0" * 64, ("10.0.0.2", 9899))
        except OSError:
            pass
PY
flood=$!
for i in $(seq 60); do
	ip netns exec ns2 sysctl -qw net.sctp.udp_port=0
	ip netns exec ns2 sysctl -qw net.sctp.udp_port=9899
	[ "$(stat_get rx_drop_disabled ns2)" -eq 0 ] || break
done
kill $flood 2>/dev/null || true
wait $flood 2>/dev/null || true
info "udp_port switched $i times"

stats_dump ns1
stats_dump ns2
assert_gt "$(stat_get rx_drop_disabled ns2)" 0 "rx_drop_disabled"

# 5. Without faults (every attribute used up), everything works as before.
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 300000 --msg 30000 --timeout 60 || fail "transfer after the faults"
kmemleak_check
info "ok"
