#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Profile the encapsulated datapath against plain SCTP (perf cpu-clock
# samples in a -icount guest, i.e. instruction samples), for one case of
# the benchmark: the same amount of data plain, encapsulated, and plain
# with GSO off (what a datapath that segments costs at best).  Prints the
# functions that cost more with encapsulation (samples encap - plain).
#
# Usage: tests/bench/profile.sh [KERNEL]     (default bullseye)
# Environment: PROFILE_CASE (bulk, bulk-sw, bulk6, bulk6-sw, rr),
# PROFILE_BYTES (64M), PROFILE_RR (10000), PROFILE_MODES (plain encap
# plain-nogso), PROFILE_MTU (1500).
set -euo pipefail
. "$(dirname "$0")/../harness/common.sh"
BENCH="$TOP/tests/bench"
k=${1:-bullseye}
case_=${PROFILE_CASE:-bulk}
modes=${PROFILE_MODES:-plain encap plain-nogso}
out="$TOP/.build/bench/profile-$k-$case_-$(date -u +%H%M%S)"
mkdir -p "$out" "$TOP/.build/bench"
gcc -O2 -Wall -Wextra -o "$TOP/.build/bench/rr" "$BENCH/rr.c"
case $k in bullseye*) "$TOP/tests/harness/build-module.sh" "$k" >/dev/null ;; esac
cp "$BENCH/guest-profile.sh" "$out/"
"$TOP/tests/harness/vm.sh" --kernel "$k" --icount --timeout 3000 --out "$out" --quiet -- \
	"PROFILE_CASE=$case_ PROFILE_MODES='$modes' PROFILE_MTU=${PROFILE_MTU:-1500} PROFILE_BYTES=${PROFILE_BYTES:-64M} PROFILE_RR=${PROFILE_RR:-10000} $out/guest-profile.sh"

# The host's perf reads the guest's data with the guest's kallsyms.
rep() {
	local data=$1
	shift
	perf report -i "$data" --kallsyms="$out/kallsyms" --stdio --sort sym \
		-g none "$@" 2>/dev/null | grep -v '^#' | grep -v '^$' || true
}
for m in $modes; do
	rep "$out/perf-$m.data" --no-children -F overhead,sample,sym >"$out/self-$m.txt"
	rep "$out/perf-$m.data" --children -F children,sample,sym >"$out/incl-$m.txt"
done
tr -d '\r' <"$out/console.log" | grep -a '^# \[' >"$out/profile.txt" || true
cat "$out/profile.txt"
python3 "$BENCH/profdiff.py" "$out" | tee "$out/diff.txt"
echo "profile: $out"
