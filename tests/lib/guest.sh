# SPDX-License-Identifier: GPL-2.0
#
# Helpers for test cases that run inside a guest (tests/cases/*.sh, booted
# by tests/harness/vm.sh). Source it first thing:
#
#   #!/bin/bash
#   # kernels: bullseye debug
#   . "$TOP/tests/lib/guest.sh"
#
# It turns on `set -euo pipefail` and an ERR trap that names the failing
# line. Environment from vm.sh: TOP, KERNEL, PEER_KERNEL, ROLE (a or b),
# OUTDIR (read-write, shared with the host and the peer guest),
# SCTP_UDP_KO. Exit status 77 means "skipped" to run.sh.

set -euo pipefail
set -E

: "${TOP:?not in a harness guest: TOP is unset}"
: "${OUTDIR:=/tmp}"
: "${ROLE:=a}"
GUEST_LIB="$TOP/tests/lib"
# wait_for timeouts are multiplied by this: everything takes ~3 times as
# long on the debug kernel (KASAN, lockdep) and the host may be busy.
# Under --icount the guest clock runs several times faster than the wall
# clock.
if [ -z "${WAIT_SCALE:-}" ]; then
	case "${KERNEL:-}" in
	debug*) WAIT_SCALE=3 ;;
	*) WAIT_SCALE=1 ;;
	esac
	[ "${HARNESS_ICOUNT:-0}" = 0 ] || WAIT_SCALE=$((WAIT_SCALE * 10))
fi

_guest_err() {
	echo "FAIL: ${BASH_SOURCE[1]:-?}:$2: '$3' exited with status $1" >&2
}
trap '_guest_err $? $LINENO "$BASH_COMMAND"' ERR

# ---------------------------------------------------------------------------
# Reporting

# info MSG: "# [uptime] MSG" (the guest's uptime read without an exec,
# to see where a slow test spends its time).
info() {
	local up _
	read -r up _ </proc/uptime || up=?
	echo "# [$up] $*"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Status 77: run.sh reports SKIP.
skip() {
	echo "SKIP: $*" >&2
	exit 77
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-assert_eq}: got '$1', expected '$2'"
}

assert_ne() {
	[ "$1" != "$2" ] || fail "${3:-assert_ne}: got '$1' twice"
}

# assert_ge A B MSG: integer A >= B
assert_ge() {
	[ "$1" -ge "$2" ] || fail "${3:-assert_ge}: $1 < $2"
}

# assert_gt A B MSG: integer A > B
assert_gt() {
	[ "$1" -gt "$2" ] || fail "${3:-assert_gt}: $1 <= $2"
}

# wait_for CMD TIMEOUT: poll the shell command CMD (a string, eval'ed)
# every 0.1 s until it succeeds; fail after TIMEOUT * WAIT_SCALE seconds.
# (Every exec costs in a TCG guest: the clock is bash's $SECONDS.)
# The limit is at least 60 s: it only matters when something is wrong, and
# a busy host (CI shares two cores between guests) can stall a guest for
# tens of seconds.
wait_for() {
	local cmd=$1 timeout=${2:-60} end
	[ "$timeout" -ge 60 ] || timeout=60
	timeout=$((timeout * WAIT_SCALE))
	end=$((SECONDS + timeout))
	until eval "$cmd" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || fail "timed out after ${timeout}s waiting for: $cmd"
		sleep 0.1
	done
}

# ping_once [NS] ADDR: one ping, 1 s to answer (v4 or v6 by ADDR). The
# host may have no iputils-ping; busybox-static's ping works as well.
ping_once() {
	local ns=-
	[ $# -lt 2 ] || { ns=$1; shift; }
	local fam=-4
	case "$1" in *:*) fam=-6 ;; esac
	if command -v ping >/dev/null; then
		in_ns "$ns" ping "$fam" -c1 -W1 "$1"
	else
		in_ns "$ns" busybox ping "$fam" -c1 -W1 "$1"
	fi
}

# ---------------------------------------------------------------------------
# Namespaces

# in_ns NS CMD...: run CMD in netns NS ("" or "-": the initial one).
in_ns() {
	local ns=$1
	shift
	if [ -z "$ns" ] || [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

# netns_pair NS1 NS2: two namespaces joined by a veth pair, "veth0" in
# both, 10.0.0.1/24 + fd00::1/64 in NS1, 10.0.0.2/24 + fd00::2/64 in NS2
# (nodad: usable at once), lo up in both.
netns_pair() {
	local a=${1:?netns_pair NS1 NS2} b=${2:?netns_pair NS1 NS2}
	ip netns add "$a"
	ip netns add "$b"
	ip link add veth0 netns "$a" type veth peer name veth0 netns "$b"
	local ns n=1
	for ns in "$a" "$b"; do
		ip -n "$ns" link set lo up
		ip -n "$ns" addr add "10.0.0.$n/24" dev veth0
		ip -n "$ns" addr add "fd00::$n/64" dev veth0 nodad
		ip -n "$ns" link set veth0 up
		n=$((n + 1))
	done
	# The link is up once both ends are.
	wait_for "ping_once $a 10.0.0.2" 10
}

# offloads_off NS DEV: no GSO/TSO/GRO and no checksum offload, so that
# captured frames are what goes on a wire (CRCs filled in, MTU-sized).
offloads_off() {
	in_ns "$1" ethtool -K "$2" tso off gso off gro off tx off rx off \
		>/dev/null 2>&1 || true
	in_ns "$1" ethtool -K "$2" tx-checksum-sctp off >/dev/null 2>&1 || true
}

# sctp_gso_off NS DEV...: DEV cannot take SCTP GSO packets (as a NIC
# cannot), so the stack segments them where they leave through it: for
# SCTP over UDP, the module's own segmentation (tx_gso_sw), and captures
# on DEV show wire-sized packets with their CRC32c filled in.  SCTP still
# builds GSO packets (generic GSO stays on).
sctp_gso_off() {
	local ns=$1 dev
	shift
	for dev in "$@"; do
		in_ns "$ns" ethtool -K "$dev" tx-sctp-segmentation off >/dev/null ||
			fail "ethtool -K $dev tx-sctp-segmentation off in $ns"
	done
}

# netns_inode NS: the namespace's inode number, which names its sctp_udp
# debugfs directory (the initial namespace with NS empty or "-").
netns_inode() {
	local ns=${1:-}
	if [ -z "$ns" ] || [ "$ns" = - ]; then
		stat -L -c %i /proc/1/ns/net
	else
		stat -L -c %i "/run/netns/$ns"
	fi
}

# ---------------------------------------------------------------------------
# The module

# load_module [PARAM=VALUE...]: sctp and the UDP tunnel helpers from the
# kernel's own modules, then the freshly built sctp_udp.ko.
load_module() {
	[ -f "$SCTP_UDP_KO" ] || fail "module not built: $SCTP_UDP_KO (tests/harness/build-module.sh $KERNEL)"
	modprobe -a sctp udp_tunnel ip6_udp_tunnel
	insmod "$SCTP_UDP_KO" "$@"
}

unload_module() {
	rmmod sctp_udp
}

# stats_file [NS]: path of the module's statistics for a namespace.
# Layout (src/debugfs.c): /sys/kernel/debug/sctp_udp/<netns inode>/stats,
# "name value" lines; adapt here only if it changes.
stats_file() {
	local dir=/sys/kernel/debug/sctp_udp
	local f="$dir/$(netns_inode "${1:-}")/stats"
	[ -f "$f" ] || [ ! -f "$dir/stats" ] || f="$dir/stats"
	echo "$f"
}

# stat_get NAME [NS]: one counter's value.
stat_get() {
	local name=${1:?stat_get NAME [NS]} f v
	f=$(stats_file "${2:-}")
	[ -r "$f" ] || fail "no statistics file $f"
	# A loop of builtins, not awk: in a TCG guest every exec costs
	# about half a second, and tests read many counters.
	local k val
	v=
	while read -r k val; do
		[ "$k" != "$name" ] || { v=$val; break; }
	done <"$f"
	[ -n "$v" ] || fail "no counter '$name' in $f"
	echo "$v"
}

# stats_dump [NS]: all counters, for the test log, and a copy in
# $OUTDIR/stats-dump-NS-N.txt (tests/harness/counter-coverage.sh reads
# these, with the final ones guest-run.sh saves, to see that every counter
# is moved by some test).
_STATS_DUMPS=0
stats_dump() {
	local f
	f=$(stats_file "${1:-}")
	info "stats of netns ${1:-init} ($f):"
	sed 's/^/#   /' "$f" 2>/dev/null || echo "#   (none)"
	_STATS_DUMPS=$((_STATS_DUMPS + 1))
	cp "$f" "$OUTDIR/stats-dump-${1:-init}-$_STATS_DUMPS.txt" 2>/dev/null || true
}

# ---------------------------------------------------------------------------
# Packet capture

_CAPTURE_PIDS=()

# capture_start NS IFACE FILE [CAPTURE FILTER]: dumpcap (pcap format) in
# netns NS; returns once the capture is running.
capture_start() {
	local ns=$1 dev=$2 file=$3 filter=${4:-}
	local elog="$file.dumpcap.log" pid
	local cmd=(dumpcap -q -P -i "$dev" -w "$file")
	[ -z "$filter" ] || cmd+=(-f "$filter")
	[ -z "$ns" ] || [ "$ns" = - ] || cmd=(ip netns exec "$ns" "${cmd[@]}")
	: >"$elog"
	# Not through a function: $! must be dumpcap itself (ip netns exec
	# execs it), for capture_stop to signal.
	"${cmd[@]}" 2>"$elog" &
	pid=$!
	_CAPTURE_PIDS+=("$pid")
	# dumpcap says "Capturing on" before it opens the interface; the
	# capture is on once its packet socket has its filter (_capture_live).
	_CAPTURE_NODIAG=
	wait_for "_capture_live '$ns' $pid || ! kill -0 $pid" 180
	kill -0 "$pid" 2>/dev/null || { cat "$elog" >&2; fail "dumpcap on $ns/$dev failed"; }
	# Without packet_diag, bound is all there is to see: the filter
	# follows within moments.
	[ -z "$_CAPTURE_NODIAG" ] || sleep 1
}

# _capture_live NS PID: dumpcap PID's packet socket in netns NS is bound
# and running (/proc/net/packet) and has its capture filter. libpcap
# attaches one always (accept-all without -f), after a drop-all one
# ("ret #0") while it sets the socket up; ss -0 -b shows it (packet_diag).
# A kernel without packet_diag (the debug kernel): bound and running is
# all there is to see, and _CAPTURE_NODIAG is set.
_capture_live() {
	local ns=$1 pid=$2 pre=() out ino
	[ -z "$ns" ] || [ "$ns" = - ] || pre=(ip netns exec "$ns")
	ino=$(readlink /proc/"$pid"/fd/* 2>/dev/null | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p')
	[ -n "$ino" ] || return 1
	"${pre[@]}" cat /proc/net/packet | awk -v ino="$(echo $ino)" '
		BEGIN { n = split(ino, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		($9 in want) && $5 != 0 && $6 == 1 { live = 1 }
		END { exit !live }' || return 1
	# ss lists packet sockets without packet_diag too (from /proc), but
	# then with no filters.
	if [ ! -d /sys/module/packet_diag ] && ! modprobe -q packet_diag; then
		_CAPTURE_NODIAG=1
		return 0
	fi
	out=$("${pre[@]}" ss -0 -b -p -H 2>/dev/null)
	awk -v p="pid=$pid," '
		index($0, p) { mine = 1; next }
		mine && /bpf filter/ { if ($0 !~ /\(1\): *0x06 0 0 0,/) live = 1 }
		{ mine = 0 }
		END { exit !live }' <<<"$out"
}

# capture_stop: stop every capture started, letting dumpcap flush. TERM,
# not INT: background jobs of a non-interactive shell ignore SIGINT.
# dumpcap writes what it buffered only on its way out, whose code pages
# come over 9p for the first time then: under a loaded host that has
# taken over 5 s, and a KILL then left a pcap with no packets in it. So
# up to 120 s, and a KILL is a test failure, not a silent loss.
capture_stop() {
	local pid i
	for pid in "${_CAPTURE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${_CAPTURE_PIDS[@]}"; do
		for i in $(seq 1200); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -KILL "$pid" 2>/dev/null; then
			_CAPTURE_PIDS=()
			fail "dumpcap ($pid) still running 120 s after SIGTERM"
		fi
		wait "$pid" 2>/dev/null || true
		[ "$i" -lt 20 ] || info "dumpcap ($pid) took $((i / 10)) s to stop"
	done
	_CAPTURE_PIDS=()
}

# tshark ARGS...: decode on the host when possible. A cold tshark in the
# guest loads ~170 MB of libraries over 9p page by page (about a minute
# under TCG); vm.sh runs a host-side tshark for the guests (see
# host_service in vm.sh), ~0.2 s. The pcap named by -r is copied into
# OUTDIR first unless it is there already (the host sees OUTDIR at the same
# path). Reading stdin (-r -), HOST_TSHARK=0, or no host service: the
# guest's own tshark.
tshark() {
	local args=() a file= next_is_file= dir="$OUTDIR/.hostreq" id i
	if [ "${HOST_TSHARK:-1}" = 0 ] || [ ! -d "$dir" ]; then
		command tshark "$@"
		return
	fi
	id="$ROLE-$$-$RANDOM$RANDOM"
	for a in "$@"; do
		if [ -n "$next_is_file" ]; then
			next_is_file=
			file=$a
			case "$(realpath -m "$a")" in
			"$OUTDIR"/*) a=$(realpath -m "$a") ;;
			*) cp "$a" "$dir/$id.pcap"; a="$dir/$id.pcap" ;;
			esac
		elif [ "$a" = -r ]; then
			next_is_file=1
		elif [[ $a == -r?* ]]; then
			file=${a#-r}
			[ "$file" != - ] || { command tshark "$@"; return; }
			cp "$file" "$dir/$id.pcap"
			a="-r$dir/$id.pcap"
		fi
		args+=("$a")
	done
	if [ -z "$file" ] || [ "$file" = - ]; then
		command tshark "$@"
		return
	fi
	printf '%s\0' "${args[@]}" >"$dir/$id.args"
	pwd >"$dir/$id.cwd"
	: >"$dir/$id.req"
	# Up to 2 minutes: the host's tshark has a 120 s limit.
	for i in $(seq 1300); do
		[ ! -e "$dir/$id.rc" ] || break
		sleep 0.1
	done
	[ -e "$dir/$id.rc" ] || fail "host tshark did not answer ($id)"
	cat "$dir/$id.out"
	grep -v 'Running as user "root"' "$dir/$id.err" >&2 || true
	i=$(cat "$dir/$id.rc")
	rm -f "$dir/$id".*
	return "$i"
}

# ---------------------------------------------------------------------------
# SCTP traffic (tests/lib/sctpt.py: echo server, verifying client)

# _sctpt_family ADDR: "-6" for an IPv6 address.
_sctpt_family() {
	case "$1" in *:*) echo -6 ;; esac
}

# sctp_server_start NS ADDR PORT: one-to-one echo server in the background
# (bound to the wildcard address of ADDR's family), returns once it
# listens; its pid in $SCTP_SERVER_PID.
sctp_server_start() {
	local ns=$1 addr=$2 port=$3 slog
	slog=$(mktemp /tmp/sctp-server.XXXXXX)
	# shellcheck disable=SC2046
	in_ns "$ns" python3 -S "$GUEST_LIB/sctpt.py" server $(_sctpt_family "$addr") \
		--port "$port" >"$slog" 2>&1 &
	SCTP_SERVER_PID=$!
	wait_for "grep -q listening '$slog' || ! kill -0 $SCTP_SERVER_PID" 60
	kill -0 "$SCTP_SERVER_PID" 2>/dev/null || grep -q listening "$slog" ||
		{ cat "$slog" >&2; fail "SCTP server on $ns $addr:$port did not start"; }
}

# sctp_client NS ADDR PORT [--count N] [--size S] [--timeout T]: N
# messages of S bytes (default 10 of 1000) echoed and verified.
sctp_client() {
	local ns=$1 addr=$2 port=$3 count=10 size=1000 timeout=60
	shift 3
	while [ $# -gt 0 ]; do
		case "$1" in
		--count) count=$2 ;;
		--size) size=$2 ;;
		--timeout) timeout=$2 ;;
		*) fail "sctp_client: unknown option $1" ;;
		esac
		shift 2
	done
	# shellcheck disable=SC2046
	in_ns "$ns" python3 -S "$GUEST_LIB/sctpt.py" client "$addr" \
		$(_sctpt_family "$addr") --port "$port" \
		--bytes $((count * size)) --msg "$size" --timeout "$timeout"
}

# guarded SECONDS CMD...: run CMD, which must end within SECONDS (set
# generously: a hang, not a slow run).  If it does not, the stacks of the
# blocked tasks go to the kernel log (sysrq w, in the harness's dmesg) and
# the test fails.  CMD's own status is returned otherwise.
guarded() {
	local secs=$1 pid i
	shift
	"$@" &
	pid=$!
	for ((i = 0; i < secs * 10; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"
			return
		fi
		sleep 0.1
	done
	echo w >/proc/sysrq-trigger 2>/dev/null || true
	cat "/proc/$pid/stack" 2>/dev/null || true
	fail "still running after ${secs}s: $*"
}

# resume FILE: end an sctpt.py --resume-file pause.  Not touch: over 9p
# its utimes fails when sctpt.py has already removed the file.
resume() {
	: >"$1"
}

# pause_port LOG: the client's own SCTP port, from the first "pausing at
# SENT port P" line sctpt.py printed into LOG.
pause_port() {
	sed -n 's/^pausing at [0-9]* port \([0-9]*\)$/\1/p' "$1" | head -n1
}

# status_field LOG KEY [N]: the value after KEY on the Nth "status" line
# that sctpt.py --status printed into LOG (default: the last one).
status_field() {
	awk -v k="$2" -v n="${3:-0}" '
		$1 == "status" { c++; for (i = 2; i < NF; i++) if ($i == k) v[c] = $(i + 1) }
		END { i = (n > 0) ? n : c; print v[i] }' "$1"
}

# hold NS ADDR PORT COUNT TAG [TIMEOUT]: COUNT associations from netns NS
# to ADDR:PORT (sctpt.py hold, in the background), kept until
# $OUTDIR/TAG.end exists; returns once they are all up (TIMEOUT, default
# 60 s).  Its output goes to $OUTDIR/TAG.log.
hold() {
	local ns=$1 addr=$2 port=$3 count=$4 tag=$5 timeout=${6:-60} pid
	rm -f "$OUTDIR/$tag.end"
	# shellcheck disable=SC2046
	ip netns exec "$ns" python3 -S "$GUEST_LIB/sctpt.py" hold "$addr" \
		$(_sctpt_family "$addr") --port "$port" --count "$count" \
		--until "$OUTDIR/$tag.end" >"$OUTDIR/$tag.log" 2>&1 &
	pid=$!
	wait_for "grep -q '^held' $OUTDIR/$tag.log || ! kill -0 $pid" "$timeout"
	grep -q '^held' "$OUTDIR/$tag.log" ||
		{ cat "$OUTDIR/$tag.log"; fail "hold $tag: $count associations from $ns"; }
}

# release TAG [TIMEOUT]: end hold TAG's associations, and wait until they
# are closed (TIMEOUT, default 60 s).
release() {
	touch "$OUTDIR/$1.end"
	wait_for "grep -q '^closed' $OUTDIR/$1.log" "${2:-60}"
}

# ---------------------------------------------------------------------------
# kmemleak (debug kernel only)

# kmemleak_check: scan twice (a leak is reported only by the second scan
# at least 5 s after the allocation) and fail on any report. Each scan
# takes ~10 s at 2 GiB. Without kmemleak, nothing happens.
kmemleak_check() {
	local f=/sys/kernel/debug/kmemleak
	[ -w "$f" ] || return 0
	info "kmemleak: scanning"
	echo scan >"$f"
	sleep 5
	echo scan >"$f"
	if [ -s "$f" ]; then
		echo "### KMEMLEAK BEGIN"
		cat "$f"
		echo "### KMEMLEAK END"
		fail "kmemleak found leaks"
	fi
	info "kmemleak: no leaks"
}

# ---------------------------------------------------------------------------
# Two guests (vm.sh --peer): ROLE=a is 10.99.0.1 / fd99::1 on eth0, ROLE=b
# is 10.99.0.2 / fd99::2.

# peer_setup: configure eth0 by ROLE; sets and exports LOCAL_IP4,
# LOCAL_IP6, PEER_IP4, PEER_IP6; waits until the peer answers pings.
peer_setup() {
	local me peer
	case "$ROLE" in
	a) me=1 peer=2 ;;
	b) me=2 peer=1 ;;
	*) fail "peer_setup: ROLE is '$ROLE'" ;;
	esac
	modprobe virtio_net 2>/dev/null || true
	wait_for "ip link show eth0" 10
	ip addr add "10.99.0.$me/24" dev eth0
	ip addr add "fd99::$me/64" dev eth0 nodad
	ip link set eth0 up
	export LOCAL_IP4=10.99.0.$me LOCAL_IP6=fd99::$me
	export PEER_IP4=10.99.0.$peer PEER_IP6=fd99::$peer
	wait_for "ping_once $PEER_IP4" "${1:-60}"
	info "peer $PEER_IP4 reachable"
}

# Rendezvous through files in the shared read-write OUTDIR (9p,
# cache=none, so a file the other guest creates is seen at once); vm.sh
# empties $OUTDIR/.sync before booting.
SYNC_DIR="$OUTDIR/.sync"

# sync_signal NAME [VALUE]: announce NAME (optionally with a value).
sync_signal() {
	mkdir -p "$SYNC_DIR"
	printf '%s\n' "${2:-}" >"$SYNC_DIR/$1.tmp"
	mv "$SYNC_DIR/$1.tmp" "$SYNC_DIR/$1"
}

# sync_wait NAME [TIMEOUT]: wait for NAME (default 60 s).
sync_wait() {
	wait_for "[ -e '$SYNC_DIR/$1' ]" "${2:-60}"
}

# sync_get NAME: the value given to sync_signal.
sync_get() {
	cat "$SYNC_DIR/$1"
}

# sync_barrier NAME [TIMEOUT]: both guests arrive before either goes on.
sync_barrier() {
	sync_signal "$1.$ROLE"
	sync_wait "$1.a" "${2:-60}"
	sync_wait "$1.b" "${2:-60}"
}
