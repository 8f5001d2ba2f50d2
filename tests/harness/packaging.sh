#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and check the distribution packages on the host:
#   sctp-udp-dkms_<ver>_all.deb        dpkg-buildpackage -us -uc -b, lintian
#   sctp-udp-dkms-<ver>-1.noarch.rpm   rpmbuild of rpm/sctp-udp-dkms.spec
# in a copy of the tree under $TOP/.build/pkg (the repository is not
# touched), and check their file lists.
#
# The version lives in src/version.h only ("make -s version"); the static
# copies must agree with it and are checked first: dkms.conf's
# PACKAGE_VERSION and debian/changelog's version.  debian/sctp-udp-dkms.dkms
# must be dkms.conf with PACKAGE_VERSION="#MODULE_VERSION#".  --sync-version
# rewrites the copies after a version bump.
#
# Usage: packaging.sh [--deb] [--rpm] [--no-lintian] [--sync-version]
#   --deb / --rpm    build only that package (default: both)
#   --no-lintian     skip lintian (it takes ~20 s)
#   --sync-version   set dkms.conf's PACKAGE_VERSION, add a debian/changelog
#                    entry and regenerate debian/sctp-udp-dkms.dkms from
#                    dkms.conf, then exit
#
# Missing host tools (dpkg-dev debhelper dh-dkms fakeroot lintian rpm) are
# installed with apt-get. The artefacts' paths are printed on stdout, one a
# line; everything else goes to stderr. Exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/packages.sh"

want_deb= want_rpm= lint=1 sync=
while [ $# -gt 0 ]; do
	case "$1" in
	--deb) want_deb=1 ;;
	--rpm) want_rpm=1 ;;
	--no-lintian) lint= ;;
	--sync-version) sync=1 ;;
	-h|--help) sed -n '/^# Usage/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
	*) die "unknown option $1 (--help)" ;;
	esac
	shift
done
[ -n "$want_deb$want_rpm" ] || { want_deb=1; want_rpm=1; }

PKG=sctp-udp
BIN=sctp-udp-dkms
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "packaging: FAIL: $*" >&2; exit 1; }

version=$(make -s -C "$TOP" version)
[[ $version =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || die "bad version '$version' from src/version.h"

conf_version() { sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$TOP/dkms.conf"; }
# dkms.conf as the Debian snippet: PACKAGE_VERSION filled by dh_dkms -V.
dkms_snippet() { sed 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="#MODULE_VERSION#"/' "$TOP/dkms.conf"; }

if [ -n "$sync" ]; then
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$TOP/dkms.conf"
	dkms_snippet >"$TOP/debian/$BIN.dkms"
	cur=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)
	if [ "$cur" != "$version" ]; then
		maint=$(sed -n 's/^Maintainer: //p' "$TOP/debian/control")
		{
			printf '%s (%s) unstable; urgency=medium\n\n' "$PKG" "$version"
			printf '  * New upstream version %s.\n\n' "$version"
			printf ' -- %s  %s\n\n' "$maint" "$(date -R)"
			cat "$TOP/debian/changelog"
		} >"$TOP/debian/changelog.new"
		mv "$TOP/debian/changelog.new" "$TOP/debian/changelog"
	fi
	log "version $version written to dkms.conf, debian/$BIN.dkms, debian/changelog"
	exit 0
fi

# --- host tools
need=(dpkg-dev)
[ -z "$want_deb" ] || need+=(debhelper dh-dkms fakeroot)
[ -z "$want_deb" ] || [ -z "$lint" ] || need+=(lintian)
[ -z "$want_rpm" ] || need+=(rpm)
packages_install "${need[@]}" || die "cannot install ${need[*]}"

# --- one version
log "version $version (src/version.h)"
[ "$(conf_version)" = "$version" ] ||
	fail "dkms.conf has PACKAGE_VERSION=\"$(conf_version)\", src/version.h has $version (packaging.sh --sync-version)"
deb_version=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)
[ "${deb_version%-*}" = "$version" ] ||
	fail "debian/changelog is at $deb_version, src/version.h at $version (packaging.sh --sync-version)"
if ! diff -u <(dkms_snippet) "$TOP/debian/$BIN.dkms" >&2; then
	fail "debian/$BIN.dkms differs from dkms.conf (other than PACKAGE_VERSION); packaging.sh --sync-version regenerates it"
fi

# --- a clean copy of the tree: what git knows about (tracked, or new and
# not ignored), so no build products get in.
out="$TOP/.build/pkg"
src="$out/$PKG-$version"
rm -rf "$out"
mkdir -p "$src"
paths=(Kbuild Makefile dkms.conf src include debian rpm)
if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$TOP" && git ls-files -z -co --exclude-standard -- "${paths[@]}" |
		xargs -0 -I{} sh -c '[ ! -e "$1" ] || cp --parents -a "$1" "$2"' sh {} "$src")
else
	(cd "$TOP" && cp -a "${paths[@]}" "$src/")
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name modules.order -o -name Module.symvers \) -delete
fi
for f in Kbuild Makefile dkms.conf src/main.c src/version.h debian/control rpm/$BIN.spec; do
	[ -f "$src/$f" ] || fail "$f missing from the package tree"
done

# The file list both packages must have under /usr/src/sctp-udp-<version>.
expected_src() {
	(cd "$src" && find Kbuild Makefile dkms.conf src include -type f) | sort
}
expected=$(expected_src)

# check_list WHAT LIST: LIST (paths relative to /) against the expectations.
check_list() {
	local what=$1 list=$2 f bad=
	while read -r f; do
		grep -qxF "usr/src/$PKG-$version/$f" <<<"$list" ||
			{ echo "packaging: $what lacks /usr/src/$PKG-$version/$f" >&2; bad=1; }
	done <<<"$expected"
	grep -qxF "etc/modprobe.d/sctp-udp.conf" <<<"$list" ||
		{ echo "packaging: $what lacks /etc/modprobe.d/sctp-udp.conf" >&2; bad=1; }
	if grep -E '\.(o|ko|cmd)$|/(debian|rpm|tests)/' <<<"$list" | grep "usr/src" >&2; then
		echo "packaging: $what ships files that are not DKMS sources (above)" >&2
		bad=1
	fi
	[ -z "$bad" ] || fail "$what: wrong file list"
	echo "packaging: $what: file list ok ($(grep -c "^usr/src/" <<<"$list") entries under /usr/src)" >&2
}

# check_conf WHAT FILE: the installed dkms.conf names this version.
check_conf() {
	grep -qx "PACKAGE_VERSION=\"$version\"" "$2" ||
		fail "$1: dkms.conf has $(grep '^PACKAGE_VERSION' "$2" || echo 'no PACKAGE_VERSION')"
	grep -qx 'PACKAGE_NAME="sctp-udp"' "$2" || fail "$1: dkms.conf lacks PACKAGE_NAME"
	grep -qx 'BUILT_MODULE_NAME\[0\]="sctp_udp"' "$2" || fail "$1: dkms.conf lacks BUILT_MODULE_NAME"
}

artefacts=()

# --- RPM source tarball first, from the pristine copy.
if [ -n "$want_rpm" ]; then
	top="$out/rpmbuild"
	mkdir -p "$top"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
	tar -C "$out" --owner=0 --group=0 -czf "$top/SOURCES/$PKG-$version.tar.gz" "$PKG-$version"
fi

# --- Debian
if [ -n "$want_deb" ]; then
	t=$(now)
	log "dpkg-buildpackage in $src"
	(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/deb.log" 2>&1 ||
		{ tail -n 40 "$out/deb.log" >&2; fail "dpkg-buildpackage (log: $out/deb.log)"; }
	deb="$out/${BIN}_${version}_all.deb"
	changes=$(ls "$out"/${PKG}_${version}_*.changes)
	[ -f "$deb" ] || fail "no $deb after dpkg-buildpackage"
	log "deb built in $(since "$t")s: $deb"

	list=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./||; /\/$/d')
	check_list "$(basename "$deb")" "$list"
	mkdir -p "$out/deb-conf"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$PKG-$version/dkms.conf" >"$out/deb-conf/dkms.conf"
	check_conf "$(basename "$deb")" "$out/deb-conf/dkms.conf"
	dpkg-deb -I "$deb" control | grep -q '^Depends:.*dkms' || fail "deb: no Depends on dkms"
	dpkg-deb -I "$deb" postinst | grep -q 'common.postinst' || fail "deb: postinst does not run DKMS"
	dpkg-deb -I "$deb" prerm | grep -q 'dkms remove' || fail "deb: prerm does not remove from DKMS"
	dpkg-deb -I "$deb" conffiles | grep -qx /etc/modprobe.d/sctp-udp.conf ||
		fail "deb: /etc/modprobe.d/sctp-udp.conf is not a conffile"

	if [ -n "$lint" ]; then
		t=$(now)
		rc=0
		lintian --info --display-info --pedantic --show-overrides "$changes" >"$out/lintian.log" 2>&1 || rc=$?
		grep -E '^[EWIPOX]:' "$out/lintian.log" | sed 's/^/lintian| /' >&2 || true
		log "lintian in $(since "$t")s: $(grep -c '^E:' "$out/lintian.log" || true) errors, $(grep -c '^W:' "$out/lintian.log" || true) warnings, $(grep -c '^[IP]:' "$out/lintian.log" || true) info/pedantic, $(grep -c '^O:' "$out/lintian.log" || true) overridden"
		if grep -q '^E:' "$out/lintian.log"; then
			fail "lintian reports errors (log: $out/lintian.log)"
		fi
		# Status 1 without an E: line is lintian failing to run.
		[ "$rc" = 0 ] || grep -q '^[WIP]:' "$out/lintian.log" ||
			fail "lintian exited $rc (log: $out/lintian.log)"
	fi
	artefacts+=("$deb")
fi

# --- RPM
if [ -n "$want_rpm" ]; then
	t=$(now)
	cp "$src/rpm/$BIN.spec" "$top/SPECS/"
	log "rpmbuild in $top"
	rpmbuild -bb --define "_topdir $top" --define "sctp_udp_version $version" \
		"$top/SPECS/$BIN.spec" >"$out/rpm.log" 2>&1 ||
		{ tail -n 40 "$out/rpm.log" >&2; fail "rpmbuild (log: $out/rpm.log)"; }
	rpm=$(ls "$top"/RPMS/noarch/$BIN-"$version"-*.noarch.rpm)
	log "rpm built in $(since "$t")s: $rpm"
	list=$(rpm -qlp "$rpm" 2>/dev/null | sed 's|^/||')
	check_list "$(basename "$rpm")" "$list"
	[ "$(rpm -qp --qf '%{ARCH}' "$rpm" 2>/dev/null)" = noarch ] || fail "rpm: not noarch"
	rpm -qp --requires "$rpm" 2>/dev/null | grep -q '^dkms' || fail "rpm: no Requires on dkms"
	scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
	grep -q 'dkms add .*--rpm_safe_upgrade' <<<"$scripts" || fail "rpm: %post does not dkms add"
	grep -q 'dkms install' <<<"$scripts" || fail "rpm: %post does not dkms install"
	grep -q 'dkms remove .*--all' <<<"$scripts" || fail "rpm: %preun does not dkms remove"
	mkdir -p "$out/rpm-conf"
	(cd "$out/rpm-conf" && rpm2cpio "$rpm" | cpio -id --quiet "./usr/src/$PKG-$version/dkms.conf")
	check_conf "$(basename "$rpm")" "$out/rpm-conf/usr/src/$PKG-$version/dkms.conf"
	artefacts+=("$rpm")
fi

log "packaging: all checks passed"
printf '%s\n' "${artefacts[@]}"
