#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 7, the distribution packages: tests/harness/packaging.sh builds
# sctp-udp-dkms_<ver>_all.deb with dpkg-buildpackage and runs lintian on it
# (any error fails), builds the noarch RPM from rpm/sctp-udp-dkms.spec with
# rpmbuild, and checks both file lists and that the version agrees with
# src/version.h everywhere.  Each artefact must exist afterwards.
# host: yes
# timeout: 900
set -euo pipefail
: "${TOP:?}"
out=$("$TOP/tests/harness/packaging.sh" --deb --rpm) || {
	echo "FAIL: packaging.sh exited with $?"
	exit 1
}
echo "$out"
version=$(make -s -C "$TOP" version)
grep -q "sctp-udp-dkms_${version}[^/]*_all\.deb$" <<<"$out" ||
	{ echo "FAIL: no .deb of version $version"; exit 1; }
grep -q "sctp-udp-dkms-${version}-[^/]*\.noarch\.rpm$" <<<"$out" ||
	{ echo "FAIL: no .rpm of version $version"; exit 1; }
while read -r f; do
	[ -s "$f" ] || { echo "FAIL: $f missing or empty"; exit 1; }
done <<<"$out"
echo "ok: packages built and checked"
