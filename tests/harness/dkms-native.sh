#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS on a kernel with native SCTP over UDP (Debian 12's 6.1): building
# and installing the packaged source must succeed (so AUTOINSTALL does not
# break an upgrade to such a kernel), and what gets installed must be the
# stub that refuses to load.  Uses the host's dkms with private trees under
# $TOP/.build/dkms-native (--dkmstree/--sourcetree/--installtree, no
# depmod, no signing): nothing of the host's DKMS state is touched.
#
# Usage: dkms-native.sh DEB [SUITE]     (SUITE: a kernels.sh suite with
#                                        native support, default bookworm)
set -euo pipefail
. "$(dirname "$0")/common.sh"

deb=${1:?usage: dkms-native.sh DEB [SUITE]}
suite=${2:-bookworm}
command -v dkms >/dev/null || die "dkms is not installed on the host"
kd=$("$(dirname "$0")/kernels.sh" "$suite")
release=$(cat "$kd/release")
kdir=$(cat "$kd/kdir")
version=$(dpkg-deb -f "$deb" Version)
version=${version%-*}

t="$TOP/.build/dkms-native"
rm -rf "$t"
mkdir -p "$t/dkms" "$t/inst/$release"
dpkg-deb -x "$deb" "$t/pkg"
args=(-m sctp-udp -v "$version" --dkmstree "$t/dkms" --sourcetree "$t/pkg/usr/src")
kargs=(-k "$release" --kernelsourcedir "$kdir")
# sign_file: a missing signing tool turns signing off (otherwise dkms 3
# would create /var/lib/dkms/mok.key on the host).
export sign_file=/nonexistent
{
	dkms add "${args[@]}" &&
	dkms build "${args[@]}" "${kargs[@]}" &&
	dkms install "${args[@]}" "${kargs[@]}" --installtree "$t/inst" --no-depmod
} >"$t/dkms.log" 2>&1 || {
	cat "$t/dkms.log" "$t/dkms/sctp-udp/$version/$release/x86_64/log/make.log" 2>/dev/null | tail -n 30 >&2
	die "DKMS build/install for $release ($suite) failed (log: $t/dkms.log)"
}
ko=$(ls "$t/inst/$release/updates/dkms/"sctp_udp.ko* 2>/dev/null | head -n1)
[ -n "$ko" ] || die "DKMS installed no sctp_udp.ko for $release"
desc=$(modinfo -F description "$ko")
case "$desc" in
*stub*) ;;
*) die "the module DKMS built for $release ($suite) is not the stub: $desc" ;;
esac
grep -q 'building a stub' "$t/dkms/sctp-udp/$version/$release/x86_64/log/make.log" ||
	die "no 'building a stub' message in the DKMS make.log"
echo "ok: DKMS on $suite ($release, native): build and install succeed, stub installed (\"$desc\")"
