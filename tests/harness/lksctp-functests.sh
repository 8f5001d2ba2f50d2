#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lksctp-tools' functional tests (src/func_tests) for
# tests/cases/31-lksctp-functests.sh: Debian's lksctp-tools source package,
# fetched with apt-get source through a private deb-src list and lists
# directory (the machine's apt configuration is never touched), built here
# statically, kept in the cache.  Nothing of it goes into the repository.
#
#   $CACHE/lksctp/<version>/          the unpacked, built source tree
#   $CACHE/lksctp/func_tests          -> <version>/src/func_tests
#   $CACHE/lksctp/v4test, v6test      the test lists of func_tests/Makefile.am
#
# The guests run the host's userland, so the source is the host's suite's.
# Needs dpkg-dev, autoconf, automake, libtool (tests/harness/check.sh
# installs them).  Prints the func_tests directory on stdout.
set -euo pipefail
. "$(dirname "$0")/common.sh"

out="$CACHE/lksctp"
if [ -f "$out/.done" ] && [ -x "$out/func_tests/test_basic" ]; then
	echo "$out/func_tests"
	exit 0
fi
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -f "$out/.done" ] && [ -x "$out/func_tests/test_basic" ]; then
	echo "$out/func_tests"
	exit 0
fi

for t in autoreconf automake libtoolize dpkg-source make gcc; do
	command -v "$t" >/dev/null ||
		die "$t missing: apt-get install autoconf automake libtool dpkg-dev"
done

suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || die "cannot tell the host's Debian suite"
apt_dir="$CACHE/apt/src-$suite"
private_apt deb-src "$suite"
log "lksctp-tools source from $suite"
aptq update >&2
work="$out/fetch"
rm -rf "$work"
mkdir -p "$work"
(cd "$work" && aptq source lksctp-tools >&2)
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'lksctp-tools-*' | head -n1)
[ -n "$src" ] || die "apt-get source lksctp-tools gave no source tree"
ver=$(basename "$src")

log "building $ver (static, func_tests)"
(
	cd "$src"
	# dpkg-source has applied Debian's patches.
	./bootstrap
	./configure --disable-shared --enable-static --quiet
	make -s -j"$(nproc)"
) >&2
# The lists the v4test and v6test targets run, from the generated Makefile
# (the sendv tests are in them when configure found sctp_sendv).
printf 'lksctp-print-%%:\n\t@echo $($*)\n' >"$work/print.mk"
for l in v4test:PASSING_KERN_TESTS v6test:PASSING_V6_KERN_TESTS; do
	make -s --no-print-directory -C "$src/src/func_tests" -f Makefile \
		-f "$work/print.mk" "lksctp-print-${l#*:}" | tr ' ' '\n' |
		sed '/^$/d' >"$out/${l%%:*}"
	[ -s "$out/${l%%:*}" ] || die "no ${l%%:*} list"
	while read -r t; do
		[ -x "$src/src/func_tests/$t" ] || die "$t was not built"
	done <"$out/${l%%:*}"
done

rm -rf "${out:?}/$ver"
mv "$src" "$out/$ver"
rm -rf "$work"
ln -sfn "$ver/src/func_tests" "$out/func_tests"
touch "$out/.done"
echo "$out/func_tests"
