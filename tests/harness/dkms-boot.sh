#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a whole Debian root directory (not the host's /) under QEMU (TCG)
# with its own stock kernel, and run one command in it: the DKMS user path
# of tests/cases/50-dkms-bullseye.host.sh.  The technique is vm.sh's, with
# ROOT in place of the host's root filesystem:
#
#   kernel    ROOT/boot/vmlinuz-<release>   (<release>: ROOT/.release, or
#             the newest ROOT/lib/modules entry)
#   initrd    a busybox initramfs (cached) with the virtio/9p/overlay
#             modules of ROOT's kernel; its /init mounts ROOT read-only over
#             9p, puts a tmpfs overlay on top (the guest's changes never
#             reach ROOT), mounts /proc /sys /dev /dev/pts /run /tmp and
#             debugfs, and runs COMMAND with bash in a chroot into it, so
#             the guest uses ROOT's own /lib/modules, modprobe, dkms ...
#
# Usage: dkms-boot.sh --root ROOT [--log FILE] [--timeout S] [--mem M] -- COMMAND
#   COMMAND   a path inside ROOT of a script to run with bash
#   --log     console log (default ROOT-console.log next to ROOT)
#
# Console: "### BEGIN", the command's output, "### EXIT n", then the dmesg
# dump between "### DMESG BEGIN/END" (the format logcheck.sh reads).
# Exit status: the command's; 100 if it succeeded but the kernel log has a
# splat (logcheck.sh); 124 on the host-side timeout; 125 if the guest died
# without an exit marker.
set -euo pipefail
. "$(dirname "$0")/common.sh"
HARNESS="$TOP/tests/harness"

usage() {
	sed -n '/^# Usage/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

root= log= timeout=300 mem=1G
while [ $# -gt 0 ]; do
	case "$1" in
	--root) root=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ -n "$root" ] && [ $# -eq 1 ] || usage
job=$1
root=$(cd "$root" && pwd)
[ -f "$root/$job" ] || die "no $job in $root"
log=${log:-$root-console.log}
case "$root$job" in *[[:space:]]*) die "paths with blanks are not supported" ;; esac

if [ -f "$root/.release" ]; then
	release=$(cat "$root/.release")
else
	release=$(ls "$root/lib/modules" | sort -V | tail -n1)
fi
vmlinuz="$root/boot/vmlinuz-$release"
[ -f "$vmlinuz" ] || die "no kernel $vmlinuz"

# --- the initramfs, cached per kernel and version of this script
mods=$(modprobe -d "$root" -S "$release" --show-depends -a \
	virtio_pci 9pnet_virtio 9p overlay | awk '$1 == "insmod" { print $2 }' |
	awk '!seen[$0]++')
key=$( { cat "$0"; echo "$release"; for m in $mods; do basename "$m"; done; } |
	sha256sum | cut -c1-12)
initrd="$CACHE/initramfs/dkms-$release-$key.cpio.gz"
if [ ! -f "$initrd" ]; then
	mkdir -p "$CACHE/initramfs"
	bb=/bin/busybox
	[ -x "$bb" ] || die "busybox-static is not installed"
	! ldd "$bb" >/dev/null 2>&1 || die "$bb is dynamically linked (need busybox-static)"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp"/{bin,sbin,proc,sys,dev,lower,rw,newroot,modules}
	cp "$bb" "$tmp/bin/busybox"
	for a in sh mount mkdir insmod chroot poweroff cat echo ln dmesg cut sleep; do
		ln -s busybox "$tmp/bin/$a"
	done
	: >"$tmp/modules.list"
	for m in $mods; do
		cp "$m" "$tmp/modules/"
		echo "/modules/$(basename "$m")" >>"$tmp/modules.list"
	done
	# Module autoloading runs /sbin/modprobe in the initramfs: hand it
	# to the root's own modprobe.
	printf '#!/bin/sh\nexec /bin/chroot /newroot /sbin/modprobe "$@"\n' >"$tmp/sbin/modprobe"
	chmod +x "$tmp/sbin/modprobe"
	cat >"$tmp/init" <<'EOF'
#!/bin/sh
# /init of tests/harness/dkms-boot.sh
export PATH=/bin:/sbin
end() {
	echo "### EXIT $1"
	echo "### DMESG BEGIN"
	dmesg
	echo "### DMESG END"
	poweroff -f
	sleep 60
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
job=
for a in $(cat /proc/cmdline); do
	case "$a" in dkms.job=*) job=${a#dkms.job=} ;; esac
done
for m in $(cat /modules.list); do
	insmod "$m" || { echo "### INIT FAILED: insmod $m"; end 125; }
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose root /lower ||
	{ echo "### INIT FAILED: 9p mount"; end 125; }
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot ||
	{ echo "### INIT FAILED: overlay"; end 125; }
r=/newroot
# dkms (bash process substitution) wants /dev/fd.
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mount -o bind /proc $r/proc
mount -o bind /sys $r/sys
mount -o bind /dev $r/dev
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $r/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $r/dev/shm
mount -t tmpfs -o mode=1777 tmpfs $r/tmp
mount -t tmpfs -o mode=0755 tmpfs $r/run
mkdir -p $r/run/netns $r/run/lock
mount -t debugfs debugfs $r/sys/kernel/debug
ln -sf /proc/self/mounts $r/etc/mtab
echo
echo "### BEGIN release=$(cat /proc/sys/kernel/osrelease) uptime=$(cut -d' ' -f1 /proc/uptime)"
chroot $r /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LANG=C.UTF-8 TERM=dumb /bin/bash "$job"
end $?
EOF
	chmod +x "$tmp/init"
	(cd "$tmp" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	find "$CACHE/initramfs" -name "dkms-$release-????????????.cpio.gz" ! -name "$(basename "$initrd")" -delete
fi

# --- boot
: >"$log"
start=$(date +%s)
qrc=0
timeout -k 5 "$timeout" qemu-system-x86_64 \
	-nodefaults -no-reboot -display none -monitor none \
	-machine pc,accel=tcg -cpu max -smp 1 -m "$mem" \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 quiet loglevel=5 printk.time=1 panic=-1 oops=panic dkms.job=$job" \
	-serial "file:$log" \
	-virtfs "local,path=$root,mount_tag=root,security_model=none,readonly=on,multidevs=remap" ||
	qrc=$?

rc=$(tr -d '\r' <"$log" | grep -ao '### EXIT [0-9]*' | tail -n1 | cut -d' ' -f3 || true)
if [ -z "$rc" ]; then
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "dkms-boot.sh: TIMEOUT after ${timeout}s, no exit marker" >&2
		rc=124
	else
		echo "dkms-boot.sh: no exit marker (panic or boot failure; qemu status $qrc)" >&2
		rc=125
	fi
	tr -d '\r' <"$log" | tail -n 25 | sed 's/^/    /' >&2
fi
if ! "$HARNESS/logcheck.sh" "$log" >&2; then
	echo "dkms-boot.sh: kernel splat in $log" >&2
	[ "$rc" != 0 ] || rc=100
fi
echo "dkms-boot.sh: guest status $rc, wall time $(( $(date +%s) - start ))s, log $log" >&2
exit "$rc"
