/* SPDX-License-Identifier: GPL-2.0 */
/* The one place the version lives; packaging scripts read it from here. */
#ifndef _SCTP_UDP_VERSION_H
#define _SCTP_UDP_VERSION_H

#define SCTP_UDP_VERSION	"0.1.0"
#define SCTP_UDP_DEFAULT_PORT	9899	/* IANA "sctp-tunneling" */

#endif /* _SCTP_UDP_VERSION_H */
