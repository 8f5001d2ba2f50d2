# SPDX-License-Identifier: GPL-2.0
#
# Stage timings and test results shared by check.sh and run.sh (sourced).
#
#   timings.tsv   stage <TAB> seconds <TAB> PASS|FAIL|SKIP
#   results.tsv   test <TAB> kernel <TAB> PASS|FAIL|SKIP <TAB> seconds
#   reasons.tsv   test <TAB> kernel <TAB> why it failed (one line)
#
# The outermost script (check.sh, or run.sh when run alone) calls
# timing_init, which makes a fresh session directory (so that runs going
# on at the same time do not mix) and exports it as SCTP_UDP_TIMING;
# nested scripts append to the same files. timing_summary prints the table
# and copies both files to $TOP/.build/ as the latest ones.

# timing_init: returns 0 if this script owns the session (should print the
# summary), 1 if an outer script does.
timing_init() {
	if [ -n "${SCTP_UDP_TIMING:-}" ] && [ -d "$SCTP_UDP_TIMING" ]; then
		TIMINGS="$SCTP_UDP_TIMING/timings.tsv"
		RESULTS="$SCTP_UDP_TIMING/results.tsv"
		REASONS="$SCTP_UDP_TIMING/reasons.tsv"
		return 1
	fi
	mkdir -p "$TOP/.build/timing"
	SCTP_UDP_TIMING=$(mktemp -d "$TOP/.build/timing/run-XXXXXX")
	export SCTP_UDP_TIMING
	TIMINGS="$SCTP_UDP_TIMING/timings.tsv"
	RESULTS="$SCTP_UDP_TIMING/results.tsv"
	REASONS="$SCTP_UDP_TIMING/reasons.tsv"
	: >"$TIMINGS"
	: >"$RESULTS"
	: >"$REASONS"
	date +%s.%N >"$SCTP_UDP_TIMING/start"
	return 0
}

now() {
	date +%s.%N
}

# since START: seconds elapsed, one decimal.
since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

timing_add() {
	printf '%s\t%s\t%s\n' "$1" "$2" "${3:-PASS}" >>"$TIMINGS"
}

result_add() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"
}

# reason_add TEST KERNEL TEXT: why TEST failed, shown under it in the
# summary's list of failures (the end of a CI log is often all there is).
reason_add() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\t\n' '  ' | cut -c1-300)" \
		>>"$REASONS"
}

# timing_stage NAME CMD...: run CMD, record its time as a stage; returns
# CMD's status.
timing_stage() {
	local name=$1 t rc=0
	shift
	t=$(now)
	"$@" || rc=$?
	timing_add "$name" "$(since "$t")" "$([ $rc -eq 0 ] && echo PASS || echo FAIL)"
	return $rc
}

# test_stage NAME KERNEL CMD...: run CMD as a test (counted in the final
# line) and as a stage; status 77 counts as skipped.
test_stage() {
	local name=$1 kernel=$2 t rc=0 st
	shift 2
	t=$(now)
	"$@" || rc=$?
	case $rc in
	0) st=PASS ;;
	77) st=SKIP ;;
	*) st=FAIL ;;
	esac
	local secs
	secs=$(since "$t")
	result_add "$name" "$kernel" "$st" "$secs"
	# Indented: a test is part of a stage (run.sh, module builds...).
	timing_add "  $name${kernel:+ ($kernel)}" "$secs" "$st"
	printf '%-40s %-22s %-4s %6ss\n' "$name" "$kernel" "$st" "$secs"
	return $rc
}

# timing_summary: the stage table, then exactly one line
# "N passed, N failed[, N skipped]"; returns 1 if anything failed.
timing_summary() {
	local pass fail skip
	echo
	echo "Timings:"
	awk -F'\t' '{ printf "  %-50s %8.1fs  %s\n", $1, $2, $3 }' "$TIMINGS"
	printf '  %-50s %8ss\n' "total (wall clock)" "$(since "$(cat "$SCTP_UDP_TIMING/start")")"
	if grep -q . "$RESULTS"; then
		local failed
		failed=$(awk -F'\t' 'FILENAME == ARGV[1] { why[$1 "\t" $2] = why[$1 "\t" $2] "\n      " $3; next }
			$3 == "FAIL" { print "  " $1 " (" $2 ")" why[$1 "\t" $2] }' "$REASONS" "$RESULTS")
		[ -z "$failed" ] || { echo "Failed:"; echo "$failed"; }
	fi
	pass=$(awk -F'\t' '$3 == "PASS"' "$RESULTS" | wc -l)
	fail=$(awk -F'\t' '$3 == "FAIL"' "$RESULTS" | wc -l)
	skip=$(awk -F'\t' '$3 == "SKIP"' "$RESULTS" | wc -l)
	echo
	if [ "$skip" -gt 0 ]; then
		echo "$pass passed, $fail failed, $skip skipped"
	else
		echo "$pass passed, $fail failed"
	fi
	cp "$TIMINGS" "$TOP/.build/timings.tsv"
	cp "$RESULTS" "$TOP/.build/results.tsv"
	rm -rf "$SCTP_UDP_TIMING"
	[ "$fail" -eq 0 ]
}
