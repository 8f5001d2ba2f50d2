#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's stock amd64 kernel image and headers for one suite, through
# a private apt sources list and lists directory (the machine's own apt
# configuration is never touched), and unpack them into the cache:
#
#   $CACHE/kernels/<suite>/vmlinuz       the kernel image
#   $CACHE/kernels/<suite>/root/         dpkg -x of image + headers
#   $CACHE/kernels/<suite>/kdir          path of the headers tree (KDIR)
#   $CACHE/kernels/<suite>/release       uname -r of the kernel
#
# Usage: kernels.sh SUITE      (bullseye, bookworm, trixie)
# Prints the kernel directory on stdout.
set -euo pipefail

. "$(dirname "$0")/common.sh"

suite=${1:?usage: kernels.sh SUITE}
out="$CACHE/kernels/$suite"
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

exec 9>"$CACHE/.kernels-$suite.lock"
flock 9
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

apt_dir="$CACHE/apt/$suite"
private_apt deb "$suite"
aptq update >&2

# linux-image-amd64 depends on the versioned image package.
image=$(aptc depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\).*/\1/p' | head -n1)
[ -n "$image" ] || die "cannot resolve linux-image-amd64 in $suite"
release=${image#linux-image-}
release=${release%-unsigned}
headers="linux-headers-$release"
common=$(aptc depends "$headers" | sed -n 's/^ *Depends: \(linux-headers-[^ ]*-common[^ ]*\).*/\1/p' | head -n1)
kbuild=$(aptc depends "$headers" | sed -n 's/^ *Depends: \(linux-kbuild-[^ ]*\).*/\1/p' | head -n1)
[ -n "$common" ] || die "cannot find the common headers of $headers"

pkgs="$image $headers $common"
[ -n "$kbuild" ] && pkgs="$pkgs $kbuild"

rm -rf "$out.tmp"
mkdir -p "$out.tmp/debs" "$out.tmp/root"
(cd "$out.tmp/debs" && aptq download $pkgs >&2)
for deb in "$out.tmp"/debs/*.deb; do
	dpkg -x "$deb" "$out.tmp/root"
done
rm -rf "$out.tmp/debs"

kdir="$out/root/usr/src/linux-headers-$release"
# The headers' Makefile includes the common tree by absolute path.
for f in "$out.tmp/root/usr/src/linux-headers-$release/Makefile"; do
	sed -i "s|/usr/src/|$out/root/usr/src/|g" "$f"
done
# Kbuild tools (fixdep, modpost...) come from linux-kbuild-X via a symlink
# into /usr/lib/linux-kbuild-X: point it at our copy.
for l in "$out.tmp/root/usr/src/linux-headers-$release/scripts" \
	 "$out.tmp/root/usr/src/linux-headers-$release/tools"; do
	if [ -L "$l" ]; then
		t=$(readlink "$l")
		case "$t" in
		/*) ln -sfn "$out/root$t" "$l" ;;
		esac
	fi
done

cp "$out.tmp/root/boot/vmlinuz-$release" "$out.tmp/vmlinuz"
depmod -b "$out.tmp/root" "$release"
echo "$release" >"$out.tmp/release"
echo "$kdir" >"$out.tmp/kdir"
rm -rf "$out"
mv "$out.tmp" "$out"
touch "$out/.done"
echo "$out"
