#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of our code, each a test that fails on any finding:
#   W=1      the module builds with no compiler warning at W=1
#   sparse   make C=2 reports nothing in our files
#   checkpatch.pl --no-tree --strict-free: no error or warning
# Usage: static.sh [KDIR]   (default: the cached Debian 5.10 headers)
# Prints "static: NAME PASS|FAIL" lines; exit status 1 if any failed.
set -uo pipefail
. "$(dirname "$0")/common.sh"

kdir=${1:-}
if [ -z "$kdir" ] || [ ! -d "$kdir" ]; then
	kdir=$(cat "$("$TOP/tests/harness/kernels.sh" bullseye)/kdir")
fi

# checkpatch.pl comes from Debian's linux-source package (the headers do
# not ship it): the same unpacked tree the debug kernel is built from.
checkpatch() {
	local tree
	tree=$("$TOP/tests/harness/debug-kernel.sh" --fetch-only | tail -n1) ||
		return 1
	"$tree/scripts/checkpatch.pl" "$@"
}

out="$TOP/.build/static"
rc=0
report() {
	if [ "$2" = 0 ]; then
		echo "static: $1 PASS"
	else
		echo "static: $1 FAIL"
		rc=1
	fi
}

build() {
	rm -rf "$out"
	mkdir -p "$out"
	cp -r "$TOP/Kbuild" "$TOP/src" "$TOP/include" "$out/"
	make -C "$kdir" M="$out" CC="${CC:-gcc}" "$@" modules 2>&1
}

# W=1: any "warning:" from our files fails.
log=$(build W=1)
st=$?
echo "$log" | grep -E "warning:|error:" | grep -v "^make" >"$out.w1" || true
[ $st = 0 ] && [ ! -s "$out.w1" ]; r=$?
[ $r = 0 ] || { echo "$log" | tail -40; }
report "W=1" $r

# sparse: C=2 checks every file; anything reported about our sources fails.
if command -v sparse >/dev/null; then
	log=$(build C=2 CF="-D__CHECK_ENDIAN__")
	st=$?
	echo "$log" | grep -E "^$out/(src|include)/.*(warning|error):" >"$out.sparse" || true
	[ $st = 0 ] && [ ! -s "$out.sparse" ]; r=$?
	[ $r = 0 ] || cat "$out.sparse"
	report "sparse" $r
else
	echo "sparse not installed"
	report "sparse" 1
fi

# checkpatch over every file of ours that the kernel's style applies to.
files=$(cd "$TOP" && ls src/*.c src/*.h include/uapi/linux/*.h)
log=$(cd "$TOP" && checkpatch --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files 2>&1)
st=$?
[ $st = 0 ]; r=$?
[ $r = 0 ] || echo "$log" | grep -v "^total: 0 errors, 0 warnings"
report "checkpatch" $r

exit $rc
