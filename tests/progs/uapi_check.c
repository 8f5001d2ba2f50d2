// SPDX-License-Identifier: GPL-2.0
/*
 * include/uapi/linux/sctp_udp.h must give upstream's constant and layout
 * whether or not the system's <linux/sctp.h> has them, and must not clash
 * with one that has, in either order.  Built (make progs) three ways:
 *   plain:             ours first, then <linux/sctp.h>;
 *   -DAFTER:           <linux/sctp.h> first, then ours;
 *   -D_UAPI_SCTP_H:    as on an old system: <linux/sctp.h> contributes
 *                      nothing, ours defines everything.
 * Compiling is the check; main() only reports.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#ifdef AFTER
#include <linux/sctp.h>
#endif
#include "../../include/uapi/linux/sctp_udp.h"
#ifndef AFTER
#include <linux/sctp.h>
#endif

_Static_assert(SCTP_REMOTE_UDP_ENCAPS_PORT == 132, "option number");
_Static_assert(sizeof(struct sctp_udpencaps) == 144, "size (LP64)");
_Static_assert(offsetof(struct sctp_udpencaps, sue_assoc_id) == 0, "id");
_Static_assert(sizeof(((struct sctp_udpencaps *)0)->sue_assoc_id) == 4,
	       "id is 32 bits");
_Static_assert(offsetof(struct sctp_udpencaps, sue_address) == 8, "addr");
_Static_assert(offsetof(struct sctp_udpencaps, sue_port) == 136, "port");
_Static_assert(sizeof(((struct sctp_udpencaps *)0)->sue_port) == 2,
	       "port is 16 bits");
_Static_assert(SCTP_DEFAULT_UDP_PORT == 9899, "IANA port");

int main(void)
{
	printf("sctp_udpencaps: %zu bytes, option %d\n",
	       sizeof(struct sctp_udpencaps), SCTP_REMOTE_UDP_ENCAPS_PORT);
	return 0;
}
