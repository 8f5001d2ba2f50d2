#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issues 3 and 4: the module loads and unloads cleanly, takes its port
# parameters, refuses bad ones with a clear message, and its sysctls
# (net.sctp.udp_port, net.sctp.encap_port, per namespace) are
# range-checked, refuse a port another socket holds (keeping the old one
# working), and can change udp_port under traffic.
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"

modprobe -a sctp udp_tunnel ip6_udp_tunnel

# Bad parameters: refused, with the parameter named in the kernel log.
for p in udp_port=70000 encap_port=65536 udp_port=-1 udp_port=abc; do
	if insmod "$SCTP_UDP_KO" "$p" 2>"$OUTDIR/insmod.err"; then
		fail "insmod accepted $p"
	fi
	dmesg | tail -n 5 | grep -q "${p%%=*}=${p#*=}: not a UDP port" ||
		fail "no clear message for $p: $(dmesg | tail -n 3)"
done
info "bad parameters refused"

# Load, check, unload, three times; defaults 9899 / 0.
for i in 1 2 3; do
	load_module
	assert_eq "$(cat /sys/module/sctp_udp/parameters/udp_port)" 9899 "udp_port default"
	assert_eq "$(cat /sys/module/sctp_udp/parameters/encap_port)" 0 "encap_port default"
	assert_eq "$(sysctl -n net.sctp.udp_port)" 9899 "net.sctp.udp_port"
	assert_eq "$(sysctl -n net.sctp.encap_port)" 0 "net.sctp.encap_port"
	grep -q ':26AB ' /proc/net/udp || fail "no IPv4 socket on 9899"
	grep -q ':26AB ' /proc/net/udp6 || fail "no IPv6 socket on 9899"
	[ -r "$(stats_file)" ] || fail "no stats file"
	unload_module
	[ ! -e /proc/sys/net/sctp/udp_port ] || fail "sysctl left behind after rmmod"
	! grep -q ':26AB ' /proc/net/udp || fail "socket left behind after rmmod"
done
info "load/unload cycles clean"

# Parameters set the defaults of new namespaces.
load_module udp_port=9900 encap_port=9901
ip netns add pns
assert_eq "$(ip netns exec pns sysctl -n net.sctp.udp_port)" 9900 "udp_port of a new namespace"
assert_eq "$(ip netns exec pns sysctl -n net.sctp.encap_port)" 9901 "encap_port of a new namespace"
ip netns del pns
unload_module

# udp_port=0: loaded but off.
load_module udp_port=0
assert_eq "$(sysctl -n net.sctp.udp_port)" 0 "udp_port=0"
! grep -q ':26AB ' /proc/net/udp || fail "socket opened with udp_port=0"
unload_module

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899

# Range checks.
for v in 65536 -1 100000; do
	for s in udp_port encap_port; do
		if ip netns exec ns1 sysctl -qw "net.sctp.$s=$v" 2>/dev/null; then
			fail "net.sctp.$s=$v accepted"
		fi
	done
done
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.udp_port)" 9899 "udp_port after bad writes"
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.encap_port)" 9899 "encap_port after bad writes"

# A port held by another UDP socket: refused (EADDRINUSE), old port kept.
ip netns exec ns1 python3 -S -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9950))
open("/tmp/held", "w").close()
time.sleep(60)' &
holder=$!
wait_for "[ -e /tmp/held ]" 20
err=$(ip netns exec ns1 sysctl -w net.sctp.udp_port=9950 2>&1) && fail "udp_port=9950 accepted while held"
info "refused as expected: $err"
echo "$err" | grep -qi "address already in use" || fail "unclear error: $err"
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.udp_port)" 9899 "udp_port after EADDRINUSE"
kill $holder

# Traffic still flows on the old port; then udp_port changes under traffic
# and the server follows the client's new source port.
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 20
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 400000 --msg 20000 --pause-at 200000:8 --timeout 60 >"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli.log" 60
ip netns exec ns1 sysctl -qw net.sctp.udp_port=9960
wait $cli || { cat "$OUTDIR/cli.log"; fail "transfer across a udp_port change"; }
ports="/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"
cat "$ports"
awk '$2 == "10.0.0.1" && $3 == 5001 { print $5 }' "$ports" | grep -qx 9960 ||
	fail "server did not follow the new udp_port"
ip netns exec ns1 cat /proc/net/udp >"$OUTDIR/udp"
grep -q ':26E8 ' "$OUTDIR/udp" || fail "no socket on 9960"
! grep -q ':26AB ' "$OUTDIR/udp" || fail "old socket on 9899 not closed"

ip netns del ns1
ip netns del ns2
unload_module
info "ok"
