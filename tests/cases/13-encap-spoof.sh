#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4, what an off-path or restarting peer can and cannot do to a live
# encapsulated association:
#  - packets with the association's addresses and SCTP ports but a wrong
#    verification tag, sent from another UDP port, do not move the port
#    the server sends to (RFC 6951 section 5.4: learn after the vtag check);
#  - an INIT for the live association from a new UDP port is answered by
#    an ABORT with error cause 14 ("Restart of an Association with New
#    Encapsulation Port"), seen on the wire, and the association goes on.
# kernels: bullseye
# timeout: 600
. "$TOP/tests/lib/guest.sh"

load_module
netns_pair ns1 ns2
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
ports="/sys/kernel/debug/sctp_udp/$(netns_inode ns2)/ports"

capture_start ns2 veth0 "$OUTDIR/spoof.pcap" "udp"
ip netns exec ns2 python3 -S "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/srv.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/srv.log" 20
ip netns exec ns1 python3 -S "$GUEST_LIB/sctpt.py" client 10.0.0.2 --port 5001 \
	--bytes 400000 --msg 20000 --pause-at 200000:300 --resume-file "$OUTDIR/resume" --timeout 400 \
	>"$OUTDIR/cli.log" 2>&1 &
cli=$!
wait_for "grep -q pausing $OUTDIR/cli.log" 60

cat "$ports"
entry=$(awk '$2 == "10.0.0.1" && $3 == 5001' "$ports")
[ -n "$entry" ] || fail "server learned no port for the client"
cport=$(echo "$entry" | awk '{ print $4 }')
uport=$(echo "$entry" | awk '{ print $5 }')
assert_eq "$uport" 9899 "learned port before the attack"

craft() {
	ip netns exec ns1 python3 -S "$GUEST_LIB/sctpcraft.py" --src 10.0.0.1 \
		--dst 10.0.0.2 --sctp-sport "$cport" --sctp-dport 5001 "$@"
}

# Off-path: wrong tags, from UDP port 7777.
refused0=$(stat_get rx_learn_refused_vtag ns2)
craft --sport 7777 --vtag 0x12345678,0x1,0xfffffffe --chunk heartbeat --count 5
craft --sport 7777 --vtag 0x12345678,0x1,0xfffffffe --chunk data --count 5
sleep 1
refused1=$(stat_get rx_learn_refused_vtag ns2)
assert_ge "$((refused1 - refused0))" 30 "spoofed packets refused for learning"
uport=$(awk -v p="$cport" '$2 == "10.0.0.1" && $3 == 5001 && $4 == p { print $5 }' "$ports")
assert_eq "$uport" 9899 "learned port after spoofed packets"

# Restart attempt from a new port: ABORT with cause 14, nothing changes.
aborts0=$(stat_get tx_abort_new_port ns2)
craft --sport 8888 --vtag 0 --chunk init --init-tag 0x5ca1ab1e
sleep 1
assert_eq "$(( $(stat_get tx_abort_new_port ns2) - aborts0 ))" 1 "ABORTs sent for the INIT from a new port"
uport=$(awk -v p="$cport" '$2 == "10.0.0.1" && $3 == 5001 && $4 == p { print $5 }' "$ports")
assert_eq "$uport" 9899 "learned port after the INIT from a new port"

capture_stop

# The tag ns1 puts on its packets (what ns2's association expects).
vtag=$(tshark -r "$OUTDIR/spoof.pcap" -Y 'ip.src == 10.0.0.1 && sctp.verification_tag != 0 && sctp.chunk_type != 1' \
	-T fields -e sctp.verification_tag 2>/dev/null | head -n1)
[ -n "$vtag" ] || fail "no tagged SCTP packet from ns1 captured"
# The right tag from a new port, but a bad CRC32c: not learned (nor
# accepted by SCTP).
crc0=$(stat_get rx_learn_refused_crc ns2)
craft --sport 7778 --vtag "$vtag" --chunk heartbeat --bad-crc --count 2
sleep 1
assert_eq "$(( $(stat_get rx_learn_refused_crc ns2) - crc0 ))" 2 "bad-CRC packets refused for learning"
uport=$(awk -v p="$cport" '$2 == "10.0.0.1" && $3 == 5001 && $4 == p { print $5 }' "$ports")
assert_eq "$uport" 9899 "learned port after bad-CRC packets"
# Datagrams too short for a UDP and an SCTP common header.
short0=$(stat_get rx_drop_short ns2)
ip netns exec ns1 python3 -S -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in (0, 1, 4, 11):
    s.sendto(b"x" * n, ("10.0.0.2", 9899))
'
sleep 1
assert_eq "$(( $(stat_get rx_drop_short ns2) - short0 ))" 4 "short datagrams dropped"

resume "$OUTDIR/resume"
wait $cli || { cat "$OUTDIR/cli.log"; fail "the association did not survive"; }
cat "$OUTDIR/cli.log"
stats_dump ns2

# On the wire: the ABORT went to UDP port 8888, tag = the INIT's, cause 14
# with the current (9899) and new (8888) ports.
abort=$(tshark -r "$OUTDIR/spoof.pcap" -Y 'sctp.chunk_type == 6' -T fields \
	-E separator=' ' -e udp.srcport -e udp.dstport -e sctp.verification_tag \
	-e sctp.cause_code -e sctp.cause_information 2>/dev/null | head -n1)
info "ABORT on the wire: $abort"
set -- $abort
assert_eq "${1:-}" 9899 "ABORT's UDP source port"
assert_eq "${2:-}" 8888 "ABORT's UDP destination port"
assert_eq "${3:-}" 0x5ca1ab1e "ABORT's verification tag"
assert_eq "$(( ${4:-0} ))" 14 "ABORT's error cause"
# Cause body: current port 9899 (0x26ab), new port 8888 (0x22b8).
assert_eq "${5:-}" 26ab22b8 "ABORT's current and new encapsulation ports"
info "ok"
