#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Show that the debug kernel of debug-kernel.sh does what it is for. Two
# boots under QEMU (TCG) with a busybox initramfs of its own:
#
#  clean:  reaches userspace; KASAN, kmemleak and lockdep are on; sctp,
#          udp_tunnel and a module built out of tree against kdir load and
#          unload; a kprobe and the function tracer fire; the host's root
#          over 9p with a tmpfs overlay, and in it (chroot) python3 speaks
#          SCTP over v4 and v6, nft and iptables-nft masquerade UDP with
#          port rewriting between two namespaces over veth with netem, and
#          dumpcap captures with a filter; then two kmemleak scans 5 s
#          apart find nothing, and the log holds no report at all.
#  detect: the same out-of-tree module makes an AB-BA lock order, a leak
#          and a slab out-of-bounds read; lockdep, kmemleak and KASAN must
#          each report it, and the KASAN report must stop the guest
#          (panic_on_warn).
#
# Usage: debug-kernel-smoke.sh [NAME]   (default: build/reuse via
#        debug-kernel.sh). Console logs are kept in $CACHE/kernels/NAME/smoke/.
# Exits non-zero on any failed check.
set -euo pipefail

. "$(dirname "$0")/common.sh"

name=${1:-$("$(dirname "$0")/debug-kernel.sh" | tail -n1)}
k="$CACHE/kernels/$name"
[ -f "$k/vmlinuz" ] || die "no kernel $name in $CACHE/kernels"
release=$(cat "$k/release")
kdir=$(cat "$k/kdir")
extra=$(cat "$k/cmdline" 2>/dev/null || true)

work=$(mktemp -d /tmp/dk-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
logs="$k/smoke"
mkdir -p "$logs"

# --- An out-of-tree module, built against kdir -------------------------------
mkdir -p "$work/mod"
cat >"$work/mod/dkprobe.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>

static int abba, leak, oob;
module_param(abba, int, 0444);
module_param(leak, int, 0444);
module_param(oob, int, 0444);	/* index to read in a 16-byte object */

static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);

static int __init dkprobe_init(void)
{
	pr_info("dkprobe: hello from out of tree\n");
	if (abba) {
		mutex_lock(&lock_a);
		mutex_lock(&lock_b);
		mutex_unlock(&lock_b);
		mutex_unlock(&lock_a);
		mutex_lock(&lock_b);
		mutex_lock(&lock_a);
		mutex_unlock(&lock_a);
		mutex_unlock(&lock_b);
	}
	if (leak) {
		void *p = kmalloc(200, GFP_KERNEL);

		pr_info("dkprobe: leaking an object (%s)\n", p ? "ok" : "none");
	}
	if (oob) {
		char *p = kmalloc(16, GFP_KERNEL);

		if (p)
			pr_info("dkprobe: read %d\n", ((volatile char *)p)[oob]);
		kfree(p);
	}
	return 0;
}

static void __exit dkprobe_exit(void)
{
	pr_info("dkprobe: bye\n");
}

module_init(dkprobe_init);
module_exit(dkprobe_exit);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := dkprobe.o' >"$work/mod/Kbuild"
log "building an out-of-tree module against $kdir"
make -s -C "$kdir" M="$work/mod" CC=gcc modules >&2 ||
	die "out-of-tree module build against $kdir failed"

# --- The initramfs -------------------------------------------------------------
ir="$work/initramfs"
mkdir -p "$ir"/{bin,dev,proc,sys,tmp,mnt/host,mnt/rw,mnt/root,lib/modules}
cp /bin/busybox "$ir/bin/busybox"
cp -a "$k/root/lib/modules/$release" "$ir/lib/modules/"
rm -f "$ir/lib/modules/$release"/{build,source}
cp "$work/mod/dkprobe.ko" "$ir/dkprobe.ko"

cat >"$ir/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
echo "@@ userspace at $(cut -d' ' -f1 /proc/uptime) s"
ok() { echo "@@ OK $*"; }
fail() { echo "@@ FAIL $*"; }
check() { n=$1; shift; if "$@" >/tmp/out 2>&1; then ok "$n"; else fail "$n"; sed 's/^/    /' /tmp/out; fi; }
scenario=$(sed -n 's/.*smoke=\([a-z]*\).*/\1/p' /proc/cmdline)
cd /sys/kernel/debug

kmemleak_scan() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	echo scan >kmemleak
	t1=$(cut -d' ' -f1 /proc/uptime)
	sleep 5
	t2=$(cut -d' ' -f1 /proc/uptime)
	echo scan >kmemleak
	t3=$(cut -d' ' -f1 /proc/uptime)
	echo "@@ kmemleak scans took $t0..$t1 and $t2..$t3 s"
	cat kmemleak >/tmp/leaks
	echo "@@ kmemleak reports $(grep -c 'unreferenced object' /tmp/leaks) object(s)"
	cat /tmp/leaks
}

if [ "$scenario" = clean ]; then
	check kmemleak-file test -e /sys/kernel/debug/kmemleak
	check lockdep-on test -e /proc/lockdep
	check modprobe-sctp modprobe sctp
	check modprobe-udp-tunnel modprobe -a udp_tunnel ip6_udp_tunnel
	check sctp-diag modprobe sctp_diag
	check insmod-oot insmod /dkprobe.ko
	check rmmod-oot rmmod dkprobe
	# a kprobe and the function tracer, on the sctp module
	T=/sys/kernel/tracing
	check kprobe-event sh -c "echo 'p:smoke sctp_rcv' >>$T/kprobe_events && echo 1 >$T/events/kprobes/smoke/enable"
	check ftrace-filter sh -c "echo sctp_sendmsg >$T/set_ftrace_filter && echo function >$T/current_tracer"
	# the host's root, read-only over 9p, under a tmpfs overlay
	check mount-9p mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000 host /mnt/host
	mount -t tmpfs tmpfs /mnt/rw
	mkdir -p /mnt/rw/upper /mnt/rw/work
	check mount-overlay mount -t overlay -o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work overlay /mnt/root
	for d in proc sys dev; do mount --bind /$d /mnt/root/$d; done
	mount -t tmpfs tmpfs /mnt/root/tmp
	mount -t tmpfs tmpfs /mnt/root/run
	mkdir -p /mnt/root/run/netns
	cp /user.sh /mnt/root/tmp/user.sh
	chroot /mnt/root /bin/bash /tmp/user.sh
	n=$(grep -c 'smoke:' $T/trace)
	[ "$n" -gt 0 ] && ok "kprobe-hits $n" || fail kprobe-hits
	n=$(grep -c 'sctp_sendmsg' $T/trace)
	[ "$n" -gt 0 ] && ok "ftrace-hits $n" || fail ftrace-hits
	echo nop >$T/current_tracer
	echo 0 >$T/events/kprobes/smoke/enable
	echo >$T/kprobe_events
	# sctp itself cannot be unloaded once loaded (its per-netns control
	# sockets hold two references to it; Debian's 5.10 is the same).
	check rmmod-sctp-diag rmmod sctp_diag
	echo "@@ sctp references: $(sed -n 's/^sctp [0-9]* \([0-9]*\) .*/\1/p' /proc/modules)"
	kmemleak_scan
elif [ "$scenario" = detect ]; then
	insmod /dkprobe.ko abba=1 && rmmod dkprobe
	insmod /dkprobe.ko leak=1 && rmmod dkprobe
	kmemleak_scan
	echo "@@ now the out-of-bounds read; the guest must stop"
	insmod /dkprobe.ko oob=16
	echo "@@ still running after the out-of-bounds read"
fi
echo "@@ DONE"
poweroff -f
EOF
chmod +x "$ir/init"

cat >"$ir/user.sh" <<'EOF'
# Runs in the host's root (chroot) inside the guest.
ok() { echo "@@ OK $*"; }
fail() { echo "@@ FAIL $*"; }
check() { n=$1; shift; if "$@" >/tmp/out 2>&1; then ok "$n"; else fail "$n"; sed 's/^/    /' /tmp/out; fi; }
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
ip link set lo up
cat >/tmp/sctp.py <<'PY'
import socket, sys, threading, asyncio
v6 = sys.argv[1] == "6"
fam, addr = (socket.AF_INET6, "::1") if v6 else (socket.AF_INET, "127.0.0.1")
srv = socket.socket(fam, socket.SOCK_STREAM, 132)
srv.bind((addr, 0)); srv.listen(1)
port = srv.getsockname()[1]
def serve():
    c, _ = srv.accept()
    while True:
        d = c.recv(65536)
        if not d:
            break
        c.sendall(d)
    c.close()
th = threading.Thread(target=serve); th.start()
cl = socket.socket(fam, socket.SOCK_STREAM, 132)
cl.connect((addr, port))
msg = bytes(range(256)) * 400
cl.sendall(msg)
got = b""
while len(got) < len(msg):
    got += cl.recv(65536)
cl.close(); th.join()
assert got == msg
asyncio.run(asyncio.sleep(0.01))   # epoll, eventfd-ish machinery
PY
check python-sctp-v4 python3 /tmp/sctp.py 4
check python-sctp-v6 python3 /tmp/sctp.py 6
check netns ip netns add a
ip netns add b
check veth ip link add va netns a type veth peer name vb netns b
ip -n a addr add 198.51.100.1/24 dev va; ip -n a link set va up; ip -n a link set lo up
ip -n b addr add 198.51.100.2/24 dev vb; ip -n b link set vb up; ip -n b link set lo up
ip -n a addr add 2001:db8::1/64 dev va nodad
ip -n b addr add 2001:db8::2/64 dev vb nodad
check netem ip netns exec a tc qdisc add dev va root netem delay 5ms
check nft-masq ip netns exec a nft -f - <<'NFT'
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		ip protocol udp masquerade to :40000-40099
	}
}
NFT
check ip6tables-nft-masq ip netns exec a ip6tables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 41000-41099
cat >/tmp/udp.py <<'PY'
import socket, sys
role, fam = sys.argv[1], sys.argv[2]
af, peer = (socket.AF_INET6, "2001:db8::2") if fam == "6" else (socket.AF_INET, "198.51.100.2")
s = socket.socket(af, socket.SOCK_DGRAM); s.settimeout(20)
if role == "server":
    s.bind(("", 9899))
    print("ready", flush=True)
    d, a = s.recvfrom(100)
    s.sendto(d, a)
    print("seen source port", a[1], flush=True)
else:
    s.bind(("", 5000))
    for _ in range(20):
        s.sendto(b"hello", (peer, 9899))
        try:
            print(s.recvfrom(100)); break
        except socket.timeout:
            pass
PY
for v in 4 6; do
	ip netns exec b python3 /tmp/udp.py server $v >/tmp/srv$v 2>&1 &
	sleep 3
	ip netns exec a python3 /tmp/udp.py client $v >/tmp/cli$v 2>&1
	wait
	p=$(sed -n 's/seen source port //p' /tmp/srv$v)
	lo=40000; [ $v = 6 ] && lo=41000
	if [ -n "$p" ] && [ "$p" -ge $lo ] && [ "$p" -le $((lo + 99)) ]; then
		ok "nat-v$v source port 5000 -> $p"
	else
		fail "nat-v$v"; cat /tmp/srv$v /tmp/cli$v
	fi
done
ip netns exec b timeout 60 dumpcap -q -i vb -f 'udp port 9899' -c 2 -w /tmp/cap.pcapng >/tmp/dumpcap.out 2>&1 &
sleep 8
ip netns exec b python3 /tmp/udp.py server 4 >/dev/null 2>&1 &
sleep 3
ip netns exec a python3 /tmp/udp.py client 4 >/dev/null 2>&1
wait
n=$(capinfos -c -M /tmp/cap.pcapng 2>/dev/null | sed -n 's/^Number of packets: *//p')
[ "${n:-0}" = 2 ] && ok "dumpcap-filter $n packets" || { fail dumpcap-filter; cat /tmp/dumpcap.out; }
ip netns del a; ip netns del b
EOF

(cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# --- Boot ------------------------------------------------------------------
boot() {
	local scenario=$1 t0 t1
	t0=$(date +%s.%N)
	timeout 600 qemu-system-x86_64 -nographic -no-reboot -m 2G -smp 2 \
		-kernel "$k/vmlinuz" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 $extra smoke=$scenario" \
		-netdev hubport,id=n0,hubid=0 -device virtio-net-pci,netdev=n0 \
		-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
		</dev/null >"$logs/$scenario.log" 2>&1 || true
	t1=$(date +%s.%N)
	log "$scenario boot: $(echo "$t1 - $t0" | bc) s from start to exit; log in $logs/$scenario.log"
}

failed=0
bad() { echo "FAIL: $*" >&2; failed=1; }
want() { grep -q -- "$2" "$logs/$1.log" || bad "$1: no '$2' in the console log"; }

log "booting $name ($release): clean run"
boot clean
L="$logs/clean.log"
grep -a '^@@' "$L" | sed 's/\r$//' >&2 || true
want clean 'KernelAddressSanitizer initialized'
want clean 'Lock dependency validator'
want clean 'kmemleak: Kernel memory leak detector initialized'
want clean '@@ userspace'
want clean '@@ kmemleak reports 0 object'
want clean '@@ DONE'
for ok in kmemleak-file lockdep-on modprobe-sctp modprobe-udp-tunnel insmod-oot \
	  rmmod-oot mount-9p mount-overlay python-sctp-v4 python-sctp-v6 netem \
	  nft-masq ip6tables-nft-masq nat-v4 nat-v6 dumpcap-filter kprobe-hits \
	  ftrace-hits rmmod-sctp-diag; do
	want clean "@@ OK $ok"
done
grep -aq '@@ FAIL' "$L" && bad "clean: a check failed"
grep -aE 'BUG:|WARNING:|unreferenced object|possible circular|Kernel panic|Call Trace' "$L" >&2 &&
	bad "clean: the kernel reported something"

log "booting $name ($release): detect run"
boot detect
want detect 'WARNING: possible circular locking dependency detected'
want detect 'unreferenced object'
want detect 'dkprobe_init'
want detect 'BUG: KASAN: slab-out-of-bounds in dkprobe_init'
want detect 'Kernel panic - not syncing: .*panic_on_warn set'
grep -aq '@@ still running' "$logs/detect.log" && bad "detect: the guest went on after KASAN"
grep -a '^@@' "$logs/detect.log" | sed 's/\r$//' >&2 || true

if [ $failed = 0 ]; then
	log "debug kernel $name: all checks passed"
else
	die "debug kernel $name: checks failed"
fi
