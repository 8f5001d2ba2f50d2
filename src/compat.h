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

/*
 * struct proto's setsockopt takes a sockptr_t since Linux 5.9 (5.10 here);
 * before, a char __user pointer.  getsockopt is the same everywhere.
 */
#if defined(SCTP_UDP_HAVE_SOCKPTR)
#include <linux/sockptr.h>
#define sctp_udp_optval_t		sockptr_t
#define sctp_udp_memdup_optval(p, len)	memdup_sockptr(p, len)
#else
#include <linux/string.h>
#define sctp_udp_optval_t		char __user *
#define sctp_udp_memdup_optval(p, len)	memdup_user(p, len)
#endif

#endif /* _SCTP_UDP_COMPAT_H */
