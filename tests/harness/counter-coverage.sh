#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every counter of the module is moved by some test: after the suite has
# run, each name in src/stats_list.h must have a value above zero in at
# least one saved statistics file of the results (stats-dump-*.txt written
# by stats_dump in tests/lib/guest.sh, stats-final-*.txt written by
# guest-run.sh at the end of each guest job).
#
# Usage: counter-coverage.sh [RESULTS_DIR]    (default $TOP/.build/results)
# Prints, per counter, the largest value seen and the case it was seen in;
# exits 1 if a counter was never moved (or no statistics were saved).
set -euo pipefail
. "$(dirname "$0")/common.sh"

results=${1:-$TOP/.build/results}
names=$(sed -n 's/^SCTP_UDP_STAT(\([a-z0-9_]*\)).*/\1/p' "$TOP/src/stats_list.h")
[ -n "$names" ] || die "no counters found in src/stats_list.h"

files=$(find -L "$results" -name 'stats-*.txt' 2>/dev/null | sort)
[ -n "$files" ] || die "no saved statistics under $results: run the suite first"

# name <TAB> max value <TAB> case directory holding it
# shellcheck disable=SC2086
awk '
	FNR == 1 { n = split(FILENAME, p, "/"); where = p[n - 1] }
	NF == 2 && $2 ~ /^[0-9]+$/ && ($2 + 0 > max[$1] + 0) { max[$1] = $2; at[$1] = where }
	END { for (k in max) if (max[k] + 0 > 0) printf "%s\t%s\t%s\n", k, max[k], at[k] }
' $files >"$results/counter-coverage.tsv"

rc=0
for n in $names; do
	line=$(awk -F'\t' -v n="$n" '$1 == n' "$results/counter-coverage.tsv")
	if [ -n "$line" ]; then
		printf '  %-28s %12s  %s\n' "$n" "$(cut -f2 <<<"$line")" "$(cut -f3 <<<"$line")"
	else
		printf '  %-28s %12s  %s\n' "$n" 0 "NEVER MOVED"
		rc=1
	fi
done
[ $rc = 0 ] && echo "counter coverage: every counter moved" ||
	echo "counter coverage: some counters are moved by no test"
exit $rc
