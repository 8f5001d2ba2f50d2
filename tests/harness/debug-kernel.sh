#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel: Debian bullseye's own 5.10 source (linux-source-5.10)
# configured from allnoconfig plus tests/debug-kernel.config, with KASAN,
# kmemleak, lockdep, ftrace and kprobes, everything the VM tests need built
# in, and SCTP as a module.
#
# The result goes into the same layout as the stock kernels of kernels.sh:
#
#   $CACHE/kernels/debug-<hash>/vmlinuz     the bzImage
#   $CACHE/kernels/debug-<hash>/release     its uname -r
#   $CACHE/kernels/debug-<hash>/root/lib/modules/<release>/   (depmod'ed)
#   $CACHE/kernels/debug-<hash>/kdir        path of the built tree, for
#                                           make -C $(cat kdir) M=...
#   $CACHE/kernels/debug-<hash>/cmdline     kernel arguments to append
#   $CACHE/kernels/debug-<hash>/build/      the built tree (O= of make)
#   $CACHE/kernels/debug-<hash>/build.log   the build's output
#   $CACHE/kernels/debug-<hash>/config      the final .config
#   $CACHE/kernels/debug -> debug-<hash>    the one this script last named
#
# <hash> covers the fragment, this script's VERSION, the version of the
# source package and the compiler; a build for the same hash is reused at
# once. Concurrent callers wait on a lock instead of building twice.
#
# Usage: debug-kernel.sh [--fetch-only]
# Logs go to stderr; the last line on stdout is the name (debug-<hash>),
# to be used as build-module.sh's KERNEL or as a directory in
# $CACHE/kernels. --fetch-only only downloads and unpacks the source.
#
# Environment: SCTP_UDP_DEBUG_JOBS (make -j, default 2).
set -euo pipefail

. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/packages.sh"

# Bump when a change to this script changes the kernel it builds.
VERSION=1
SUITE=bullseye
SRCPKG=linux-source-5.10
JOBS=${SCTP_UDP_DEBUG_JOBS:-2}
FRAGMENT="$TOP/tests/debug-kernel.config"
# Extra kernel arguments. pci=noacpi: with KASAN, ACPI's PCI interrupt
# routing takes 12-14 s per virtio device under TCG. panic_on_warn: a
# WARN (and a KASAN report) stops the guest instead of scrolling by.
CMDLINE="pci=noacpi kmemleak=on panic_on_warn=1"

fetch_only=
case "${1:-}" in
--fetch-only) fetch_only=1 ;;
"") ;;
*) die "usage: debug-kernel.sh [--fetch-only]" ;;
esac

[ -f "$FRAGMENT" ] || die "no config fragment at $FRAGMENT"

# ---------------------------------------------------------------------------
# Private apt, the same directory and lock as kernels.sh uses for the suite.

apt_dir="$CACHE/apt/$SUITE"
apt_update() {
	private_apt deb "$SUITE"
	aptq update >&2
}

# The candidate version of the source package, from the stored lists (no
# network) when there are some; the lists are refreshed only when they do
# not know the package, or by kernels.sh.
src_version() {
	local v=
	if [ -f "$apt_dir/sources.sources" ]; then
		v=$(aptc show "$SRCPKG" 2>/dev/null | sed -n 's/^Version: //p' |
		    sort -V | tail -n1 || true)
	fi
	if [ -z "$v" ]; then
		apt_update
		v=$(aptc show "$SRCPKG" 2>/dev/null | sed -n 's/^Version: //p' |
		    sort -V | tail -n1 || true)
	fi
	[ -n "$v" ] || die "$SRCPKG not found in $SUITE"
	echo "$v"
}

# Both kernels.sh and this script write the suite's apt directory.
exec 8>"$CACHE/.kernels-$SUITE.lock"
flock 8
srcver=$(src_version)
flock -u 8

# ---------------------------------------------------------------------------
# The name of this build.

hash=$( {
	echo "script $VERSION"
	echo "source $SRCPKG $srcver"
	echo "cc $(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)"
	echo "cmdline $CMDLINE"
	cat "$FRAGMENT"
} | sha256sum | cut -c1-12)
name="debug-$hash"
out="$CACHE/kernels/$name"

finish() {
	ln -sfn "$name" "$CACHE/kernels/debug"
	echo "$name"
	exit 0
}

if [ -z "$fetch_only" ] && [ -f "$out/.done" ]; then
	finish
fi

mkdir -p "$CACHE/kernels"
exec 9>"$CACHE/.debug-kernel.lock"
if ! flock -n 9; then
	log "another debug kernel build is running; waiting for it"
	flock 9
fi
if [ -z "$fetch_only" ] && [ -f "$out/.done" ]; then
	finish
fi

# ---------------------------------------------------------------------------
# Host tools.

packages_install make gcc flex bison bc libelf-dev libssl-dev xz-utils kmod perl ||
	die "cannot install the tools to build a kernel"

# ---------------------------------------------------------------------------
# The source: Debian's patched tree, unpacked once per package version.

src="$CACHE/src/$SRCPKG-$srcver"
if [ ! -f "$src/.done" ]; then
	log "fetching $SRCPKG $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp/deb"
	flock 8
	(cd "$src.tmp/deb" && aptq download "$SRCPKG=$srcver" >&2) ||
		{ flock -u 8; die "cannot download $SRCPKG $srcver"; }
	flock -u 8
	dpkg -x "$src.tmp/deb/"*.deb "$src.tmp/deb/x"
	tarball="$src.tmp/deb/x/usr/src/$SRCPKG.tar.xz"
	[ -f "$tarball" ] || die "no $SRCPKG.tar.xz in the package"
	log "unpacking $SRCPKG.tar.xz"
	tar -C "$src.tmp" -xf "$tarball"
	rm -rf "$src.tmp/deb"
	[ -f "$src.tmp/$SRCPKG/Makefile" ] || die "unexpected layout of $SRCPKG.tar.xz"
	mv "$src.tmp" "$src"
	touch "$src/.done"
fi
tree="$src/$SRCPKG"
if [ -n "$fetch_only" ]; then
	log "source in $tree"
	echo "$tree"
	exit 0
fi

# ---------------------------------------------------------------------------
# Configure, check, build, install.

log "building $name from $SRCPKG $srcver (log: $out/build.log)"
rm -rf "$out"
mkdir -p "$out/build"
build="$out/build"
blog="$out/build.log"
: >"$blog"
start=$(date +%s)

kmake() {
	make -C "$tree" O="$build" CC=gcc "$@" >>"$blog" 2>&1 || {
		tail -n 40 "$blog" >&2
		die "make $* failed; see $blog"
	}
}

kmake allnoconfig
(cd "$build" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$build" \
	"$build/.config" "$FRAGMENT") >>"$blog" 2>&1 ||
	die "merge_config.sh failed; see $blog"
kmake olddefconfig

# Every option the fragment names must have the requested value: Kconfig
# silently drops what does not exist or whose dependencies are not met.
# (When the fragment names an option twice, the last value counts, as in
# merge_config.sh.)
declare -A want=()
order=()
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		opt=${line%%=*}
		val=${line#*=}
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		val=n
		;;
	*) continue ;;
	esac
	[ -n "${want[$opt]+set}" ] || order+=("$opt")
	want[$opt]=$val
done <"$FRAGMENT"
bad=()
for opt in "${order[@]}"; do
	got=$(sed -n "s/^$opt=//p" "$build/.config")
	[ -n "$got" ] || got=n
	[ "$got" = "${want[$opt]}" ] || bad+=("$opt: wanted ${want[$opt]}, got $got")
done
if [ ${#bad[@]} -gt 0 ]; then
	printf '  %s\n' "${bad[@]}" >&2
	die "${#bad[@]} option(s) of $FRAGMENT did not end up as requested"
fi
cp "$build/.config" "$out/config"
log "configuration checked: ${#order[@]} options as requested"

kmake -j"$JOBS" bzImage modules
release=$(cat "$build/include/config/kernel.release" 2>/dev/null || true)
[ -n "$release" ] || die "cannot tell the kernel release"
kmake INSTALL_MOD_PATH="$out/root" DEPMOD=/bin/true modules_install
depmod -b "$out/root" "$release"

cp "$build/arch/x86/boot/bzImage" "$out/vmlinuz"
echo "$release" >"$out/release"
echo "$build" >"$out/kdir"
echo "$CMDLINE" >"$out/cmdline"
touch "$out/.done"
log "built $name ($release) in $(( $(date +%s) - start )) s"
finish
