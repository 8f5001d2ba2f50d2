#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a cached kernel under QEMU (TCG) with the host's root filesystem
# (read-only, tmpfs overlay) and run one command in it.
#
# Usage: vm.sh --kernel NAME [options] -- COMMAND...
#   --kernel NAME   kernel directory under $CACHE/kernels (bullseye,
#                   bookworm, debug-<hash>, or debug = the newest debug build)
#   --peer NAME     boot a second guest with kernel NAME, joined to the first
#                   by a virtio-net link (eth0 on both); both run COMMAND,
#                   with ROLE=a (first) and ROLE=b (peer)
#   --smp N         vCPUs per guest (default 1; see SMP in run.sh)
#   --mem M         memory per guest (default 2G)
#   --icount        -smp 1 -icount shift=1,sleep=off: reproducible timing
#   --timeout S     host-side limit for the whole boot, default 300
#   --out DIR       read-write directory shared with the guest(s) at the same
#                   path, exported as OUTDIR; console logs go there too.
#                   Default: $TOP/.build/results/vm-<date>-<pid>
#   --append ARGS   extra kernel command line arguments
#   --quiet         do not stream the guest's output to stdout
#
# COMMAND runs with bash -c in $TOP inside the guest (a single argument is
# used as is, several are quoted and joined). Its environment: TOP, KERNEL,
# PEER_KERNEL, ROLE, OUTDIR, SCTP_UDP_KO ($TOP/.build/KERNEL/sctp_udp.ko),
# HARNESS_TIMEOUT (guest-side limit, 0: none), HARNESS_ICOUNT (1 with
# --icount), PATH.
#
# Exit status: the command's, unless
#   - a guest's log has a kernel splat (logcheck.sh): 100 if the command
#     succeeded;
#   - a guest did not print its "### EXIT n" marker: 124 if the timeout
#     killed it, 125 otherwise (panic, boot failure).
# With --peer the first non-zero status of the two guests counts.
set -euo pipefail
. "$(dirname "$0")/common.sh"
HARNESS="$TOP/tests/harness"

usage() {
	sed -n '/^# Usage/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

kernel= peer= smp=1 mem=2G icount= timeout=300 out= append= quiet=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--peer) peer=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) echo "vm.sh: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$kernel" ] && [ $# -gt 0 ] || usage
if [ $# -eq 1 ]; then
	cmd=$1
else
	cmd=$(printf '%q ' "$@")
fi

# "debug" is the symlink debug-kernel.sh leaves to its newest build.
resolve_kernel() {
	local k=$1
	[ -f "$CACHE/kernels/$k/release" ] ||
		die "no kernel '$k' in $CACHE/kernels (kernels.sh / debug-kernel.sh)"
	if [ -L "$CACHE/kernels/$k" ]; then
		k=$(basename "$(readlink "$CACHE/kernels/$k")")
	fi
	echo "$k"
}
kernel=$(resolve_kernel "$kernel")
[ -z "$peer" ] || peer=$(resolve_kernel "$peer")

if [ -z "$out" ]; then
	out="$TOP/.build/results/vm-$(date +%Y%m%d-%H%M%S)-$$"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The paths travel on the kernel command line, split at blanks.
case "$out$TOP$CACHE" in
*[[:space:]]*) die "paths with blanks are not supported: $out $TOP $CACHE" ;;
esac
# Fresh rendezvous directory for the sync helpers of tests/lib/guest.sh.
rm -rf "$out/.sync" "$out/.harness"
mkdir -p "$out/.sync" "$out/.harness"

# The guest's own timeout leaves time for boot, the dmesg dump and
# power-off: 5-10 s each on stock kernels, ~30 s each on the debug kernel.
margin=45
case "$kernel $peer" in *debug*) margin=90 ;; esac
guest_timeout=$((timeout - margin))
[ "$guest_timeout" -ge 10 ] || guest_timeout=$((timeout / 2))
# With -icount the guest's clock follows the instruction count (several
# times faster than the wall clock here): no guest-side limit then.
[ -z "$icount" ] || guest_timeout=0

# write_job ROLE KERNEL PEER_KERNEL: the script the guest's /init runs.
write_job() {
	local role=$1 k=$2 pk=$3 job="$out/.harness/job-$1.sh"
	{
		echo "#!/bin/bash"
		printf 'export %s=%q\n' \
			TOP "$TOP" KERNEL "$k" PEER_KERNEL "$pk" ROLE "$role" \
			OUTDIR "$out" SCTP_UDP_KO "$TOP/.build/$k/sctp_udp.ko" \
			HARNESS_TIMEOUT "$guest_timeout" HARNESS_ICOUNT "${icount:-0}" \
			PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME /root LANG C.UTF-8 TERM dumb
		# run.sh's GUEST_ENV: VAR=value words, a case's own knobs.
		for kv in ${GUEST_ENV:-}; do
			[[ $kv =~ ^[A-Z_][A-Z0-9_]*=[^\ ]*$ ]] ||
				die "GUEST_ENV: not VAR=value: $kv"
			printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
		done
		printf 'exec /bin/bash %q %q %q\n' "$HARNESS/guest-run.sh" \
			"$guest_timeout" "$cmd"
	} >"$job"
	echo "$job"
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_guest ROLE KERNEL PEER_KERNEL LOG NETARGS: starts QEMU in the
# background under timeout(1); sets $qpid.
start_guest() {
	local role=$1 k=$2 pk=$3 log=$4 netargs=$5
	local kd="$CACHE/kernels/$k" initrd job release extra= cpu
	initrd=$("$HARNESS/initramfs.sh" "$k")
	job=$(write_job "$role" "$k" "$pk")
	release=$(cat "$kd/release")
	[ ! -f "$kd/cmdline" ] || extra=$(tr '\n' ' ' <"$kd/cmdline")
	cpu=(-smp "$smp")
	[ -z "$icount" ] || cpu=(-smp 1 -icount shift=1,sleep=off)
	# loglevel=5 after quiet: KERN_WARNING (WARN, lockdep, KASAN
	# headers) must reach the console; printk.time=1 marks kernel lines
	# for logcheck.sh.
	local cmdline="console=ttyS0 quiet loglevel=5 printk.time=1 panic=-1 oops=panic"
	cmdline+=" harness.job=$job harness.mods=$kd/root/lib/modules/$release"
	cmdline+=" harness.out=$out $extra $append"
	: >"$log"
	# la57=off: with 5-level paging, the KASAN debug kernel (5.10) now
	# and then reports a wild access in rcu_nmi_enter when an interrupt
	# arrives during identify_boot_cpu, and panics before any test runs.
	# shellcheck disable=SC2086
	timeout -k 5 "$timeout" qemu-system-x86_64 \
		-nodefaults -no-reboot -display none -monitor none \
		-machine pc,accel=tcg -cpu max,la57=off "${cpu[@]}" -m "$mem" \
		-kernel "$kd/vmlinuz" -initrd "$initrd" -append "$cmdline" \
		-serial "file:$log" \
		-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap" \
		$netargs &
	qpid=$!
}

# Stream a guest's command output (from BEGIN to the dmesg dump) while it
# runs; tail stops when QEMU is gone.
stream() {
	local log=$1 pid=$2 prefix=$3
	tail -n +1 -F --pid="$pid" "$log" 2>/dev/null | tr -d '\r' | awk -v p="$prefix" '
		/### BEGIN / { on = 1 }
		/### DMESG BEGIN/ { on = 0 }
		on { print p $0; fflush() }'
}

# Host-side tshark for the guests (tests/lib/guest.sh's tshark function):
# cold tshark start-up in a guest reads ~170 MB of libraries over 9p one
# page per request, about a minute under TCG; on the host it takes 0.2 s.
# A request is $out/.hostreq/ID.args (NUL-separated arguments) and
# ID.cwd, committed by creating ID.req; the answer is ID.out, ID.err and,
# last, ID.rc (a request with an ID.rc is done). The guest only reads pcap
# files from $out, which the host sees at the same path. One failed request
# must not stop the service: no errexit here.
host_service() {
	local dir="$out/.hostreq" req id args a bad cwd rc
	set +e
	mkdir -p "$dir"
	shopt -s nullglob
	while :; do
		for req in "$dir"/*.req; do
			id=${req%.req}
			# Answered already. The request stays: removing it at
			# once races with the guest's 9p create, which looks the
			# new file up again after creating it (ENOENT).
			[ ! -e "$id.rc" ] || continue
			# The guest removes a request once answered: it may be
			# gone by now.
			mapfile -d '' args <"$id.args" 2>/dev/null || continue
			cwd=$(cat "$id.cwd" 2>/dev/null || echo "$TOP")
			bad=
			for a in "${args[@]}"; do
				# Nothing that writes files or runs scripts on the host.
				case "$a" in
				-X*|-w*|-W*|-b*|-F*|-G*|--export-objects*|--extcap*|-i*|-D*) bad=$a ;;
				esac
			done
			if [ -n "$bad" ]; then
				echo "host tshark: option $bad not allowed" >"$id.err"
				: >"$id.out"
				rc=2
			else
				rc=0
				(cd "$cwd" 2>/dev/null || cd "$TOP"
				 exec timeout 120 tshark "${args[@]}") >"$id.out" 2>"$id.err" </dev/null || rc=$?
			fi
			echo "$rc" >"$id.rc.tmp"
			mv "$id.rc.tmp" "$id.rc"
		done
		sleep 0.1
	done
}

pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

host_service 2>"$out/.harness/host_service.log" &
pids+=($!)

log_a="$out/console.log"
log_b="$out/console-peer.log"
start=$(date +%s.%N)
net_a= net_b=
if [ -n "$peer" ]; then
	port=$(free_port)
	net_a="-netdev socket,id=n0,listen=127.0.0.1:$port -device virtio-net-pci,netdev=n0,mac=52:54:00:99:00:0a"
	net_b="-netdev socket,id=n0,connect=127.0.0.1:$port -device virtio-net-pci,netdev=n0,mac=52:54:00:99:00:0b"
fi
start_guest a "$kernel" "$peer" "$log_a" "$net_a"
pid_a=$qpid
pids+=("$pid_a")
[ -n "$quiet" ] || { stream "$log_a" "$pid_a" "$([ -n "$peer" ] && echo 'a| ')" & pids+=($!); }
if [ -n "$peer" ]; then
	# The connecting side fails at once if nobody listens yet.
	for _ in $(seq 100); do
		ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && break
		kill -0 "$pid_a" 2>/dev/null || break
		sleep 0.1
	done
	start_guest b "$peer" "$kernel" "$log_b" "$net_b"
	pid_b=$qpid
	pids+=("$pid_b")
	[ -n "$quiet" ] || { stream "$log_b" "$pid_b" 'b| ' & pids+=($!); }
fi

# QEMU's (or timeout's) exit status; not in $(...): a subshell cannot
# wait for its parent's children.
qrc_a=0 qrc_b=0
wait "$pid_a" || qrc_a=$?
[ -z "$peer" ] || wait "$pid_b" || qrc_b=$?
# Stop the host service; let the streamers print the last lines.
kill "${pids[0]}" 2>/dev/null || true
wait 2>/dev/null || true
trap - EXIT INT TERM
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

# verdict NAME KERNEL LOG QEMU_RC: the guest's status, explained on stderr.
verdict() {
	local name=$1 k=$2 log=$3 qrc=$4 rc begin_up end_up job
	rc=$(tr -d '\r' <"$log" | grep -ao '### EXIT [0-9]*' | tail -n1 | cut -d' ' -f3 || true)
	begin_up=$(tr -d '\r' <"$log" | grep -ao '### BEGIN .*uptime=[0-9.]*' | tail -n1 | sed 's/.*uptime=//' || true)
	end_up=$(tr -d '\r' <"$log" | grep -ao '### UPTIME [0-9.]*' | tail -n1 | cut -d' ' -f3 || true)
	if [ -z "$rc" ]; then
		if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
			echo "vm.sh: guest $name ($k): TIMEOUT after ${timeout}s, no exit marker" >&2
			rc=124
		else
			echo "vm.sh: guest $name ($k): no exit marker (panic or boot failure; qemu status $qrc)" >&2
			rc=125
		fi
		echo "vm.sh: last lines of $log:" >&2
		tr -d '\r' <"$log" | tail -n 25 | sed 's/^/    /' >&2
	fi
	if ! "$HARNESS/logcheck.sh" "$log" >&2; then
		echo "vm.sh: guest $name ($k): kernel splat in $log" >&2
		[ "$rc" != 0 ] || rc=100
	fi
	job=?
	[ -z "$end_up" ] || job=$(awk -v a="${begin_up:-0}" -v b="$end_up" 'BEGIN { printf "%.1f", b - a }')
	echo "vm.sh: guest $name ($k): status $rc; kernel up at job start ${begin_up:-?}s, job ${job}s; log $log" >&2
	echo "$rc"
}
rc_a=$(verdict a "$kernel" "$log_a" "$qrc_a")
rc=$rc_a
if [ -n "$peer" ]; then
	rc_b=$(verdict b "$peer" "$log_b" "$qrc_b")
	[ "$rc" != 0 ] || rc=$rc_b
fi
echo "vm.sh: wall time ${elapsed}s, status $rc" >&2
exit "$rc"
