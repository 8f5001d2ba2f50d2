#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The deterministic benchmark (issue 9), `make bench`: plain SCTP against
# UDP-encapsulated SCTP between two network namespaces of one guest, with
# sctp_udp.ko on Debian 11's 5.10 and with native encapsulation on Debian
# 12's 6.1, each guest booted with QEMU -smp 1 -icount shift=1,sleep=off so
# that guest time counts instructions: figures repeat from run to run and
# do not depend on the host's load.  See tests/bench/guest-bench.sh for the
# cases.
#
# Usage: tests/bench/run.sh
# Environment:
#   ROUNDS=5        rounds per case (each: one plain and one encapsulated run)
#   BULK_BYTES=64M  iperf3 -n: bytes per bulk run
#   RR_COUNT=3000   request/response exchanges per run
#   HOLD_N=10000    associations held for the rr10k cases
#   KERNELS="bullseye bookworm"
#   CASES=REGEX     only the cases whose name matches (debugging)
#   NO_HOLD=1       skip the 10,000-association phase
#   PLAIN0=1        a third mode in every case: plain SCTP with udp_port 0
#                   (guest-bench.sh's set_mode says why)
#   BENCH_OUT=DIR   results directory (default .build/bench/<date>)
#   NO_PUBLISH=1    do not write PERFORMANCE.md and tests/bench/results/
#   BENCH_NOTE=TEXT a note for PERFORMANCE.md (how partial results came about)
#   REUSE=DIR       a kernel of KERNELS whose DIR/bench-KERNEL.tsv exists is
#                   not booted: those figures (an earlier run of the same
#                   guest-bench.sh) are used, and PERFORMANCE.md says so
#   SUMMARIZE_ONLY=DIR  boot nothing: summarize the results already in DIR
#                   (an earlier BENCH_OUT, complete or not); the header keeps
#                   the measuring run's commit and date (DIR/run.env)
# Results: $BENCH_OUT/{bench-KERNEL.tsv,mem-KERNEL.tsv,summary.tsv,
# ratios.png,PERFORMANCE.md}; unless NO_PUBLISH=1, copied to
# tests/bench/results/ and PERFORMANCE.md at the top of the tree.
set -euo pipefail
. "$(dirname "$0")/../harness/common.sh"
. "$(dirname "$0")/../harness/packages.sh"
BENCH="$TOP/tests/bench"

ROUNDS=${ROUNDS:-5}
BULK_BYTES=${BULK_BYTES:-64M}
RR_COUNT=${RR_COUNT:-3000}
HOLD_N=${HOLD_N:-10000}
KERNELS=${KERNELS:-bullseye bookworm}
CASES=${CASES:-.}
stamp=$(date -u +%Y%m%d-%H%M%S)
out=${SUMMARIZE_ONLY:-${BENCH_OUT:-$TOP/.build/bench/$stamp}}
mkdir -p "$out"
out=$(cd "$out" && pwd)
command_line="ROUNDS=$ROUNDS BULK_BYTES=$BULK_BYTES RR_COUNT=$RR_COUNT HOLD_N=$HOLD_N ${PLAIN0:+PLAIN0=1 }make bench"

# The host's packages (the guest runs the host's iperf3, ethtool, jq),
# and matplotlib for the plot (Debian's, for Debian's python3).
PY=python3
[ ! -x /usr/bin/python3 ] || PY=/usr/bin/python3
host_packages_install python3-matplotlib

# rr, built on the host (the guest runs the host's binaries).
mkdir -p "$TOP/.build/bench"
gcc -O2 -Wall -Wextra -o "$TOP/.build/bench/rr" "$BENCH/rr.c"

for k in $KERNELS; do
	"$TOP/tests/harness/kernels.sh" "$k" >/dev/null
	case $k in
	bullseye*) "$TOP/tests/harness/build-module.sh" "$k" >/dev/null ;;
	esac
done

# Wall time: about 2 minutes per round and kernel here, unloaded; leave
# plenty for a loaded host (icount makes the figures independent of it).
# The guest runs a copy: the tree may change while a run goes on.
# run.env: what was measured, for a later SUMMARIZE_ONLY.
src_state="$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$TOP" diff --quiet HEAD -- src 2>/dev/null || echo ', src/ modified')"
run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
summarized=
if [ -n "${SUMMARIZE_ONLY:-}" ]; then
	if [ -s "$out/run.env" ]; then
		summarized="- Summarized again (SUMMARIZE_ONLY) on $run_date at commit $src_state"$'\n'
		src_state=$(sed -n 's/^commit=//p' "$out/run.env")
		run_date=$(sed -n 's/^date=//p' "$out/run.env")
	fi
else
	cp "$BENCH/guest-bench.sh" "$out/guest-bench.sh"
	printf 'commit=%s\ndate=%s\n' "$src_state" "$run_date" >"$out/run.env"
fi
timeout=$((1200 + ROUNDS * 900))
declare -A rel
partial= reused=
for k in $KERNELS; do
	rel[$k]=$(cat "$CACHE/kernels/$k/release")
	if [ -n "${REUSE:-}" ] && [ -s "$REUSE/bench-$k.tsv" ]; then
		mkdir -p "$out/$k"
		cp "$REUSE/bench-$k.tsv" "$out/$k/"
		[ ! -s "$REUSE/mem-$k.tsv" ] || cp "$REUSE/mem-$k.tsv" "$out/$k/"
		when=$(git -C "$TOP" log -1 --format=', committed %h %cs' -- "$REUSE/bench-$k.tsv" 2>/dev/null || true)
		reused+="- $k: figures reused from an earlier run of the same guest-bench.sh ($REUSE/bench-$k.tsv$when), not measured in this run"$'\n'
		continue
	fi
	if [ -n "${SUMMARIZE_ONLY:-}" ]; then
		grep -aq '^### EXIT 0' "$out/$k/console.log" 2>/dev/null ||
			grep -qx 0 "$out/$k/status" 2>/dev/null || partial+=" $k"
		continue
	fi
	log "benchmark on $k (${rel[$k]}), $ROUNDS rounds, -icount; log in $out/$k/console.log"
	t0=$(date +%s)
	rc=0
	mkdir -p "$out/$k"	# for status, even if vm.sh fails before it boots
	"$TOP/tests/harness/vm.sh" --kernel "$k" --icount --timeout "$timeout" \
		--out "$out/$k" --quiet -- \
		"ROUNDS=$ROUNDS BULK_BYTES=$BULK_BYTES RR_COUNT=$RR_COUNT HOLD_N=$HOLD_N CASES='$CASES' ${NO_HOLD:+NO_HOLD=1} ${PLAIN0:+PLAIN0=1} $out/guest-bench.sh" ||
		rc=$?
	log "$k: status $rc, $(( $(date +%s) - t0 )) s wall"
	echo "$rc" >"$out/$k/status"
	tr -d '\r' <"$out/$k/console.log" | grep -a '^# \[' | sed "s/^/$k| /" >"$out/progress-$k.log" || true
	if [ "$rc" != 0 ]; then
		log "benchmark guest on $k failed (status $rc): $out/$k/console.log; summarizing what it measured"
		partial+=" $k"
	fi
done

raw=() mem=()
for k in $KERNELS; do
	[ -s "$out/$k/bench-$k.tsv" ] || continue
	raw+=("$out/$k/bench-$k.tsv")
	[ ! -s "$out/$k/mem-$k.tsv" ] || mem+=("$out/$k/mem-$k.tsv")
done
$PY "$BENCH/summarize.py" "$out" "${raw[@]}" --mem "${mem[@]}" >"$out/table.md"

plain0_desc=
if grep -q "$(printf '\tplain0\t')" "${raw[@]}"; then
	plain0_desc="- plain0 (\`PLAIN0=1\`): a third run per round, plain SCTP with the
  client namespace's \`net.sctp.udp_port=0\`. Native 6.1 sizes the DATA
  chunks of every socket made while \`udp_port\` is set for the UDP header,
  plain paths included, so its plain mode is not plain SCTP at its whole
  MTU; sctp_udp.ko reserves the 8 bytes only on sockets that encapsulate
  (its plain0 puts the same packets on the wire as its plain, and its
  hooks do less per packet: tests/bench/ANALYSIS.md). The verdict holds
  the module's encap / plain to native's encap / plain0 where that was
  measured.
"
fi
kernels_desc=
for k in $KERNELS; do
	kernels_desc+="- $k: Linux ${rel[$k]} (Debian's stock kernel)"
	case $k in
	bullseye*) kernels_desc+=", encapsulation by sctp_udp.ko $(make -s -C "$TOP" version)" ;;
	*) kernels_desc+=", native encapsulation (net.sctp.udp_port / encap_port)" ;;
	esac
	kernels_desc+=$'\n'
done

{
	cat <<EOF
# Performance of SCTP over UDP (RFC 6951): sctp_udp.ko against plain SCTP and native Linux 6.1

Written by the benchmark itself (\`tests/bench/run.sh\`); do not edit by hand.

- Command: \`$command_line\` (commit $src_state)
- Date: $run_date
$summarized- Guests: QEMU TCG, \`-smp 1 -icount shift=1,sleep=off\` (guest time follows
  the instruction count: a throughput is the inverse of the work per byte,
  repeatable on a quiet host; on a loaded one the guest waits for the host
  (9p) more often, its clock jumps, and rounds spread wider), 2 GiB
$kernels_desc$reused${BENCH_NOTE:+- Note: $BENCH_NOTE
}${partial:+- **PARTIAL RUN**: the guest on${partial} did not complete (see its console log); its figures cover the rounds it finished.
}- Topology: two network namespaces joined by a veth pair, one guest per
  kernel. Each case runs $ROUNDS rounds; a round is one plain SCTP run and one
  encapsulated run (order alternating), switched by the client namespace's
  \`net.sctp.encap_port\` (0 or 9899) with \`net.sctp.udp_port=9899\` in both
  namespaces throughout. Every run's mode is checked against counters.
- Cases: \`bulk-*\`: \`iperf3 --sctp -n $BULK_BYTES\` (\`-P 1\` or \`-P 4\`; Mbit/s as the
  sender reports it, tests/bench/guest-bench.sh says why), IPv4 / IPv6,
  veth MTU 1500 / 9000, plain SCTP's CRC32c offloaded (\`csumhw\`, veth
  default) or in software (\`csumsw\`: \`ethtool -K veth0 tx-checksum-sctp off\`
  on both ends); \`rr-*\`: tests/bench/rr.c, one association, $RR_COUNT
  request/response exchanges of 1 byte or 1 KB (transactions/s);
  \`rr10k-*\`: the same with $HOLD_N other encapsulated associations established
  (ports learned, heartbeats off); \`rr10k-vs-1-*\`: encapsulated rr with
  $HOLD_N associations / with none (per round).
- Ratio: encapsulated / plain of the same round, median over rounds (min-max
  in brackets). Targets (issue 9): bulk >= 0.95 (CRC offloaded) / >= 0.97
  (CRC in software) and above native 6.1's ratio; rr >= 0.95; 10,000
  associations >= 0.95 of one; every case at least native 6.1's ratio.
$plain0_desc- Raw data: \`tests/bench/results/bench-*.tsv\` (kernel impl phase case round
  mode value unit), summary: \`tests/bench/results/summary.tsv\`.

![ratios per case](tests/bench/results/ratios.png)

EOF
	cat "$out/table.md"
	if [ -f "$BENCH/ANALYSIS.md" ]; then
		echo
		cat "$BENCH/ANALYSIS.md"
	fi
} >"$out/PERFORMANCE.md"

if [ -z "${NO_PUBLISH:-}" ]; then
	mkdir -p "$BENCH/results"
	# Files only: results/ keeps subdirectories of partial runs.
	find "$BENCH/results" -maxdepth 1 -type f -delete
	cp "$out"/*/bench-*.tsv "$out/summary.tsv" "$BENCH/results/"
	cp "$out"/*/mem-*.tsv "$BENCH/results/" 2>/dev/null || true
	[ ! -f "$out/ratios.png" ] || cp "$out/ratios.png" "$BENCH/results/"
	cp "$out/PERFORMANCE.md" "$TOP/PERFORMANCE.md"
	log "wrote PERFORMANCE.md and tests/bench/results/"
fi
cat "$out/table.md"
log "results in $out"
[ -z "$partial" ] || exit 1
