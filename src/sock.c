// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: the kernel UDP tunnel sockets of a namespace, one IPv4 and one
 * IPv6 socket bound to udp_port (RFC 6951 section 5.1).  All of it runs
 * under sun->lock.
 */
#include <linux/net.h>
#include <net/udp_tunnel.h>

#include "sctp_udp.h"

#define SCTP_UDP_ENCAP_TYPE	1

static void sctp_udp_encap_destroy(struct sock *sk)
{
}

static struct socket *sctp_udp_sock_open(struct sctp_udp_net *sun,
					 int family, int port)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = sun,
		.encap_type = SCTP_UDP_ENCAP_TYPE,
		.encap_rcv = sctp_udp_rcv,
		.encap_destroy = sctp_udp_encap_destroy,
	};
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(port),
		.use_udp_checksums = true,
		.use_udp6_tx_checksums = true,
		.use_udp6_rx_checksums = true,
		.ipv6_v6only = 1,
	};
	struct socket *sock = NULL;
	int err;

	err = udp_sock_create(sun->net, &cfg, &sock);
	if (err)
		return ERR_PTR(err);
	if (!sock)		/* IPv6 compiled out: the stub "succeeds" */
		return ERR_PTR(-EAFNOSUPPORT);
	setup_udp_tunnel_sock(sun->net, sock, &tcfg);
	return sock;
}

static void sctp_udp_sock_release(struct socket *sock)
{
	if (sock)
		udp_tunnel_sock_release(sock);
}

/*
 * Install @s4 and @s6 on @port (0 and NULLs: none), then close the
 * sockets they replace.  The datapath sees the old port or the new one,
 * never 0 in between: a change of port must not send a single packet as
 * plain SCTP, which the peer would take as the path reverting (RFC 6951
 * section 5.4).  Caller holds sun->lock.
 */
static void sctp_udp_sock_swap(struct sctp_udp_net *sun, struct socket *s4,
			       struct socket *s6, int port)
{
	struct socket *old4, *old6;

	lockdep_assert_held(&sun->lock);

	old4 = rcu_dereference_protected(sun->sock4,
					 lockdep_is_held(&sun->lock));
	old6 = rcu_dereference_protected(sun->sock6,
					 lockdep_is_held(&sun->lock));
	rcu_assign_pointer(sun->sock4, s4);
	rcu_assign_pointer(sun->sock6, s6);
	if (!sun->udp_port && port)
		sctp_udp_encap_turned_on(sun);
	sun->udp_port = port;
	WRITE_ONCE(sun->udp_port_be, htons(port));
	if (old4 || old6)
		synchronize_net();
	sctp_udp_sock_release(old4);
	sctp_udp_sock_release(old6);
}

/* Open both sockets on @port and install them; caller holds sun->lock. */
int sctp_udp_sock_start(struct sctp_udp_net *sun, int port)
{
	struct socket *s4, *s6;

	lockdep_assert_held(&sun->lock);

	s4 = sctp_udp_sock_open(sun, AF_INET, port);
	if (IS_ERR(s4))
		return PTR_ERR(s4);

	s6 = sctp_udp_sock_open(sun, AF_INET6, port);
	if (IS_ERR(s6)) {
		int err = PTR_ERR(s6);

		/* IPv6 disabled at boot or not built: run IPv4 only. */
		if (err != -EAFNOSUPPORT) {
			sctp_udp_sock_release(s4);
			return err;
		}
		s6 = NULL;
	}

	sctp_udp_sock_swap(sun, s4, s6, port);
	return 0;
}

/* Close the sockets; caller holds sun->lock. */
void sctp_udp_sock_stop(struct sctp_udp_net *sun)
{
	sctp_udp_sock_swap(sun, NULL, NULL, 0);
}

/*
 * Change the local port.  The new sockets are opened before the old ones
 * are closed, so a port that cannot be had leaves the old one working and
 * the caller gets the error.  Caller holds sun->lock.
 */
int sctp_udp_set_port(struct sctp_udp_net *sun, int port)
{
	lockdep_assert_held(&sun->lock);

	if (port == sun->udp_port)
		return 0;
	if (!port) {
		sctp_udp_sock_stop(sun);
		return 0;
	}
	return sctp_udp_sock_start(sun, port);
}
