// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp transmit path, RFC 6951 section 5.3.  A netfilter hook at the
 * very start of LOCAL_OUT takes every SCTP packet of a path whose remote
 * UDP port is known (learned, set, or the namespace default) and puts a
 * UDP header in front of it, in place, so that the later hooks
 * (conntrack, NAT, firewall rules) and the output path only ever see the
 * UDP packet, as with native support.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/sctp/checksum.h>
#include <net/udp.h>

#include "sctp_udp.h"

/*
 * Before raw, defrag and conntrack (-450 and up): they, and every hook
 * after them, must see UDP only.
 */
#define SCTP_UDP_NF_PRIO	(NF_IP_PRI_FIRST + 1)

/* Put the CRC32c of a CHECKSUM_PARTIAL SCTP packet in place. */
static int sctp_udp_finish_crc(struct sk_buff *skb, unsigned int sctp_off)
{
	struct sctphdr *sh;

	if (!skb->csum_not_inet)	/* not a CRC32c: not ours to finish */
		return -EINVAL;
	if (sctp_udp_should_fail(SCTP_UDP_FAULT_TX_CRC) ||
	    skb_ensure_writable(skb, sctp_off + sizeof(*sh)))
		return -ENOMEM;
	sh = (struct sctphdr *)(skb->data + sctp_off);
	sh->checksum = sctp_compute_cksum(skb, sctp_off);
	skb->ip_summed = CHECKSUM_NONE;
	skb->csum_not_inet = 0;
	return 0;
}

/*
 * Does the packet's egress device take a UDP tunnel GSO packet of SCTP
 * whole, checksums left pending (veth, towards another namespace)?
 */
static bool sctp_udp_dev_takes_gso(const struct sk_buff *skb)
{
	const struct net_device *dev = skb_dst(skb)->dev;
	const netdev_features_t need = NETIF_F_GSO_SCTP |
		NETIF_F_GSO_UDP_TUNNEL_CSUM | NETIF_F_HW_CSUM;

	return (dev->features & dev->hw_enc_features & need) == need;
}

/*
 * Move the @nhlen bytes of IP header at @from down to @from - 8, over the
 * room pushed for the UDP header.  Without options, through registers:
 * fixed-size copies are made inline, without memmove()'s call and loops,
 * once per packet.
 */
static void sctp_udp_move_nh(u8 *from, unsigned int nhlen)
{
	u8 *to = from - SCTP_UDP_HLEN;
	union {
		struct ipv6hdr v6;
		struct iphdr v4;
	} h;

	if (nhlen == sizeof(h.v6)) {
		memcpy(&h.v6, from, sizeof(h.v6));
		memcpy(to, &h.v6, sizeof(h.v6));
	} else if (nhlen == sizeof(h.v4)) {
		memcpy(&h.v4, from, sizeof(h.v4));
		memcpy(to, &h.v4, sizeof(h.v4));
	} else {
		memmove(to, from, nhlen);
	}
}

/* Insert a UDP header between the @nhlen bytes of IP header and SCTP. */
static int sctp_udp_push(struct sk_buff *skb, unsigned int nhlen,
			 __be16 sport, __be16 dport)
{
	struct udphdr *uh;

	if (sctp_udp_should_fail(SCTP_UDP_FAULT_TX_HEADROOM) ||
	    skb_cow_head(skb, SCTP_UDP_HLEN))
		return -ENOMEM;
	sctp_udp_move_nh(skb->data, nhlen);
	__skb_push(skb, SCTP_UDP_HLEN);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, nhlen);
	uh = udp_hdr(skb);
	uh->source = sport;
	uh->dest = dport;
	uh->len = htons(skb->len - nhlen);
	uh->check = 0;
	return 0;
}

/*
 * Encapsulate one SCTP packet in place, at the start of LOCAL_OUT: the
 * hooks after this one (raw, conntrack, NAT, filter) and the output path
 * then see a UDP packet, as if it had been sent as one.
 *
 * A GSO packet becomes a UDP tunnel GSO packet (gso.c).  So does a single
 * packet whose CRC32c SCTP left to the device, if that device takes such
 * packets whole (veth): neither checksum is then made on the way to the
 * other namespace, whose SCTP trusts them as it trusts plain SCTP from
 * this host.  Towards any other device its CRC32c is made here, in
 * software, and its UDP checksum by the device, as for a packet whose
 * CRC32c SCTP made itself (no CRC32c offload, IPsec, IP fragmentation
 * allowed).  The counters count UDP datagrams as they will be on the
 * wire: a GSO packet carries gso_segs of them, each with its own UDP and
 * SCTP common header.
 *
 * Return: NF_ACCEPT, or NF_STOLEN once @skb is dropped and counted.
 */
static unsigned int sctp_udp_encap(struct sctp_udp_net *sun,
				   struct sk_buff *skb, __be16 sport,
				   __be16 dport)
{
	unsigned int nhlen, len, segs = 1;
	bool gso = skb_is_gso(skb);

	nhlen = skb_network_header_len(skb);
	if (!gso && skb->ip_summed == CHECKSUM_PARTIAL &&
	    !sctp_udp_dev_takes_gso(skb) && sctp_udp_finish_crc(skb, nhlen)) {
		SCTP_UDP_INC(sun, tx_drop_csum);
		goto drop;
	}
	if (sctp_udp_push(skb, nhlen, sport, dport)) {
		SCTP_UDP_INC(sun, tx_drop_nomem);
		goto drop;
	}
	len = skb->len;
	if (gso)
		segs = skb_shinfo(skb)->gso_segs;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		sctp_udp_gso_mark(skb, nhlen + SCTP_UDP_HLEN);

	/* What __ip_local_out() / __ip6_local_out() did for SCTP. */
	if (ip_hdr(skb)->version == 4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->protocol = IPPROTO_UDP;
		iph->tot_len = htons(len);
		ip_send_check(iph);
		udp_set_csum(false, skb, iph->saddr, iph->daddr, len - nhlen);
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->payload_len = len - nhlen > IPV6_MAXPLEN ? 0 :
				    htons(len - nhlen);
		udp6_set_csum(false, skb, &ip6h->saddr, &ip6h->daddr,
			      len - nhlen);
	}
	if (gso) {
		SCTP_UDP_INC(sun, tx_gso_packets);
		SCTP_UDP_ADD(sun, tx_gso_segments, segs);
	}
	SCTP_UDP_ADD(sun, tx_encap, segs);
	SCTP_UDP_ADD(sun, tx_packets, segs);
	SCTP_UDP_ADD(sun, tx_bytes, sctp_udp_wire_bytes(len - nhlen, segs));
	return NF_ACCEPT;

drop:
	kfree_skb(skb);
	return NF_STOLEN;
}

/* Which remote UDP port does this SCTP packet go to?  0: plain SCTP. */
static __be16 sctp_udp_tx_port(struct sctp_udp_net *sun,
			       const struct sk_buff *skb,
			       const struct sctphdr *sh)
{
	struct sctp_udp_key key;
	__be16 port;
	bool found;

	memset(&key, 0, sizeof(key));
	key.lport = sh->source;
	key.rport = sh->dest;
	if (ip_hdr(skb)->version == 4) {
		key.family = AF_INET;
		key.raddr.v4 = ip_hdr(skb)->daddr;
	} else {
		key.family = AF_INET6;
		key.raddr.v6 = ipv6_hdr(skb)->daddr;
	}
	port = sctp_udp_ports_lookup(sun, &key, &found);
	if (found)
		return port;
	/* A port given to the socket or association (sockopt.c). */
	if (sctp_udp_sockopt_tx_port(sun, skb, &key, &port))
		return port;
	return READ_ONCE(sun->encap_port_be);
}

static unsigned int sctp_udp_out(struct sctp_udp_net *sun, struct sk_buff *skb,
				 unsigned int nhlen)
{
	struct sctphdr _sh;
	const struct sctphdr *sh;
	__be16 sport, dport;

	sport = READ_ONCE(sun->udp_port_be);
	if (!sport) {
		sctp_udp_mtu_tx(skb, false);
		return NF_ACCEPT;
	}
	sh = skb_header_pointer(skb, nhlen, sizeof(_sh), &_sh);
	if (!sh)
		return NF_ACCEPT;
	dport = sctp_udp_tx_port(sun, skb, sh);
	sctp_udp_mtu_tx(skb, dport);
	if (!dport) {
		SCTP_UDP_INC(sun, tx_plain);
		return NF_ACCEPT;
	}

	skb_set_transport_header(skb, nhlen);
	return sctp_udp_encap(sun, skb, sport, dport);
}

static unsigned int sctp_udp_out4(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_SCTP)
		return NF_ACCEPT;
	if (ip_is_fragment(iph))
		return NF_ACCEPT;
	return sctp_udp_out(sctp_udp_pernet(state->net), skb, iph->ihl * 4);
}

static unsigned int sctp_udp_out6(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	/* SCTP sends no extension headers of its own; others stay plain. */
	if (ipv6_hdr(skb)->nexthdr != IPPROTO_SCTP)
		return NF_ACCEPT;
	return sctp_udp_out(sctp_udp_pernet(state->net), skb,
			    sizeof(struct ipv6hdr));
}

static const struct nf_hook_ops sctp_udp_nf_ops[] = {
	{
		.hook = sctp_udp_out4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = SCTP_UDP_NF_PRIO,
	},
	{
		.hook = sctp_udp_out6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = SCTP_UDP_NF_PRIO,
	},
	{
		.hook = sctp_udp_in4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		.hook = sctp_udp_in6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_LAST - 1,
	},
};

int sctp_udp_nf_register(struct net *net)
{
	return nf_register_net_hooks(net, sctp_udp_nf_ops,
				     ARRAY_SIZE(sctp_udp_nf_ops));
}

void sctp_udp_nf_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, sctp_udp_nf_ops,
				ARRAY_SIZE(sctp_udp_nf_ops));
}
