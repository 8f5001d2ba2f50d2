#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 4, the datapath: two namespaces with the module loaded, the client
# namespace sending to encap_port 9899.  One-to-one and one-to-many
# sockets, IPv4 and IPv6, data verified end to end both ways.  The capture
# (offloads off, so frames are what a wire would carry) must show every
# SCTP packet inside UDP 9899 <-> 9899 with a good CRC32c, and no bare
# SCTP packet; the counters must agree.
# kernels: bullseye debug
# timeout: 300
. "$TOP/tests/lib/guest.sh"

load_module udp_port=9899 encap_port=0
netns_pair ns1 ns2
offloads_off ns1 veth0
offloads_off ns2 veth0
# The client namespace sends encapsulated; the server only listens on 9899
# and answers on the port it learned (as with native Linux).
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899
assert_eq "$(ip netns exec ns1 sysctl -n net.sctp.udp_port)" 9899 "udp_port from the module parameter"

capture_start ns1 veth0 "$OUTDIR/encap.pcap"

ip netns exec ns2 python3 "$GUEST_LIB/sctpt.py" server --port 5001 >"$OUTDIR/s1.log" 2>&1 &
ip netns exec ns2 python3 "$GUEST_LIB/sctpt.py" server -6 --port 5002 >"$OUTDIR/s2.log" 2>&1 &
ip netns exec ns2 python3 "$GUEST_LIB/sctpt.py" server --seqpacket --port 5003 >"$OUTDIR/s3.log" 2>&1 &
ip netns exec ns2 python3 "$GUEST_LIB/sctpt.py" server -6 --seqpacket --port 5004 >"$OUTDIR/s4.log" 2>&1 &
wait_for "grep -q listening $OUTDIR/s1.log && grep -q listening $OUTDIR/s4.log" 20

c() { ip netns exec ns1 python3 "$GUEST_LIB/sctpt.py" client "$@"; }
c 10.0.0.2 --port 5001 --bytes 400000 --msg 30000 || fail "IPv4 one-to-one"
c fd00::2 -6 --port 5002 --bytes 400000 --msg 30000 || fail "IPv6 one-to-one"
c 10.0.0.2 --seqpacket --port 5003 --bytes 100000 --msg 1000 || fail "IPv4 one-to-many"
c fd00::2 -6 --seqpacket --port 5004 --bytes 100000 --msg 1000 || fail "IPv6 one-to-many"

sleep 1
capture_stop
stats_dump ns1
stats_dump ns2

. "$GUEST_LIB/wire.sh"
info "decoding"; wire_decode "$OUTDIR/encap.pcap"; info "decoded"
wire_check_encap "$OUTDIR/encap.pcap" 9899 9899
assert_gt "$(wire_count "$OUTDIR/encap.pcap" 1)" 100 "SCTP packets inside UDP"

# Counters: what went out encapsulated from ns1 arrived decapsulated in ns2.
assert_gt "$(stat_get tx_encap ns1)" 100 "tx_encap ns1"
assert_gt "$(stat_get rx_decap ns2)" 100 "rx_decap ns2"
assert_gt "$(stat_get tx_encap ns2)" 100 "tx_encap ns2 (answers on the learned port)"
assert_gt "$(stat_get ports_learned ns2)" 3 "ports learned by the server"
info "ok"
