#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 6: SCTP_REMOTE_UDP_ENCAPS_PORT (132) with upstream's semantics.
# tests/progs/encaps_opt.c (built on the host, see "prepare") runs every
# selection and error case on one-to-one and one-to-many sockets, IPv4 and
# IPv6, set and get, against a multi-homed server (ns2 has two addresses
# per family); it prints which UDP port each DATA chunk and INIT it sends
# must use, and the capture must show exactly that, path by path.  The
# namespace default (net.sctp.encap_port) is 0: every encapsulated packet
# is the option's doing.  Ports 7000-7099 are dropped silently in ns2, so
# that nothing comes back to teach the client another port.
#
# Then: rmmod while sockets that used the option exist, while threads hammer
# the option and while a blocking connectx (a setsockopt) is under way; the
# option is then gone (ENOPROTOOPT, as on a stock kernel), everything else
# keeps working.
# kernels: bullseye debug
# timeout: 600
# prepare: make -s progs
. "$TOP/tests/lib/guest.sh"

PROG=$TOP/.build/progs/encaps_opt
[ -x "$PROG" ] || fail "$PROG not built (make progs)"

load_module udp_port=9899 encap_port=0
netns_pair ns1 ns2
offloads_off ns1 veth0
offloads_off ns2 veth0
ip -n ns2 addr add 10.0.0.12/24 dev veth0
ip -n ns2 addr add fd00::12/64 dev veth0 nodad
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.encap_port)" 0 "namespace default"
ip netns exec ns2 nft -f - <<'NFT'
table inet blackhole {
	chain input {
		type filter hook input priority filter; policy accept;
		udp dport 7000-7099 counter drop
	}
}
NFT

# ------------------------------------------------------------------
info "socket API"
capture_start ns1 veth0 "$OUTDIR/api.pcap"
st=0
ip netns exec ns1 "$PROG" api /run/netns/ns2 >"$OUTDIR/api.log" 2>&1 || st=$?
sleep 1
capture_stop
cat "$OUTDIR/api.log"
assert_eq "$st" 0 "encaps_opt api (see the 'not ok' lines above)"
stats_dump ns1
cat "/sys/kernel/debug/sctp_udp/$(netns_inode ns1)/ports"

# ------------------------------------------------------------------
info "wire: each DATA and INIT on the port the option gave its path"
# One line per SCTP packet the client sent: frame, IP destination, UDP
# destination port (empty: bare SCTP), SCTP destination port, chunk
# types, PPIDs.  Ports 7001-7005 are not SCTP's own: decode them as SCTP.
decode=()
for p in 7001 7002 7003 7004 7005; do
	decode+=(-d "udp.port==$p,sctp")
done
tshark -r "$OUTDIR/api.pcap" "${decode[@]}" \
	-Y 'sctp && (ip.src == 10.0.0.1 || ipv6.src == fd00::1)' \
	-T fields -E separator=/t -E aggregator=, \
	-e frame.number -e ip.dst -e ipv6.dst -e udp.dstport -e sctp.dstport \
	-e sctp.chunk_type -e sctp.data_payload_proto_id \
	>"$OUTDIR/api.tsv" 2>"$OUTDIR/api.tshark.err" ||
	{ cat "$OUTDIR/api.tshark.err"; fail "tshark"; }
info "$(wc -l <"$OUTDIR/api.tsv") SCTP packets from the client"

# wire_first KIND KEY: "ipdst udpport" of the first packet carrying the
# DATA chunk with PPID KEY, or the INIT to SCTP port KEY.
wire_first() {
	awk -F'\t' -v kind="$1" -v key="$2" '
	{
		dst = $2 != "" ? $2 : $3
		udp = $4 != "" ? $4 : 0
		n = split($6, types, ",")
		split($7, ppids, ",")
		if (kind == "INIT") {
			if (types[1] == 1 && $5 == key) { print dst, udp; exit }
			next
		}
		for (i = 1; i <= n; i++)
			if (ppids[i] == key) { print dst, udp; exit }
	}' "$OUTDIR/api.tsv"
}

grep '^EXPECT ' "$OUTDIR/api.log" >"$OUTDIR/api.expect" || true
nexp=0
while read -r _ kind key ip udp; do
	if [ "$kind" = INIT ]; then
		got=$(wire_first INIT "$key")
		what="INIT to SCTP port $key"
	else
		got=$(wire_first DATA "$key")
		what="DATA PPID $key"
	fi
	[ -n "$got" ] || fail "$what: not on the wire"
	assert_eq "$got" "$ip $udp" "$what: IP destination and UDP port (0: bare)"
	nexp=$((nexp + 1))
done <"$OUTDIR/api.expect"
info "$nexp wire expectations met"
assert_gt "$nexp" 40 "wire expectations checked"
dropped=$(ip netns exec ns2 nft list chain inet blackhole input |
	sed -n 's/.*packets \([0-9]*\).*/\1/p')
info "ns2 dropped $dropped packets to ports 7000-7099"
assert_gt "$dropped" 0 "packets to the ports set reached ns2"

# ------------------------------------------------------------------
info "rmmod with sockets that used the option, calls in flight"
mkfifo /tmp/hold.in
ip netns exec ns1 "$PROG" hold /run/netns/ns2 </tmp/hold.in >"$OUTDIR/hold.log" 2>&1 &
hold=$!
exec 7>/tmp/hold.in
wait_for "grep -q '^ready' $OUTDIR/hold.log || ! kill -0 $hold" 60
grep -q '^ready' "$OUTDIR/hold.log" || { cat "$OUTDIR/hold.log"; fail "hold did not start"; }

ip netns exec ns1 "$PROG" hammer 20 >"$OUTDIR/hammer.log" 2>&1 &
hammer=$!
ip netns exec ns1 "$PROG" connectx 10.0.0.3 >"$OUTDIR/connectx.log" 2>&1 &
cx=$!
wait_for "grep -q hammering $OUTDIR/hammer.log && grep -q connecting $OUTDIR/connectx.log" 30
sleep 1
t0=$SECONDS
rmmod sctp_udp
info "rmmod took $((SECONDS - t0)) s"
[ ! -d /sys/module/sctp_udp ] || fail "module still loaded"
wait $cx || fail "connectx"
cat "$OUTDIR/connectx.log"
grep -q "connectx returned" "$OUTDIR/connectx.log" || fail "connectx did not return"

echo go >&7
exec 7>&-
st=0
wait $hold || st=$?
cat "$OUTDIR/hold.log"
assert_eq "$st" 0 "sockets after rmmod (see 'not ok' lines above)"
st=0
wait $hammer || st=$?
tail -n 5 "$OUTDIR/hammer.log"
assert_eq "$st" 0 "option 132 hammered across rmmod: only successes and ENOPROTOOPT"

kmemleak_check
info "ok"
