# SPDX-License-Identifier: GPL-2.0
# Shared definitions of the host-side harness scripts (sourced, not run).

# Where downloaded kernels, the debug kernel and other large artefacts live:
# outside the repository, kept between runs.
CACHE=${SCTP_UDP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sctp-udp}
mkdir -p "$CACHE"

# Top of the repository.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
	echo "error: $*" >&2
	exit 1
}

log() {
	echo ">>> $*" >&2
}

# The Debian mirror the machine's apt already uses (no host name is
# written in this tree).
debian_mirror() {
	local m
	m=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null |
	    grep -v -- '-security' | sort -u | head -n1)
	[ -n "$m" ] || die "no Debian mirror configured in the machine's apt"
	echo "$m"
}

# A private apt in $apt_dir (set by the caller): its own sources file,
# lists and cache; the machine's apt configuration is never touched.
# private_apt TYPES SUITE: write the sources file (TYPES: deb, deb-src).
private_apt() {
	local mirror
	mirror=$(debian_mirror)
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/cache"
	cat >"$apt_dir/sources.sources" <<SRC
Types: $1
URIs: $mirror
Suites: $2
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

# apt_private apt-get|apt-cache ARGS...: the command on $apt_dir's apt.
apt_private() {
	local cmd=$1
	shift
	"$cmd" -o Dir::Etc::sourcelist="$apt_dir/sources.sources" \
		-o Dir::Etc::sourceparts=/dev/null \
		-o Dir::State::Lists="$apt_dir/lists" \
		-o Dir::Cache="$apt_dir/cache" \
		-o Dir::State::status=/dev/null \
		-o APT::Architecture=amd64 "$@"
}
aptq() { apt_private apt-get -q -o Debug::NoLocking=1 "$@"; }
aptc() { apt_private apt-cache "$@"; }
