#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest, in the chroot, as the job of the initramfs /init
# (see initramfs.sh); vm.sh writes the job script that sets the environment
# and execs this with the command to run.
#
#   guest-run.sh GUEST_TIMEOUT COMMAND
#
# COMMAND (one string) runs with bash -c in $TOP. Around it, on the
# console: "### BEGIN ...", "### EXIT n", the dmesg dump between
# "### DMESG BEGIN/END", the kmemleak report if there is one between
# "### KMEMLEAK BEGIN/END". vm.sh and logcheck.sh read these markers.
set -u

guest_timeout=$1
cmd=$2

cd "$TOP" || echo "cannot cd to $TOP"
# The first line of the console may share a line with firmware output.
echo
echo "### BEGIN kernel=$KERNEL release=$(uname -r) role=${ROLE:--} uptime=$(cut -d' ' -f1 /proc/uptime)"

# The guest's own timeout fires before the host's, so that a hung test
# still gets its dmesg dumped; -k: KILL what ignores TERM.
if [ "$guest_timeout" -gt 0 ]; then
	timeout -k 5 "$guest_timeout" /bin/bash -c "$cmd" </dev/null
else
	/bin/bash -c "$cmd" </dev/null
fi
rc=$?
[ $rc -ne 124 ] || echo "### guest-side timeout after ${guest_timeout}s"

echo "### UPTIME $(cut -d' ' -f1 /proc/uptime)"
# The module's counters as the test left them, for counter-coverage.sh.
if [ -n "${OUTDIR:-}" ] && [ -d /sys/kernel/debug/sctp_udp ]; then
	for f in /sys/kernel/debug/sctp_udp/*/stats; do
		[ -r "$f" ] || continue
		d=${f%/stats}
		cp "$f" "$OUTDIR/stats-final-${d##*/}.txt" 2>/dev/null
	done
fi
echo "### EXIT $rc"
echo "### DMESG BEGIN"
dmesg 2>&1
echo "### DMESG END"
if [ -w /sys/kernel/debug/kmemleak ]; then
	# The end-of-run leak check (debug kernel): the test's namespaces and
	# the module go first, so that whatever they allocated is either
	# freed or unreferenced; two scans 5 s apart (kmemleak reports only
	# objects older than 5 s, unreferenced in a scan). logcheck.sh fails
	# the run on any report.
	ip -all netns delete 2>/dev/null
	sleep 1
	rmmod sctp_udp 2>/dev/null
	echo scan >/sys/kernel/debug/kmemleak
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	echo "### KMEMLEAK BEGIN"
	cat /sys/kernel/debug/kmemleak 2>&1
	echo "### KMEMLEAK END"
fi
exit $rc
