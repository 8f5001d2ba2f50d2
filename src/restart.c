// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: an INIT for an existing association that arrives from another
 * UDP source port is not processed: it is answered with an ABORT carrying
 * the "Restart of an Association with New Encapsulation Port" error cause
 * (14), and the association is left untouched, as native Linux does
 * (draft-tuexen-tsvwg-sctp-udp-encaps-cons).  The ABORT goes back
 * encapsulated to the port the INIT came from.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/sctp/checksum.h>
#include <net/udp_tunnel.h>

#include "sctp_udp.h"

#define SCTP_UDP_ERROR_NEW_ENCAP_PORT	14

struct sctp_udp_abort_pkt {
	struct sctphdr sh;
	struct sctp_chunkhdr ch;
	struct sctp_errhdr err;
	__be16 cur_port;
	__be16 new_port;
} __packed;

static struct sk_buff *sctp_udp_abort_build(const struct sctphdr *rsh,
					    __be16 cur_port, __be16 new_port,
					    __be32 init_tag)
{
	struct sctp_udp_abort_pkt *p;
	struct sk_buff *skb;

	skb = alloc_skb(MAX_HEADER + sizeof(struct ipv6hdr) + SCTP_UDP_HLEN +
			sizeof(*p), GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER + sizeof(struct ipv6hdr) + SCTP_UDP_HLEN);
	p = skb_put_zero(skb, sizeof(*p));
	skb_reset_transport_header(skb);

	p->sh.source = rsh->dest;
	p->sh.dest = rsh->source;
	/* Answering an INIT: its Initiate Tag, T bit clear. */
	p->sh.vtag = init_tag;
	p->ch.type = SCTP_CID_ABORT;
	p->ch.length = htons(sizeof(*p) - sizeof(p->sh));
	p->err.cause = htons(SCTP_UDP_ERROR_NEW_ENCAP_PORT);
	p->err.length = htons(sizeof(p->err) + 2 * sizeof(__be16));
	p->cur_port = cur_port;
	p->new_port = new_port;
	p->sh.checksum = sctp_compute_cksum(skb, 0);
	return skb;
}

static int sctp_udp_abort_xmit4(struct sctp_udp_net *sun, struct sock *sk,
				struct sk_buff *skb, const struct iphdr *riph,
				__be16 dport)
{
	struct flowi4 fl4 = {
		.daddr = riph->saddr,
		.saddr = riph->daddr,
		.flowi4_proto = IPPROTO_UDP,
	};
	struct rtable *rt;

	rt = ip_route_output_key(sun->net, &fl4);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), htons(IP_DF),
			    READ_ONCE(sun->udp_port_be), dport, false, false);
	return 0;
}

static int sctp_udp_abort_xmit6(struct sctp_udp_net *sun, struct sock *sk,
				struct sk_buff *skb,
				const struct ipv6hdr *rip6h, __be16 dport)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = {
		.daddr = rip6h->saddr,
		.saddr = rip6h->daddr,
		.flowi6_proto = IPPROTO_UDP,
	};
	struct dst_entry *dst;

	dst = ipv6_stub->ipv6_dst_lookup_flow(sun->net, sk, &fl6, NULL);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	udp_tunnel6_xmit_skb(dst, sk, skb, dst->dev, &fl6.saddr, &fl6.daddr,
			     0, ip6_dst_hoplimit(dst), 0,
			     READ_ONCE(sun->udp_port_be), dport, false);
	return 0;
#else
	return -EAFNOSUPPORT;
#endif
}

/**
 * sctp_udp_send_new_port_abort() - refuse an INIT from a new UDP port
 * @sun: namespace
 * @rx: the INIT, data at its UDP header
 * @cur_port: the association's current remote UDP port
 * @new_port: the port the INIT came from
 * @init_tag: the INIT's Initiate Tag
 */
void sctp_udp_send_new_port_abort(struct sctp_udp_net *sun,
				  struct sk_buff *rx, __be16 cur_port,
				  __be16 new_port, __be32 init_tag)
{
	const struct sctphdr *rsh = (void *)(rx->data + SCTP_UDP_HLEN);
	struct socket *sock;
	struct sk_buff *skb;
	int err = -ENOMEM;

	if (sctp_udp_should_fail(SCTP_UDP_FAULT_ABORT_ALLOC))
		skb = NULL;
	else
		skb = sctp_udp_abort_build(rsh, cur_port, new_port,
					   init_tag);
	if (!skb)
		goto out;

	rcu_read_lock();
	if (ip_hdr(rx)->version == 4) {
		sock = rcu_dereference(sun->sock4);
		err = sock ? sctp_udp_abort_xmit4(sun, sock->sk, skb,
						  ip_hdr(rx), new_port)
			   : -ENOTCONN;
	} else {
		sock = rcu_dereference(sun->sock6);
		err = sock ? sctp_udp_abort_xmit6(sun, sock->sk, skb,
						  ipv6_hdr(rx), new_port)
			   : -ENOTCONN;
	}
	rcu_read_unlock();
	if (err)
		kfree_skb(skb);
out:
	if (err)
		SCTP_UDP_INC(sun, tx_drop_abort);
	else
		SCTP_UDP_INC(sun, tx_abort_new_port);
}
