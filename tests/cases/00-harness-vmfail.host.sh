#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness can fail: vm.sh passes on a clean guest command, returns the
# status of a failing one, fails a command that succeeds but leaves a
# WARNING in the kernel log (written to /dev/kmsg, so it is a kernel line),
# fails a guest that panics (no exit marker: 125) and one that does not
# finish in time (124: guest-side limit, and host-side limit).
# timeout: 240
set -euo pipefail
vm="$TOP/tests/harness/vm.sh"

# expect WANT ARGS...: vm.sh must exit with status WANT.
expect() {
	local want=$1 rc=0
	shift
	"$vm" --kernel bullseye --quiet --timeout 120 --out "$OUTDIR/vm-$want" "$@" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: vm.sh $* exited $rc, expected $want"
		exit 1
	fi
	echo "ok: vm.sh $* exited $rc"
}

expect 0 -- 'echo WARNING: printed by userspace, not a finding'
expect 3 -- 'exit 3'
expect 100 -- 'echo "WARNING: CPU: 0 PID: 1 at harness/fake.c:1 fake_warning+0x0/0x10" >/dev/kmsg'
expect 125 -- 'echo c >/proc/sysrq-trigger'
# --timeout 60: the guest-side limit (15 s) stops the job, the log is whole.
expect 124 --timeout 60 -- 'sleep 600'
# --timeout 3: QEMU is killed during boot.
expect 124 --timeout 3 -- 'true'
