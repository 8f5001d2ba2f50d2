#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: everything from a bare Debian 12 host to a verdict.
#   1. host packages (apt-get, only if some are missing)
#   2. Debian's bullseye and bookworm kernels (kernels.sh, cached)
#   3. the debug kernel (debug-kernel.sh, cached; skipped with SKIP_DEBUG=1)
#   4. the module built for each kernel            (each one a test)
#   5. static checks: make static KDIR=<bullseye>  (a test)
#   6. the VM test suite (run.sh [PATTERN...])
# then the timing table of all stages and exactly one last line
# "N passed, N failed[, N skipped]"; exits non-zero if anything failed.
#
# Usage: check.sh [PATTERN...]    (PATTERNs are passed to run.sh)
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/timing.sh"
. "$(dirname "$0")/packages.sh"
HARNESS="$TOP/tests/harness"

owner=
if timing_init; then owner=1; fi
rc=0

# stage_or_fail NAME CMD...: a stage whose failure fails the check (a
# result row, so the last line says so) without stopping it.
stage_or_fail() {
	local name=$1
	shift
	if ! timing_stage "$name" "$@"; then
		result_add "$name" - FAIL 0
		echo "$name: FAILED"
		rc=1
		return 1
	fi
}

stage_or_fail "host packages" host_packages_install || true

fetch_kernel() {
	"$HARNESS/kernels.sh" "$1" >/dev/null
}
kernels=()
for suite in bullseye bookworm; do
	if stage_or_fail "fetch kernel $suite" fetch_kernel "$suite"; then
		kernels+=("$suite")
	fi
done

debug=
if [ -n "${SKIP_DEBUG:-}" ] && [ "$SKIP_DEBUG" != 0 ]; then
	echo "# SKIP_DEBUG=1: no debug kernel, its runs are skipped"
else
	t=$(now)
	if debug=$("$HARNESS/debug-kernel.sh" | tail -n1) && [ -n "$debug" ]; then
		timing_add "debug kernel ($debug)" "$(since "$t")" PASS
		kernels+=("$debug")
	else
		debug=
		timing_add "debug kernel" "$(since "$t")" FAIL
		result_add "debug kernel" - FAIL 0
		echo "debug kernel: FAILED"
		rc=1
	fi
fi

# build_module K: build-module.sh with its output in a log, shown on failure.
build_module() {
	local k=$1 blog="$TOP/.build/build-$1.log"
	mkdir -p "$TOP/.build"
	if ! "$HARNESS/build-module.sh" "$k" >"$blog" 2>&1; then
		tail -n 40 "$blog" | sed 's/^/    | /'
		return 1
	fi
	# Warnings are build output worth seeing even when it succeeds.
	! grep -q 'warning:' "$blog" || grep 'warning:' "$blog" | head -n 20 | sed 's/^/    | /'
}

for k in "${kernels[@]}"; do
	label=$k
	[ "$k" != "$debug" ] || label=debug
	test_stage "build module" "$label" build_module "$k" || rc=1
done

# Static checks (sparse, W=1, checkpatch) against the bullseye headers.
# static.sh prints "static: NAME PASS|FAIL" lines: each counts as a test;
# without them (no static target yet) make's status is the one test.
static_checks() {
	local slog="$TOP/.build/static.log" t src=0 name st
	t=$(now)
	make -C "$TOP" static KDIR="$(cat "$CACHE/kernels/bullseye/kdir")" >"$slog" 2>&1 || src=$?
	timing_add "static checks" "$(since "$t")" "$([ $src = 0 ] && echo PASS || echo FAIL)"
	if grep -qE '^static: [^ ]+ (PASS|FAIL)' "$slog"; then
		while read -r _ name st; do
			result_add "static $name" bullseye "$st" 0
			printf '%-40s %-22s %-4s\n' "static $name" bullseye "$st"
		done < <(grep -E '^static: [^ ]+ (PASS|FAIL)' "$slog")
	else
		result_add "static checks" bullseye "$([ $src = 0 ] && echo PASS || echo FAIL)" 0
		printf '%-40s %-22s %-4s\n' "static checks" bullseye "$([ $src = 0 ] && echo PASS || echo FAIL)"
	fi
	if [ $src != 0 ]; then
		tail -n 40 "$slog" | sed 's/^/    | /'
		return 1
	fi
}
if [ -f "$CACHE/kernels/bullseye/kdir" ]; then
	static_checks || rc=1
fi

# The suite; the module builds above are current.  Two cases at a time:
# the machine has two cores, and most cases keep one vCPU busy.
export JOBS=${JOBS:-2}
SKIP_BUILD=1 timing_stage "test suite (run.sh)" "$HARNESS/run.sh" "$@" || rc=1

# Every counter moved by some test: only meaningful after the whole suite.
if [ $# -eq 0 ]; then
	if timing_stage "counter coverage" "$HARNESS/counter-coverage.sh"; then
		result_add "counter coverage" - PASS 0
	else
		result_add "counter coverage" - FAIL 0
		rc=1
	fi
fi

if [ -n "$owner" ]; then
	timing_summary || rc=1
fi
exit $rc
