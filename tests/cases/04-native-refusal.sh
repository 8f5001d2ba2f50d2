#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 3: built against a kernel with native RFC 6951 support (Debian
# 12's 6.1, detected from its headers), the module is a stub that refuses
# to load with a message naming the native sysctl.
# kernels: bookworm
# timeout: 600
. "$TOP/tests/lib/guest.sh"

modprobe sctp
[ -e /proc/sys/net/sctp/udp_port ] || fail "this kernel should have native support"
if insmod "$SCTP_UDP_KO" 2>"$OUTDIR/insmod.err"; then
	fail "the module loaded on a kernel with native support"
fi
cat "$OUTDIR/insmod.err"
dmesg | grep "sctp_udp:" | tail -n 3
dmesg | grep -q "sctp_udp: this kernel has native SCTP over UDP.*net.sctp.udp_port" ||
	fail "no message naming net.sctp.udp_port"
! grep -q '^sctp_udp ' /proc/modules || fail "module left loaded"
info "ok"
