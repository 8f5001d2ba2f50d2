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
