#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot Debian 11's kernel, load sctp_udp with its port
# parameters, run an SCTP association between two namespaces (the client
# side sending encapsulated), then show the wire as tshark decodes it and
# the module's counters.
#
# Usage: demo.sh [--kernel NAME]        (on the host; default bullseye)
# The same script runs in the guest with --guest.
set -euo pipefail

if [ "${1:-}" != --guest ]; then
	. "$(dirname "$0")/common.sh"
	. "$(dirname "$0")/packages.sh"
	kernel=bullseye
	[ "${1:-}" != --kernel ] || kernel=${2:?--kernel NAME}
	host_packages_install
	"$TOP/tests/harness/kernels.sh" "$kernel" >/dev/null
	log "building the module for $kernel"
	"$TOP/tests/harness/build-module.sh" "$kernel" >/dev/null
	exec "$TOP/tests/harness/vm.sh" --kernel "$kernel" --timeout 300 \
		--out "$TOP/.build/results/demo-$kernel" -- "bash tests/harness/demo.sh --guest"
fi

# --- in the guest -----------------------------------------------------------
. "$TOP/tests/lib/guest.sh"
PORT=9899

section() {
	echo
	echo "=== $* ==="
}

section "kernel $(uname -r); loading sctp_udp udp_port=$PORT encap_port=0"
load_module udp_port=$PORT encap_port=0
dmesg | grep -i 'sctp_udp\|RFC 6951' | tail -n 3 || true
for p in /sys/module/sctp_udp/parameters/*; do
	[ -e "$p" ] && echo "  $(basename "$p") = $(cat "$p")"
done

section "two namespaces: ns1 10.0.0.1 (client) <-> ns2 10.0.0.2 (server)"
netns_pair ns1 ns2
offloads_off ns1 veth0
offloads_off ns2 veth0
# The client namespace encapsulates towards the server's UDP port; the
# server answers on the port it learns.
ip netns exec ns1 sysctl -qw net.sctp.encap_port=$PORT 2>/dev/null ||
	echo "  (no net.sctp.encap_port sysctl in ns1 yet)"
for ns in ns1 ns2; do
	echo "  $ns: udp_port=$(ip netns exec $ns sysctl -n net.sctp.udp_port 2>/dev/null || echo -)" \
	     "encap_port=$(ip netns exec $ns sysctl -n net.sctp.encap_port 2>/dev/null || echo -)"
done

section "an SCTP association, 5 messages echoed"
pcap="$OUTDIR/demo.pcap"
capture_start ns1 veth0 "$pcap"
sctp_server_start ns2 10.0.0.2 5001
sctp_client ns1 10.0.0.2 5001 --count 5 --size 200 || echo "  (association failed)"
sleep 1
capture_stop

section "the wire (tshark; UDP $PORT decodes as SCTP)"
tshark -n -r "$pcap" -o sctp.checksum:CRC-32C \
	-T fields -E separator=' ' -e frame.number -e ip.src -e ip.dst \
	-e udp.srcport -e udp.dstport -e sctp.chunk_type -e sctp.checksum.status \
	-e _ws.col.Info 2>/dev/null | sed 's/^/  /' || true
echo "  (columns: frame src dst udp.src udp.dst chunk-types crc-status info)"

section "module counters"
for ns in ns1 ns2; do
	f=$(stats_file "$ns")
	if [ -r "$f" ]; then
		echo "  $ns ($f):"
		awk '$2 != 0 { print "    " $0 }' "$f"
	else
		echo "  $ns: no statistics file ($f)"
	fi
done
echo
echo "capture kept in $pcap"
