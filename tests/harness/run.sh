#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test suite runner: every tests/cases/*.sh (sorted), each in its own
# guest boot, on each kernel it declares.
#
# Usage: run.sh [PATTERN...]      only cases whose file name contains one
#                                 of the PATTERNs
#
# Header comment lines a case may carry (first 40 lines):
#   # kernels: bullseye debug     kernels to run on (default: bullseye);
#                                 "debug" is the debug kernel that
#                                 tests/harness/debug-kernel.sh builds
#   # peer: bookworm              boot a second guest (vm.sh --peer)
#   # timeout: SECONDS            per boot (default 300)
#   # smp: N                      vCPUs per guest (default SMP, 1)
#   # first: yes                  long: launched before the others, so
#                                 that the rest runs beside it and it
#                                 does not end the run alone
#   # heavy: yes                  long (stress, soak): run only with HEAVY=1
#                                 (make check-heavy); skipped otherwise
#   # host: yes                   run on the host, not in a guest (also
#                                 implied by a name ending in .host.sh)
#   # prepare: COMMAND            run on the host (in $TOP, with OUTDIR
#                                 and KERNEL set) before a guest
#                                 case boots, e.g. to build a test
#                                 program; its failure fails the case
# A case exits 0 to pass, 77 to be skipped, anything else to fail; a
# kernel splat in a guest log fails it too (vm.sh).
#
# Environment:
#   JOBS=N         run up to N cases at once (default 1); a case with a
#                  peer (two guests) and a host case run alone.  Each
#                  case's report is printed when it ends.
#   SKIP_DEBUG=1   skip the runs on the debug kernel (counted as skipped)
#   SKIP_BUILD=1   do not (re)build the module before testing a kernel
#   HEAVY=1        also run the cases marked "# heavy: yes"
#   ONLY_KERNELS="K..."  only the runs on these kernels (names as in the
#                  kernels: headers, e.g. "debug")
#   SMP=N          vCPUs of a guest whose case does not say (default 1).
#                  One: with two guests at a time on two host cores, a
#                  2-vCPU guest waits whole host time slices for the vCPU
#                  that is not running (IPIs, TLB shootdowns, spinlocks),
#                  and runs several times slower
#   DEBUG_ALL=1    every guest case that runs on bullseye runs on the
#                  debug kernel too (make check-debug: the whole suite
#                  under KASAN, kmemleak and lockdep)
#   TIMEOUT_FACTOR=N  multiply every case's timeout by N (for a run with
#                  larger counts than the case's defaults)
#   GUEST_ENV="VAR=value ..."  exported in every guest before its case
#                  runs, e.g. GUEST_ENV=FUZZ_COUNT=1000000 (40-hostile)
#
# Logs: $TOP/.build/results/<case>-<kernel>/ (console.log, console-peer.log,
# vm.log: vm.sh's own output; output.log for host cases).
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/timing.sh"
HARNESS="$TOP/tests/harness"

owner=
if timing_init; then owner=1; fi

# header FILE KEY: the value of "# KEY: value" in the file's head.
header() {
	head -n 40 "$1" | sed -n "s/^# *$2: *//p" | head -n1
}

# The debug kernel's name, resolved once (building it if it is not there).
debug_name=
debug_state=
resolve_debug() {
	[ -z "$debug_state" ] || return 0
	if [ -n "${SKIP_DEBUG:-}" ] && [ "${SKIP_DEBUG}" != 0 ]; then
		debug_state=skip
		echo "# SKIP_DEBUG=1: runs on the debug kernel are skipped"
	elif [ ! -x "$HARNESS/debug-kernel.sh" ]; then
		debug_state=skip
		echo "# no tests/harness/debug-kernel.sh: runs on the debug kernel are skipped"
	else
		local t
		t=$(now)
		if debug_name=$("$HARNESS/debug-kernel.sh" | tail -n1) && [ -n "$debug_name" ]; then
			debug_state=ok
		else
			debug_state=fail
			echo "# debug-kernel.sh failed: runs on the debug kernel fail"
		fi
		timing_add "debug kernel (run.sh)" "$(since "$t")" \
			"$([ $debug_state = ok ] && echo PASS || echo FAIL)"
	fi
}

# kernel_name NAME: sets KNAME to the cache directory name to boot; "" if
# skipped, "!" if it cannot be had. Not in $(...): resolve_debug must run
# (and print) once, in this shell.
kernel_name() {
	case "$1" in
	debug)
		resolve_debug
		case $debug_state in
		ok) KNAME=$debug_name ;;
		skip) KNAME= ;;
		*) KNAME="!" ;;
		esac
		;;
	*) KNAME=$1 ;;
	esac
}

# The module is (re)built once per kernel per run; make is incremental.
declare -A built=()
ensure_module() {
	local k=$1
	[ -z "${built[$k]:-}" ] || return 0
	built[$k]=1
	[ -z "${SKIP_BUILD:-}" ] || return 0
	[ -d "$TOP/src" ] && [ -f "$TOP/Kbuild" ] || return 0
	if ! "$HARNESS/build-module.sh" "$k" >"$TOP/.build/build-$k.log" 2>&1; then
		echo "# module build for $k failed (tests that load it will fail):"
		tail -n 20 "$TOP/.build/build-$k.log" | sed 's/^/#   /'
	fi
}

# Show the end of a failed guest run: vm.sh's verdict and the job output.
show_failure() {
	local dir=$1 f
	sed 's/^/    | /' "$dir/vm.log" | tail -n 40
	for f in "$dir/console.log" "$dir/console-peer.log"; do
		[ -f "$f" ] || continue
		echo "    --- tail of $f (command output) ---"
		tr -d '\r' <"$f" | sed -n '/### BEGIN /,/### DMESG BEGIN/p' | tail -n 30 |
			sed 's/^/    | /'
	done
}

# failure_reasons DIR: at most three lines saying why the run in DIR
# failed: the case's first FAIL, and vm.sh's verdict on a timeout, a
# panic or a splat (the first splat line with it).
failure_reasons() {
	local dir=$1 f
	for f in "$dir/console.log" "$dir/console-peer.log" "$dir/output.log"; do
		[ -f "$f" ] || continue
		tr -d '\r' <"$f" | grep -a -m1 '^FAIL' | sed "s|^|${f##*/}: |" || true
	done
	[ -f "$dir/vm.log" ] || return 0
	grep -a -m2 -E 'TIMEOUT|no exit marker|kernel splat|^prepare ' "$dir/vm.log" || true
	grep -a -m1 -A1 'splat line' "$dir/vm.log" | tail -n +2 || true
}

run_guest_case() {
	local case=$1 name=$2 k=$3 peer=$4 timeout=$5 dir=$6 prep
	local args=(--kernel "$k" --timeout "$timeout" --out "$dir" --quiet) smp
	prep=$(header "tests/cases/$case" prepare)
	smp=$(header "tests/cases/$case" smp)
	args+=(--smp "${smp:-${SMP:-1}}")
	# One prepare at a time: they build into shared directories.
	if [ -n "$prep" ] && ! (cd "$TOP" && TOP=$TOP KERNEL=$k OUTDIR=$dir \
		flock "$TOP/.build/.prepare.lock" bash -c "$prep") \
		>"$dir/prepare.log" 2>&1; then
		echo "prepare ($prep) failed:" >"$dir/vm.log"
		tail -n 30 "$dir/prepare.log" >>"$dir/vm.log"
		return 1
	fi
	[ -z "$peer" ] || args+=(--peer "$peer")
	"$HARNESS/vm.sh" "${args[@]}" -- "bash tests/cases/$case" >"$dir/vm.log" 2>&1
}

# Host cases share the host's build directories (packages, DKMS trees):
# one at a time, beside the guest cases.
run_host_case() {
	local case=$1 timeout=$2 dir=$3
	TOP=$TOP OUTDIR=$dir flock "$TOP/.build/.host-case.lock" \
		timeout -k 10 "$timeout" bash "$TOP/tests/cases/$case" \
		>"$dir/output.log" 2>&1 </dev/null
}

skipped() {
	return 77
}

show_host_failure() {
	tail -n 30 "$1/output.log" | sed 's/^/    | /'
}

JOBS=${JOBS:-1}
FAILED="$TOP/.build/.failed.$$"
: >"$FAILED"

# run_job NAME KERNEL DIR SHOW CMD...: CMD as the test NAME on KERNEL; on
# failure, records it and shows the logs with SHOW DIR.
run_job() {
	local name=$1 kdecl=$2 dir=$3 show=$4 st=0
	shift 4
	test_stage "$name" "$kdecl" "$@" || st=$?
	if [ $st -ne 0 ] && [ $st -ne 77 ]; then
		echo "$name ($kdecl)" >>"$FAILED"
		failure_reasons "$dir" | while read -r line; do
			reason_add "$name" "$kdecl" "$line"
		done
		"$show" "$dir" || true
	fi
}

# launch WEIGHT NAME KERNEL DIR SHOW CMD...: run_job, in the background
# with JOBS > 1 once a slot is free (WEIGHT 2, two guests: alone); its
# report comes out in one piece when it ends.
launch() {
	local weight=$1 max=$JOBS dir=$4
	shift
	if [ "$JOBS" -le 1 ]; then
		run_job "$@"
		return
	fi
	[ "$weight" -lt 2 ] || max=1
	while [ "$(jobs -rp | wc -l)" -ge "$max" ]; do
		wait -n || true
	done
	{ run_job "$@" >"$dir/.report" 2>&1; cat "$dir/.report"; } &
	# A case with two guests has the machine to itself.
	[ "$weight" -lt 2 ] || wait
}

rc=0
cd "$TOP"
shopt -s nullglob
cases=(tests/cases/*.sh)
[ ${#cases[@]} -gt 0 ] || die "no test cases in tests/cases"
# The "# first: yes" cases first, then the rest in name order.
firsts=() rest=()
for path in "${cases[@]}"; do
	if [ "$(header "$path" first)" = yes ]; then
		firsts+=("$path")
	else
		rest+=("$path")
	fi
done
cases=("${firsts[@]}" "${rest[@]}")
echo "# results in $TOP/.build/results/<case>-<kernel>/"
for path in "${cases[@]}"; do
	case=$(basename "$path")
	name=${case%.sh}
	name=${name%.host}
	if [ $# -gt 0 ]; then
		match=
		for p in "$@"; do
			[[ $case != *$p* ]] || match=1
		done
		[ -n "$match" ] || continue
	fi
	timeout=$(header "$path" timeout)
	timeout=$((${timeout:-300} * ${TIMEOUT_FACTOR:-1}))
	if [ "$(header "$path" heavy)" = yes ] && [ "${HEAVY:-0}" = 0 ]; then
		test_stage "$name" "heavy (HEAVY=1)" skipped || true
		continue
	fi

	if [[ $case == *.host.sh ]] || [ "$(header "$path" host)" = yes ]; then
		dir="$TOP/.build/results/$name-host"
		rm -rf "$dir"
		mkdir -p "$dir"
		# One guest at most (50 boots one), beside another case;
		# run_host_case keeps them from running together.
		launch 1 "$name" host "$dir" show_host_failure \
			run_host_case "$case" "$timeout" "$dir"
		continue
	fi

	kernels=$(header "$path" kernels)
	kernels=${kernels:-bullseye}
	if [ "${DEBUG_ALL:-0}" != 0 ] && [[ " $kernels " == *" bullseye "* ]] &&
		[[ " $kernels " != *" debug "* ]]; then
		kernels="$kernels debug"
	fi
	peer_decl=$(header "$path" peer)
	for kdecl in $kernels; do
		[ -z "${ONLY_KERNELS:-}" ] || [[ " $ONLY_KERNELS " == *" $kdecl "* ]] || continue
		dir="$TOP/.build/results/$name-$kdecl"
		kernel_name "$kdecl"
		k=$KNAME
		peer=
		if [ -n "$peer_decl" ]; then
			kernel_name "$peer_decl"
			peer=$KNAME
		fi
		if [ -z "$k" ] || { [ -n "$peer_decl" ] && [ -z "$peer" ]; }; then
			test_stage "$name" "$kdecl" skipped || true
			continue
		fi
		if [ "$k" = "!" ] || [ "$peer" = "!" ]; then
			test_stage "$name" "$kdecl" false || rc=1
			continue
		fi
		ensure_module "$k"
		[ -z "$peer" ] || ensure_module "$peer"
		rm -rf "$dir"
		mkdir -p "$dir"
		launch "$([ -n "$peer" ] && echo 2 || echo 1)" "$name" "$kdecl" "$dir" \
			show_failure run_guest_case "$case" "$name" "$k" "$peer" "$timeout" "$dir"
	done
done
wait
[ ! -s "$FAILED" ] || rc=1
rm -f "$FAILED"

if [ -n "$owner" ]; then
	timing_summary || rc=1
fi
exit $rc
