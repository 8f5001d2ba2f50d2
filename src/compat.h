/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctp-udp compatibility layer.  Kernel differences are detected by Kbuild
 * probing the kernel's headers (what exists), not by version numbers,
 * because distributions backport.  The probes define SCTP_UDP_HAVE_* and
 * SCTP_UDP_NATIVE; everything version-dependent lives here.
 */
#ifndef _SCTP_UDP_COMPAT_H
#define _SCTP_UDP_COMPAT_H

/* skb_gso_segment() moved to <net/gso.h> in Linux 6.5. */
#if defined(SCTP_UDP_HAVE_NET_GSO_H)
#include <net/gso.h>
#endif

#endif /* _SCTP_UDP_COMPAT_H */
