#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 6: lksctp-tools' own functional tests (src/func_tests of Debian's
# source package, built on the host by tests/harness/lksctp-functests.sh;
# nothing of it is in the repository), the v4test and v6test lists, run
# three ways, each in a fresh namespace over loopback:
#   none  without the module;
#   off   module loaded, encapsulation off (net.sctp.encap_port 0);
#   on    net.sctp.udp_port and encap_port 9899: every association of
#         every test is UDP-encapsulated (the counters must show it).
# Every test's result with the module (off and on) must equal its result
# without it.  Tests failing all three ways are listed with the reason
# they give (lksctp-tools' expectations of a kernel other than this one).
# kernels: bullseye
# timeout: 3600
# prepare: tests/harness/lksctp-functests.sh >"$OUTDIR/lksctp.path"
. "$TOP/tests/lib/guest.sh"

FT=$(cat "$OUTDIR/lksctp.path")
LISTS=$(dirname "$FT")
[ -x "$FT/test_basic" ] || fail "lksctp-tools func_tests not built: $FT"
TESTS=$(cat "$LISTS/v4test" "$LISTS/v6test")
info "$(echo "$TESTS" | wc -l) tests from $FT"
PER_TEST=$((180 * WAIT_SCALE))

# count PASS|FAIL MODE
count() {
	awk -v r="$1" 'index($2, r) == 1 { n++ } END { print n + 0 }' \
		"$OUTDIR/$2.results"
}

# run_mode MODE: every test in a fresh namespace; MODE.results has
# "test PASS" or "test FAIL:status" lines, MODE/test.log each output.
run_mode() {
	local mode=$1 ns=ft-$1 t st
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	if [ "$mode" = on ]; then
		# Before any socket: upstream sockets copy these at creation.
		ip netns exec "$ns" sysctl -qw net.sctp.udp_port=9899
		ip netns exec "$ns" sysctl -qw net.sctp.encap_port=9899
	fi
	mkdir -p "$OUTDIR/$mode"
	: >"$OUTDIR/$mode.results"
	for t in $TESTS; do
		st=0
		(cd "$FT" && ip netns exec "$ns" timeout -k 10 "$PER_TEST" "./$t") \
			>"$OUTDIR/$mode/$t.log" 2>&1 || st=$?
		if [ "$st" = 0 ]; then
			echo "$t PASS" >>"$OUTDIR/$mode.results"
		else
			echo "$t FAIL:$st" >>"$OUTDIR/$mode.results"
		fi
		# As the v4test/v6test targets do: let associations go.
		sleep 1
	done
	info "$mode: $(count PASS "$mode") passed, $(count FAIL "$mode") failed"
	[ "$mode" = none ] || stats_dump "$ns"
	if [ "$mode" = on ]; then
		assert_gt "$(stat_get tx_encap "$ns")" 500 "packets encapsulated"
		assert_gt "$(stat_get rx_decap "$ns")" 500 "packets decapsulated"
		assert_eq "$(stat_get tx_plain "$ns")" 0 "packets left plain"
	fi
	ip netns del "$ns"
}

modprobe sctp
lsmod | grep -q '^sctp_udp ' && fail "sctp_udp loaded before the test"
info "without the module"
run_mode none
load_module
info "module loaded, encapsulation off"
run_mode off
info "encapsulation on for every association"
run_mode on

# why TEST MODE: the first failure line a test printed.
why() {
	grep -m1 -E 'FAIL|BROK|Assertion|error|rror:' "$OUTDIR/$2/$1.log" |
		tr -s ' \t' ' ' | cut -c1-150 || echo "status ${3:-?}, no message"
}

diffs=0
echo "# test none off on"
for t in $TESTS; do
	n=$(awk -v t="$t" '$1 == t { print $2 }' "$OUTDIR/none.results")
	o=$(awk -v t="$t" '$1 == t { print $2 }' "$OUTDIR/off.results")
	e=$(awk -v t="$t" '$1 == t { print $2 }' "$OUTDIR/on.results")
	echo "# $t $n $o $e"
	if [ "${n%%:*}" != "${o%%:*}" ] || [ "${n%%:*}" != "${e%%:*}" ]; then
		echo "DIFF: $t: none=$n off=$o on=$e"
		[ "${e%%:*}" = PASS ] || echo "DIFF:   on: $(why "$t" on)"
		[ "${o%%:*}" = PASS ] || echo "DIFF:   off: $(why "$t" off)"
		[ "${n%%:*}" = PASS ] || echo "DIFF:   none: $(why "$t" none)"
		diffs=$((diffs + 1))
	elif [ "${n%%:*}" != PASS ]; then
		echo "FAILS-ALL-THREE: $t: $(why "$t" none)"
	fi
done
assert_gt "$(count PASS on)" 30 "tests passing with encapsulation on"
assert_eq "$diffs" 0 "tests whose result depends on the module"
kmemleak_check
info "ok"
