#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4, interoperability on the wire: Debian 11's 5.10 with the module
# (guest a) and Debian 12's 6.1 with native RFC 6951 support (guest b,
# net.sctp.udp_port and encap_port set), joined by a virtual link.  Each
# side is client and server, IPv4 and IPv6, data verified both ways; the
# capture on guest a shows only SCTP inside UDP 9899.
# kernels: bullseye
# peer: bookworm
# timeout: 600
. "$TOP/tests/lib/guest.sh"
. "$GUEST_LIB/wire.sh"

if [ "$ROLE" = a ]; then
	load_module udp_port=9899 encap_port=9899
else
	modprobe sctp
	sysctl -qw net.sctp.udp_port=9899 net.sctp.encap_port=9899
fi
peer_setup
info "$ROLE: $(uname -r)"
[ "$ROLE" = b ] || capture_start - eth0 "$OUTDIR/interop.pcap" "udp or sctp"

srv() {
	python3 -S "$GUEST_LIB/sctpt.py" server "$@" >"$OUTDIR/srv-$ROLE-$*.log" 2>&1 &
}
cli() {
	python3 -S "$GUEST_LIB/sctpt.py" client "$@" --bytes 150000 --msg 16000 --timeout 60
}

srv --port 7001
srv -6 --port 7002
srv --seqpacket --port 7003
sleep 3
sync_barrier servers 120

res=ok
cli "$PEER_IP4" --port 7001 || res="IPv4 to $PEER_KERNEL failed"
cli "$PEER_IP6" -6 --port 7002 || res="IPv6 to $PEER_KERNEL failed"
cli "$PEER_IP4" --seqpacket --port 7003 --msg 1000 || res="one-to-many to $PEER_KERNEL failed"
sync_signal "client-$ROLE" "$res"
sync_barrier clients 300
for r in a b; do
	info "client on $r: $(sync_get client-$r)"
	assert_eq "$(sync_get client-$r)" ok "client on guest $r"
done

if [ "$ROLE" = a ]; then
	capture_stop
	stats_dump
	wire_decode "$OUTDIR/interop.pcap"
	wire_check_encap "$OUTDIR/interop.pcap" 9899 9899
	assert_gt "$(stat_get rx_decap)" 100 "packets from 6.1 decapsulated"
	assert_gt "$(stat_get tx_encap)" 100 "packets to 6.1 encapsulated"
fi
sync_barrier end 60
info "ok"
