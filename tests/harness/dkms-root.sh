#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real Debian 11 (bullseye) root filesystem for the DKMS user path
# (tests/cases/50-dkms-bullseye.host.sh): debootstrap'ed once and cached,
# with the stock kernel, its headers, dkms and bullseye's own gcc-10.
#
#   $CACHE/bullseye-root-<hash>/          the root (never modified after
#                                         it is built: test runs put an
#                                         overlay on top of it)
#   $CACHE/bullseye-root-<hash>/.release  uname -r of its kernel
#
# <hash> covers what goes into the root (suite, variant, packages, the
# setup below), so changing this script builds a new one.
#
# Usage: dkms-root.sh        prints the root's path on stdout
#
# The mirror is the one the machine's apt already uses (apt-get
# indextargets); no host name is written into the repository.
set -euo pipefail
. "$(dirname "$0")/common.sh"

SUITE=bullseye
VARIANT=minbase
PACKAGES=linux-image-amd64,linux-headers-amd64,dkms,build-essential,kmod,iproute2,lksctp-tools,python3,procps

key=$( { echo "$SUITE $VARIANT $PACKAGES"; sed -n '/^# --- setup/,/^# --- end/p' "$0"; } |
	sha256sum | cut -c1-12)
root="$CACHE/$SUITE-root-$key"
if [ -f "$root/.done" ]; then
	echo "$root"
	exit 0
fi

exec 9>"$CACHE/.$SUITE-root.lock"
flock 9
if [ -f "$root/.done" ]; then
	echo "$root"
	exit 0
fi

command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
[ "$(id -u)" = 0 ] || die "debootstrap needs root"

mirror=$(debian_mirror)

tmp="$root.tmp"
rm -rf "$tmp"
log "debootstrap $SUITE into $tmp (a few minutes)"
t0=$(date +%s)
debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$tmp" "$mirror" >&2 ||
	die "debootstrap failed (log: $tmp/debootstrap/debootstrap.log)"

# --- setup (part of the cache key)
echo dkms-guest >"$tmp/etc/hostname"
# Downloaded .debs are of no further use.
rm -f "$tmp"/var/cache/apt/archives/*.deb
# The initramfs-tools image is not used (the harness boots its own).
rm -f "$tmp"/boot/initrd.img-*
release=$(ls "$tmp/lib/modules" | sort -V | tail -n1)
[ -n "$release" ] && [ -f "$tmp/boot/vmlinuz-$release" ] ||
	die "no kernel in the new root"
[ -d "$tmp/usr/src/linux-headers-$release" ] || die "no headers for $release in the new root"
echo "$release" >"$tmp/.release"
# --- end

# Older roots of this suite are of no use any more.
for old in "$CACHE/$SUITE-root-"*; do
	case "$old" in "$root"|"$tmp") continue ;; esac
	if [ -d "$old" ]; then rm -rf "$old"; fi
done
mv "$tmp" "$root"
touch "$root/.done"
log "bullseye root ready in $(( $(date +%s) - t0 ))s: $root ($(du -sh "$root" | cut -f1))"
echo "$root"
