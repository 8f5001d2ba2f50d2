#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build sctp_udp.ko out of tree against one cached kernel's headers.
# Usage: build-module.sh KERNEL [make args...]
#   KERNEL: a directory under $CACHE/kernels (bullseye, bookworm, debug-...)
# The sources are copied to $TOP/.build/KERNEL so builds for several kernels
# do not collide; prints the path of the built module on stdout.
set -euo pipefail
. "$(dirname "$0")/common.sh"

name=${1:?usage: build-module.sh KERNEL}
shift
kdir=$(cat "$CACHE/kernels/$name/kdir")
out="$TOP/.build/$name"
mkdir -p "$out"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
	--exclude '*.mod*' --exclude 'modules.order' --exclude 'Module.symvers' \
	"$TOP/Kbuild" "$TOP/src" "$TOP/include" "$out/"
make -s -C "$kdir" M="$out" CC="${CC:-gcc}" "$@" modules >&2

# The tests' own programs (tests/progs/*.c, e.g. the hostile-traffic
# generator) run in the guests from the host's root: build them here with
# the host's compiler into $TOP/.build/progs/.
mkdir -p "$TOP/.build/progs"
for src in "$TOP"/tests/progs/*.c; do
	[ -e "$src" ] || continue
	bin="$TOP/.build/progs/$(basename "$src" .c)"
	[ "$bin" -nt "$src" ] ||
		gcc -O2 -Wall -Wextra -Werror -o "$bin" "$src" >&2
done
echo "$out/sctp_udp.ko"
