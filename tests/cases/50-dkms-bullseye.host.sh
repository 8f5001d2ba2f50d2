#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 7, the DKMS user path on a real Debian 11 system:
#  1. build sctp-udp-dkms_<ver>_all.deb from the working tree
#     (tests/harness/packaging.sh --deb);
#     Also (tests/harness/dkms-native.sh): DKMS must build and install the
#     refusing stub from it for a kernel with native support (bookworm);
#  2. on the host, in a chroot into a debootstrap'ed bullseye root (cached,
#     tests/harness/dkms-root.sh; this run writes only to an overlay on
#     top of it): dpkg -i the package, so that DKMS builds the module with
#     bullseye's own gcc-10 against the installed linux-headers; "dkms
#     status" must say installed;
#  3. boot that root with its stock kernel under QEMU
#     (tests/harness/dkms-boot.sh) and, in the guest: modprobe sctp_udp
#     must load the DKMS build (modinfo -n under updates/dkms), an SCTP
#     association between two namespaces over UDP 9899 must carry data
#     both ways, with the module's counters (debugfs) moving;
#  4. back in the chroot on the host: "dpkg -r sctp-udp-dkms" must remove
#     the module (modinfo fails, nothing left in DKMS or /usr/src), and
#     purging must remove /etc/modprobe.d/sctp-udp.conf.
# The first run debootstraps the root (~2-3 min); later runs take about
# 1.5-2 min, most of it the DKMS build and the TCG guest.
# host: yes
# timeout: 900
set -euo pipefail
: "${TOP:?}"
. "$TOP/tests/harness/common.sh"
HARNESS="$TOP/tests/harness"
OUTDIR=${OUTDIR:-$TOP/.build/results/50-dkms-bullseye-host}
mkdir -p "$OUTDIR"

fail() {
	echo "FAIL: $*"
	exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_all=$(now)

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (debootstrap, chroot, mount)"; exit 77; }
for t in debootstrap qemu-system-x86_64 busybox; do
	command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done

# --- 1. the package
t=$(now)
deb=$("$HARNESS/packaging.sh" --deb --no-lintian 2>"$OUTDIR/packaging.log" | tail -n1) ||
	{ tail -n 20 "$OUTDIR/packaging.log"; fail "packaging.sh --deb"; }
version=$(make -s -C "$TOP" version)
echo "ok: built $(basename "$deb") in $(since "$t")s"

# --- 1b. the same package on a kernel with native support (bookworm's
# 6.1, host dkms with private trees): must build and install the stub.
t=$(now)
"$HARNESS/dkms-native.sh" "$deb" bookworm 2>&1 || fail "DKMS on a native kernel (dkms-native.sh)"
echo "   (in $(since "$t")s)"

# --- 2. the root and the install
t=$(now)
base=$("$HARNESS/dkms-root.sh" 2>"$OUTDIR/dkms-root.log") ||
	{ tail -n 20 "$OUTDIR/dkms-root.log"; fail "dkms-root.sh"; }
release=$(cat "$base/.release")
echo "ok: bullseye root $base (kernel $release) in $(since "$t")s"

# An overlay on the cached root: the run never changes it.  The work area
# lives on the same file system as the cache (overlayfs needs a real one
# for its upper directory, and QEMU shares the merged view).
# Leftovers of a run that was killed hard (SIGKILL): unmount, remove.
for old in "$CACHE"/dkms-run.*; do
	[ -d "$old" ] || continue
	! kill -0 "${old##*.}" 2>/dev/null || continue
	grep -o " $old/merged[^ ]*" /proc/self/mounts | sort -r |
		while read -r m; do umount -l "$m" || true; done
	rm -rf "$old"
done
work="$CACHE/dkms-run.$$"
merged="$work/merged"
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
mkdir -p "$work"/{upper,work,merged}
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/work" "$merged" ||
	fail "cannot mount an overlay on $base"
mounts+=("$merged")

t=$(now)
for d in proc sys dev dev/pts; do
	mount --bind "/$d" "$merged/$d"
	mounts+=("$merged/$d")
done
cp "$deb" "$merged/tmp/"
# The host's uname -r is no kernel of the root: DKMS's postinst then
# builds for every kernel in /lib/modules, i.e. bullseye's.
if ! chroot "$merged" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive dpkg -i "/tmp/$(basename "$deb")" >"$OUTDIR/dpkg-install.log" 2>&1; then
	cat "$OUTDIR/dpkg-install.log"
	cat "$merged/var/lib/dkms/sctp-udp/$version/build/make.log" 2>/dev/null | tail -n 30
	fail "dpkg -i in the bullseye chroot"
fi
sed 's/^/  dpkg| /' "$OUTDIR/dpkg-install.log"
echo "  dpkg -i + DKMS build took $(since "$t")s"
status=$(chroot "$merged" dkms status 2>&1)
echo "  dkms status: $status"
cp "$merged/var/lib/dkms/sctp-udp/$version/build/make.log" "$OUTDIR/dkms-make.log" 2>/dev/null || true
grep -q "^sctp-udp, $version, $release, x86_64: installed" <<<"$status" ||
	fail "dkms status does not show sctp-udp $version installed for $release"
ko="$merged/lib/modules/$release/updates/dkms/sctp_udp.ko"
[ -f "$ko" ] || fail "no $ko after the DKMS install"
# Built by bullseye's compiler, not the host's.
comp=$(grep -ao 'GCC: ([^)]*) [0-9.]*' "$ko" | sort -u | tr '\n' ' ')
echo "  module compiled by: $comp"
grep -q 'GCC: (Debian 10\.' <<<"$comp" || fail "the module was not compiled by bullseye's gcc-10"
modinfo -F vermagic "$ko" | grep -q "^$release " ||
	fail "the DKMS module's vermagic is not $release"
for ((i = ${#mounts[@]} - 1; i >= 1; i--)); do
	umount "${mounts[$i]}"
done
mounts=("$merged")
t_install=$(since "$t")
echo "ok: dpkg -i + DKMS build in the chroot in ${t_install}s"

# --- 3. in the guest
cat >"$merged/root/sctp_echo.py" <<'EOF'
# server PORT | client ADDR PORT BYTES: SCTP (one-to-one) echo over the
# kernel's SCTP; the client checks that what comes back is what it sent.
import hashlib, os, socket, sys, time

def server(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    print("listening", flush=True)
    c, peer = s.accept()
    n = 0
    while True:
        d = c.recv(65536)
        if not d:
            break
        c.sendall(d)
        n += len(d)
    print("server: echoed", n, "bytes from", peer, flush=True)

def client(addr, port, nbytes):
    data = os.urandom(nbytes)
    for _ in range(50):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132)
        s.settimeout(20)
        try:
            s.connect((addr, port))
            break
        except (ConnectionRefusedError, socket.timeout):
            s.close()
            time.sleep(0.2)
    else:
        sys.exit("client: cannot connect")
    got = b""
    for i in range(0, nbytes, 1000):
        s.sendall(data[i:i + 1000])
    while len(got) < nbytes:
        d = s.recv(65536)
        if not d:
            break
        got += d
    s.close()
    ok = hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
    print("client: sent %d, received %d, %s" % (nbytes, len(got), "match" if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)

if sys.argv[1] == "server":
    server(int(sys.argv[2]))
else:
    client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
EOF

cat >"$merged/root/dkms-job.sh" <<EOF
VERSION=$version
EOF
cat >>"$merged/root/dkms-job.sh" <<'EOF'
# Runs in the guest (tests/cases/50-dkms-bullseye.host.sh).
set -u
bad=0
ok() { echo "ok: $*"; }
step() { echo "[guest uptime $(cut -d' ' -f1 /proc/uptime)s] $*"; }
ko() { echo "FAIL: $*"; bad=1; }
die() { echo "FAIL: $*"; exit 1; }
stat_get() {  # NAME NS
	local ino f
	ino=$(ip netns exec "$2" readlink /proc/self/ns/net | tr -dc 0-9)
	f=/sys/kernel/debug/sctp_udp/$ino/stats
	[ -r "$f" ] || { echo "no $f" >&2; echo 0; return; }
	awk -v n="$1" '$1 == n { print $2; found = 1 } END { if (!found) print 0 }' "$f"
}
show_stats() {
	local ino
	ino=$(ip netns exec "$1" readlink /proc/self/ns/net | tr -dc 0-9)
	echo "stats of $1 (/sys/kernel/debug/sctp_udp/$ino/stats):"
	sed 's/^/    /' "/sys/kernel/debug/sctp_udp/$ino/stats" 2>&1
}

echo "guest: $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME")"
# "dkms status" was checked in the chroot: here it takes ~30 s (it walks
# the kernel's module tree over 9p under TCG).
step "modprobe sctp_udp"
modprobe sctp_udp || die "modprobe sctp_udp"
path=$(modinfo -n sctp_udp)
echo "modinfo -n sctp_udp: $path"
case "$path" in
*/updates/dkms/*|*/extra/*) ok "module from the DKMS location" ;;
*) ko "modprobe did not use the DKMS module ($path)" ;;
esac
[ "$(modinfo -F version sctp_udp)" = "$VERSION" ] || ko "module version $(modinfo -F version sctp_udp)"
grep -q '^sctp_udp ' /proc/modules || die "sctp_udp not in /proc/modules"
ok "loaded: $(grep '^sctp_udp ' /proc/modules | cut -d' ' -f1-3)"

# Two namespaces joined by veth; the client namespace encapsulates.
ip netns add ns1 && ip netns add ns2 || die "ip netns"
ip link add veth0 netns ns1 type veth peer name veth0 netns ns2 || die "veth"
ip -n ns1 addr add 10.0.0.1/24 dev veth0
ip -n ns2 addr add 10.0.0.2/24 dev veth0
for n in ns1 ns2; do ip -n $n link set lo up; ip -n $n link set veth0 up; done
ip netns exec ns1 sysctl -qw net.sctp.encap_port=9899 || ko "sysctl net.sctp.encap_port in ns1"
for n in ns1 ns2; do
	p=$(ip netns exec $n sysctl -n net.sctp.udp_port)
	[ "$p" = 9899 ] || ko "net.sctp.udp_port in $n is '$p', not the default 9899"
done

step "SCTP over UDP between two namespaces"
ip netns exec ns2 python3 /root/sctp_echo.py server 5001 >/tmp/server.log 2>&1 &
for _ in $(seq 100); do grep -q listening /tmp/server.log && break; sleep 0.1; done
if ip netns exec ns1 timeout 60 python3 /root/sctp_echo.py client 10.0.0.2 5001 200000; then
	ok "SCTP association ns1 -> ns2, data echoed back intact"
else
	ko "SCTP data over UDP between the namespaces"
fi
sleep 0.5
cat /tmp/server.log
show_stats ns1
show_stats ns2
for c in "tx_encap ns1" "rx_decap ns2" "tx_encap ns2" "rx_decap ns1"; do
	v=$(stat_get $c)
	if [ "$v" -gt 0 ] 2>/dev/null; then ok "$c = $v"; else ko "$c = $v (want > 0)"; fi
done
ip netns del ns1
ip netns del ns2

rmmod sctp_udp || ko "rmmod sctp_udp"
step "done"
[ $bad = 0 ] && echo "GUEST PASS"
exit $bad
EOF

t=$(now)
rc=0
"$HARNESS/dkms-boot.sh" --root "$merged" --log "$OUTDIR/console.log" --timeout 400 \
	-- /root/dkms-job.sh 2>"$OUTDIR/boot.log" || rc=$?
t_guest=$(since "$t")
tr -d '\r' <"$OUTDIR/console.log" | sed -n '/### BEGIN/,/### DMESG BEGIN/p' | sed 's/^/  guest| /'
cat "$OUTDIR/boot.log"
dmesg_mod=$(tr -d '\r' <"$OUTDIR/console.log" | sed -n '/### DMESG BEGIN/,/### DMESG END/p' | grep -i 'sctp' || true)
[ -z "$dmesg_mod" ] || sed 's/^/  dmesg| /' <<<"$dmesg_mod"
[ "$rc" = 0 ] || fail "guest status $rc (console: $OUTDIR/console.log)"
echo "ok: guest run in ${t_guest}s"

# --- 4. removal, back in the chroot on the host (the guest's changes were
# in its tmpfs; the overlay still has the package).  Not in the guest:
# depmod there reads every module of the kernel over 9p, minutes under TCG.
t=$(now)
for d in proc sys dev dev/pts; do
	mount --bind "/$d" "$merged/$d"
	mounts+=("$merged/$d")
done
inchroot() {
	chroot "$merged" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}
if ! inchroot dpkg -r sctp-udp-dkms >"$OUTDIR/dpkg-remove.log" 2>&1; then
	cat "$OUTDIR/dpkg-remove.log"
	fail "dpkg -r sctp-udp-dkms in the bullseye chroot"
fi
if inchroot modinfo -k "$release" sctp_udp >/dev/null 2>&1; then
	fail "modinfo still finds sctp_udp after dpkg -r: $(inchroot modinfo -k "$release" -n sctp_udp)"
fi
echo "ok: dpkg -r: modinfo -k $release sctp_udp fails"
[ ! -e "$ko" ] || fail "$ko left behind by dpkg -r"
[ ! -e "$merged/usr/src/sctp-udp-$version" ] || fail "/usr/src/sctp-udp-$version left behind by dpkg -r"
[ ! -e "$merged/var/lib/dkms/sctp-udp" ] || fail "/var/lib/dkms/sctp-udp left behind by dpkg -r"
! inchroot dkms status 2>&1 | grep -q sctp-udp || fail "dkms status still lists sctp-udp"
[ -f "$merged/etc/modprobe.d/sctp-udp.conf" ] ||
	fail "/etc/modprobe.d/sctp-udp.conf removed by dpkg -r (a conffile stays until purge)"
inchroot dpkg -P sctp-udp-dkms >>"$OUTDIR/dpkg-remove.log" 2>&1 || fail "dpkg -P sctp-udp-dkms"
[ ! -e "$merged/etc/modprobe.d/sctp-udp.conf" ] || fail "/etc/modprobe.d/sctp-udp.conf left after purge"
echo "ok: removed and purged in $(since "$t")s"
echo "PASS (total $(since "$t_all")s; install ${t_install}s, guest ${t_guest}s)"
