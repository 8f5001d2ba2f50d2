#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The two-guest harness: a bullseye and a bookworm guest joined by a
# virtio-net link exchange kernel SCTP over IPv4 and IPv6, using the
# shared-directory rendezvous (sync_*) to order server and client.
# kernels: bullseye
# peer: bookworm
# timeout: 600
. "$TOP/tests/lib/guest.sh"

modprobe sctp
peer_setup
info "$ROLE: $(uname -r), peer runs $PEER_KERNEL"

if [ "$ROLE" = a ]; then
	sctp_server_start - 10.99.0.1 6001
	sctp_server_start - fd99::1 6002
	sync_signal servers-up
	sync_wait client-done 120
	assert_eq "$(sync_get client-done)" ok "client result"
else
	sync_wait servers-up 120
	sctp_client - "$PEER_IP4" 6001 --count 10 --size 1200
	sctp_client - "$PEER_IP6" 6002 --count 10 --size 1200
	sync_signal client-done ok
fi
sync_barrier end 60
info "ok"
