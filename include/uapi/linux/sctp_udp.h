/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sctp-udp: the socket API of RFC 6951 (UDP encapsulation of SCTP) for
 * kernels whose <linux/sctp.h> predates it (Linux < 5.11).  Same constant,
 * same structure layout as upstream Linux 5.11+, so applications written
 * for new kernels build and run unchanged on old ones.
 *
 * On systems whose <linux/sctp.h> already defines SCTP_REMOTE_UDP_ENCAPS_PORT
 * it defines nothing, before or after <netinet/sctp.h> or <linux/sctp.h>.
 */
#ifndef _UAPI_LINUX_SCTP_UDP_H
#define _UAPI_LINUX_SCTP_UDP_H

#ifdef __KERNEL__
#include <linux/socket.h>
#include <linux/types.h>
#else
#include <sys/socket.h>
#include <stdint.h>
#endif

/*
 * <linux/sctp.h> first, where there is one, so that this header can come
 * before or after it: the guard below then sees the definitions of a new
 * <linux/sctp.h> (Linux 5.11+) whichever order a program uses.
 */
#ifdef __has_include
#if __has_include("linux/sctp.h")
#include <linux/sctp.h>
#endif
#endif

#ifndef SCTP_REMOTE_UDP_ENCAPS_PORT
#define SCTP_REMOTE_UDP_ENCAPS_PORT	132

/*
 * As upstream's (sctp_assoc_t is an __s32): 144 bytes on LP64, sue_port at
 * offset 136, in network byte order; 0 turns encapsulation off.
 */
struct sctp_udpencaps {
	int32_t sue_assoc_id;		/* sctp_assoc_t */
	struct sockaddr_storage sue_address;
	uint16_t sue_port;
};
#endif /* SCTP_REMOTE_UDP_ENCAPS_PORT */

/* The IANA-assigned port for SCTP over UDP ("sctp-tunneling"). */
#ifndef SCTP_DEFAULT_UDP_PORT
#define SCTP_DEFAULT_UDP_PORT		9899
#endif

#endif /* _UAPI_LINUX_SCTP_UDP_H */
