#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 8, loss: 100 MB through a veth link with netem on both ends (2%
# loss, 1% duplication, jitter and 10% reordering), encapsulated both
# ways, arrives intact: sctpt.py's client sends 100 MB of pseudo-random
# data, the server echoes it, and the SHA-256 of what was sent and of what
# came back must match (so 100 MB crossed the lossy link each way).
# netem's own counters must show that it did drop and duplicate packets.
# heavy: yes
# kernels: bullseye
# timeout: 3600
. "$TOP/tests/lib/guest.sh"

BYTES=$((100 * 1024 * 1024))

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
for ns in ns1 ns2; do
	ip netns exec "$ns" tc qdisc add dev veth0 root netem \
		delay 1ms 1ms loss 2% duplicate 1% reorder 10% 50% limit 10000
done

ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 120
t0=$SECONDS
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes "$BYTES" --msg 65536 --timeout 600 >"$OUTDIR/cli.log" 2>&1 ||
	{ cat "$OUTDIR/cli.log"; fail "transfer over the lossy link failed"; }
secs=$((SECONDS - t0))
cat "$OUTDIR/cli.log"
grep -q "^sent $BYTES received $BYTES .* OK$" "$OUTDIR/cli.log" ||
	fail "100 MB did not come back intact"
info "100 MB each way in ${secs}s ($((BYTES * 8 / (secs > 0 ? secs : 1) / 1000000)) Mbit/s each way)"

for ns in ns1 ns2; do
	ip netns exec "$ns" tc -s qdisc show dev veth0 | tee "$OUTDIR/tc-$ns.txt"
	dropped=$(sed -n 's/.*dropped \([0-9]*\).*/\1/p' "$OUTDIR/tc-$ns.txt" | head -n1)
	assert_gt "${dropped:-0}" 1000 "packets netem dropped in $ns"
done
stats_dump ns1
stats_dump ns2
assert_gt "$(stat_get rx_decap ns2)" 70000 "encapsulated packets received by the server"
assert_gt "$(stat_get rx_decap ns1)" 70000 "encapsulated packets received by the client"
assert_eq "$(stat_get tx_plain ns1)" 0 "plain SCTP packets sent by the client"
info "ok"
