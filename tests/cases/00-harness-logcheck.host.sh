#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness can fail: logcheck.sh catches a WARNING, a KASAN report (of
# a guest that panicked), a lockdep report and a kmemleak report in sample
# guest logs, and passes a clean log in which a test script printed
# "WARNING:" and "BUG:" itself.
# timeout: 60
set -euo pipefail
samples="$TOP/tests/harness/samples"
logcheck="$TOP/tests/harness/logcheck.sh"

for s in warning kasan lockdep kmemleak; do
	if out=$("$logcheck" "$samples/$s.log"); then
		echo "FAIL: logcheck.sh passed $s.log"
		exit 1
	fi
	echo "ok: $s.log caught:"
	echo "$out" | sed 's/^/    /'
done
# What each sample must be caught for.
caught() {
	local out
	out=$("$logcheck" "$samples/$1.log" || true)
	grep -q -e "$2" <<<"$out" || { echo "FAIL: '$2' not reported in $1.log"; exit 1; }
}
caught warning 'WARNING: CPU: 1 PID: 312'
caught warning 'cut here'
caught kasan 'BUG: KASAN: use-after-free'
caught kasan 'Kernel panic'
caught kmemleak 'unreferenced object'
caught lockdep 'possible circular locking'

if ! out=$("$logcheck" "$samples/clean.log"); then
	echo "FAIL: logcheck.sh flagged clean.log:"
	echo "$out"
	exit 1
fi
echo "ok: clean.log passes"
