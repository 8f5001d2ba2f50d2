# SPDX-License-Identifier: GPL-2.0
# The Debian packages the host needs (sourced, not run): `make check`,
# `make demo` and `make bench` each install the missing ones first, so
# that any of them works as the first command on a fresh Debian 12
# machine.  The guests run the host's binaries (its root over 9p).

HOST_PACKAGES="qemu-system-x86 busybox-static lksctp-tools iperf3 tshark
sparse nftables iptables ethtool cpio kmod python3 rsync flex bison
libelf-dev bc dwarves libssl-dev conntrack iputils-ping autoconf automake
libtool libsctp-dev dpkg-dev debootstrap dkms debhelper dh-dkms fakeroot
lintian rpm jq gcc make"

# packages_install PKG...: apt-get install those of PKG that are missing
# (nothing when all are there).  As root, or through sudo without a
# password.  Returns non-zero when they cannot be installed.
packages_install() {
	local p missing=() sudo=
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	[ "$(id -u)" = 0 ] || sudo="sudo -n"
	log "installing ${missing[*]}"
	# tshark asks whether non-root users may capture.
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		$sudo debconf-set-selections 2>/dev/null || true
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
		$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# host_packages_install [EXTRA...]: HOST_PACKAGES and EXTRA.
# shellcheck disable=SC2086 # the list is split on purpose
host_packages_install() {
	packages_install $HOST_PACKAGES "$@" || return
	log "host packages: all installed"
}
