#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once, cached) the busybox initramfs that boots a cached kernel into
# the host's own root filesystem:
#
#   insmod the virtio/9p/overlay modules the kernel needs (none when they
#   are built in), mount the host's / read-only over 9p (tag "host"), put a
#   tmpfs overlay on top, bind /proc /sys /dev, mount debugfs, /tmp, /run,
#   /dev/shm, bind the kernel's own lib/modules/RELEASE, mount the
#   read-write share (tag "out") at the path given on the command line, and
#   run the job script in a chroot; then poweroff -f.
#
# Kernel command line parameters read by /init (dotted names, so the kernel
# ignores them instead of passing them to init as arguments):
#   harness.job=PATH    script to run with bash in the chroot
#   harness.mods=PATH   host path of the kernel's lib/modules/RELEASE
#   harness.out=PATH    where to mount the "out" 9p share (optional)
#
# Usage: initramfs.sh NAME        prints the path of the cpio.gz
set -euo pipefail
. "$(dirname "$0")/common.sh"

name=${1:?usage: initramfs.sh KERNEL-NAME}
# "debug" is a symlink to the newest debug-<hash>: cache under the real name.
[ ! -L "$CACHE/kernels/$name" ] || name=$(basename "$(readlink "$CACHE/kernels/$name")")
kdir="$CACHE/kernels/$name"
[ -f "$kdir/release" ] || die "no kernel $name in $CACHE/kernels (run kernels.sh?)"
release=$(cat "$kdir/release")
modroot="$kdir/root"

# The modules to insmod, in dependency order. Built-in ones show up as
# "builtin X" and need nothing.
mods=$(modprobe -d "$modroot" -S "$release" --show-depends -a \
	virtio_pci 9pnet_virtio 9p overlay | awk '$1 == "insmod" { print $2 }' |
	awk '!seen[$0]++')

# Rebuild when this script, the kernel or the module list changes.
key=$( { cat "$0"; echo "$release"; echo "$mods"; stat -c %Y "$kdir/release"; } |
	sha256sum | cut -c1-12)
outdir="$CACHE/initramfs"
out="$outdir/$name-$key.cpio.gz"
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$outdir"

# busybox-static's binary: the initramfs has no libc.
bb=/bin/busybox
[ -x "$bb" ] || die "busybox-static is not installed"
ldd "$bb" >/dev/null 2>&1 && die "$bb is dynamically linked (need busybox-static)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,sbin,proc,sys,dev,mnt/lower,mnt/rw,newroot,modules}
cp "$bb" "$tmp/bin/busybox"
for a in sh mount umount mkdir insmod chroot poweroff cat sleep echo ln \
	 hostname ip grep cut; do
	ln -s busybox "$tmp/bin/$a"
done

# Modules are copied uncompressed-or-not as they are; busybox insmod reads
# plain .ko (Debian 11/12 ship them uncompressed).
: >"$tmp/modules.list"
for m in $mods; do
	base=$(basename "$m")
	# modprobe -d prints paths under $modroot.
	cp "$m" "$tmp/modules/$base"
	echo "/modules/$base" >>"$tmp/modules.list"
done

# The kernel runs /sbin/modprobe for module autoloading in the initramfs
# root, not in the chroot; hand the request to the real root's modprobe.
cat >"$tmp/sbin/modprobe" <<'EOF'
#!/bin/sh
exec /bin/chroot /newroot /sbin/modprobe "$@"
EOF
chmod +x "$tmp/sbin/modprobe"

cat >"$tmp/init" <<'EOF'
#!/bin/sh
# initramfs /init of the sctp-udp VM harness (see tests/harness/initramfs.sh)
export PATH=/bin:/sbin

die() {
	echo "### INIT FAILED: $*"
	echo "### EXIT 125"
	poweroff -f
	sleep 60
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

job= mods= out=
for a in $(cat /proc/cmdline); do
	case "$a" in
	harness.job=*) job=${a#harness.job=} ;;
	harness.mods=*) mods=${a#harness.mods=} ;;
	harness.out=*) out=${a#harness.out=} ;;
	esac
done
[ -n "$job" ] || die "no harness.job= on the command line"

echo "### INIT: start at $(cut -d' ' -f1 /proc/uptime)s"
for m in $(cat /modules.list); do
	insmod "$m" || die "insmod $m"
done

# cache=loose: the host root does not change under a test run, and
# uncached 9p makes every exec and stat a round trip (boot 7.8 s -> ?).
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /mnt/lower ||
	die "cannot mount the host root over 9p"
mount -t tmpfs -o mode=0755 tmpfs /mnt/rw || die "tmpfs"
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work \
	overlay /newroot || die "cannot mount the overlay"

r=/newroot
mount -o bind /proc $r/proc || die "bind /proc"
mount -o bind /sys $r/sys || die "bind /sys"
mount -o bind /dev $r/dev || die "bind /dev"
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $r/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $r/dev/shm
mount -t tmpfs -o mode=1777 tmpfs $r/tmp
mount -t tmpfs -o mode=0755 tmpfs $r/run
mkdir -p $r/run/netns $r/run/lock
mount -t debugfs debugfs $r/sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs $r/sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 $r/sys/fs/cgroup 2>/dev/null
# mtab for tools that still want it.
ln -sf /proc/self/mounts $r/etc/mtab 2>/dev/null

if [ -n "$mods" ]; then
	rel=$(cat /proc/sys/kernel/osrelease)
	mkdir -p $r/lib/modules/$rel
	mount -o bind /mnt/lower$mods $r/lib/modules/$rel ||
		die "cannot bind $mods"
fi
if [ -n "$out" ]; then
	mkdir -p $r$out
	# cache=none: files the peer guest or the host writes show up at once.
	mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 \
		out $r$out || die "cannot mount the out share at $out"
fi

hostname guest
ip link set lo up
echo "### INIT: root ready at $(cut -d' ' -f1 /proc/uptime)s"

# The job runs as a child, so /init (pid 1) stays to power off.
chroot $r /bin/bash "$job"
echo "### INIT: job script returned $?"
poweroff -f
sleep 60
EOF
chmod +x "$tmp/init"

(cd "$tmp" && find . | sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
# Older builds for the same kernel are of no use any more.
find "$outdir" -name "$name-????????????.cpio.gz" ! -name "$(basename "$out")" -delete
echo "$out"
