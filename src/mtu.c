// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp and the path MTU, RFC 6951 section 5.6: SCTP must leave room
 * for the 8-byte UDP header, or every full-sized encapsulated packet would
 * need IP fragmentation.
 *
 * Linux before 5.11 sizes SCTP packets and DATA fragments with
 * sctp_mtu_payload(), whose only per-family term is the address family's
 * net_header_len.  While the module is loaded that term is raised by 8 in
 * SCTP's two address family descriptors, as native Linux 5.11+ reserves
 * the 8 bytes for every socket of a namespace with udp_port set.  No
 * pointer to module memory is left in SCTP, so unloading is always safe;
 * the original values are put back on unload.
 */
#include <linux/net.h>
#include <net/sctp/structs.h>

#include "sctp_udp.h"

static struct sctp_af *sctp_udp_afs[2];

static struct sctp_af *sctp_udp_af_of(int family)
{
	struct socket *sock;
	struct sctp_af *af;

	if (sock_create_kern(&init_net, family, SOCK_SEQPACKET, IPPROTO_SCTP,
			     &sock))
		return NULL;
	af = sctp_sk(sock->sk)->pf->af;
	sock_release(sock);
	return af;
}

int sctp_udp_mtu_init(void)
{
	sctp_udp_afs[0] = sctp_udp_af_of(AF_INET);
	if (!sctp_udp_afs[0]) {
		pr_err("cannot create an SCTP socket: is sctp loaded?\n");
		return -EPROTONOSUPPORT;
	}
	/* IPv6 may be disabled at boot: then only IPv4 needs the room. */
	sctp_udp_afs[1] = sctp_udp_af_of(AF_INET6);

	WRITE_ONCE(sctp_udp_afs[0]->net_header_len,
		   sctp_udp_afs[0]->net_header_len + SCTP_UDP_HLEN);
	if (sctp_udp_afs[1])
		WRITE_ONCE(sctp_udp_afs[1]->net_header_len,
			   sctp_udp_afs[1]->net_header_len + SCTP_UDP_HLEN);
	return 0;
}

void sctp_udp_mtu_exit(void)
{
	WRITE_ONCE(sctp_udp_afs[0]->net_header_len,
		   sctp_udp_afs[0]->net_header_len - SCTP_UDP_HLEN);
	if (sctp_udp_afs[1])
		WRITE_ONCE(sctp_udp_afs[1]->net_header_len,
			   sctp_udp_afs[1]->net_header_len - SCTP_UDP_HLEN);
}
