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
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/sctp/checksum.h>
#include <net/udp.h>
#include <asm/unaligned.h>

#include "sctp_udp.h"
#include "gso.h"

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
 * A single packet whose CRC32c SCTP made in software (its device has no
 * CRC32c offload), towards a device that takes it whole: its CRC32c is
 * made pending again, as SCTP leaves it for a device that offloads
 * CRC32c, and the packet goes on as a GSO packet of one segment.  The
 * receiver on this host then trusts it, as it trusts every packet of this
 * host's SCTP whose CRC32c is pending, instead of checking again what
 * this host has just computed; where it is segmented after all (forwarded
 * to a NIC), gso.c makes the CRC32c again.
 */
static bool sctp_udp_crc_may_pend(const struct sk_buff *skb,
				  unsigned int sctp_off)
{
	/*
	 * Only where SCTP itself offloads it: not into IPsec, nor for IP
	 * to fragment (SCTP sets ignore_df then).
	 */
	return skb->ip_summed == CHECKSUM_NONE && !skb->ignore_df &&
	       !dst_xfrm(skb_dst(skb)) &&
	       skb_headlen(skb) >= sctp_off + sizeof(struct sctphdr) &&
	       sctp_udp_skb_sctp_sk(skb);
}

static void sctp_udp_crc_pending(struct sk_buff *skb, unsigned int sctp_off)
{
	struct sctphdr *sh = (struct sctphdr *)(skb->data + sctp_off);

	sh->checksum = 0;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_not_inet = 1;
	skb->csum_start = skb_headroom(skb) + sctp_off;
	skb->csum_offset = offsetof(struct sctphdr, checksum);
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
 * every word is loaded, then stored, with no call to memmove() and no
 * copy through the stack, once per packet.
 */
static void sctp_udp_move_nh(u8 *from, unsigned int nhlen)
{
	u8 *to = from - SCTP_UDP_HLEN;

	if (nhlen == sizeof(struct ipv6hdr)) {
		u64 a = get_unaligned((u64 *)from);
		u64 b = get_unaligned((u64 *)(from + 8));
		u64 c = get_unaligned((u64 *)(from + 16));
		u64 d = get_unaligned((u64 *)(from + 24));
		u64 e = get_unaligned((u64 *)(from + 32));

		put_unaligned(a, (u64 *)to);
		put_unaligned(b, (u64 *)(to + 8));
		put_unaligned(c, (u64 *)(to + 16));
		put_unaligned(d, (u64 *)(to + 24));
		put_unaligned(e, (u64 *)(to + 32));
	} else if (nhlen == sizeof(struct iphdr)) {
		u64 a = get_unaligned((u64 *)from);
		u64 b = get_unaligned((u64 *)(from + 8));
		u32 c = get_unaligned((u32 *)(from + 16));

		put_unaligned(a, (u64 *)to);
		put_unaligned(b, (u64 *)(to + 8));
		put_unaligned(c, (u32 *)(to + 16));
	} else {
		memmove(to, from, nhlen);
	}
}

/*
 * The UDP checksum, left to the device or to GSO as udp_set_csum() and
 * udp6_set_csum() leave it for a packet whose checksum is not pending
 * already (every packet here: a pending CRC32c made it a GSO packet or
 * was filled in): @pseudo, the pseudo-header's sum, in the field, and a
 * single packet made CHECKSUM_PARTIAL on its UDP header.  Inline, once
 * per packet.
 */
static void sctp_udp_csum(struct sk_buff *skb, __sum16 pseudo)
{
	if (!skb_is_gso(skb)) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct udphdr, check);
	}
	udp_hdr(skb)->check = ~pseudo;
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
 * this host.  A single packet whose CRC32c SCTP made itself (the device
 * has no CRC32c offload) goes the same way, its CRC32c pending again
 * (sctp_udp_crc_pending()).  Towards any other device the CRC32c of a
 * single packet is made here, in software, where SCTP left it pending,
 * and its UDP checksum by the device, as for a packet whose CRC32c SCTP
 * made itself (no CRC32c offload, IPsec, IP fragmentation allowed).  The
 * counters count UDP datagrams as they will be on the wire: a GSO packet
 * carries gso_segs of them, each with its own UDP and SCTP common header.
 *
 * Return: NF_ACCEPT, or NF_STOLEN once @skb is dropped and counted.
 */
static unsigned int sctp_udp_encap(struct sctp_udp_net *sun,
				   struct sk_buff *skb, __be16 sport,
				   __be16 dport)
{
	unsigned int nhlen, len, segs = 1;
	bool gso = skb_is_gso(skb), whole;

	nhlen = skb_network_header_len(skb);
	whole = !gso && sctp_udp_dev_takes_gso(skb);
	if (!gso && !whole && skb->ip_summed == CHECKSUM_PARTIAL &&
	    sctp_udp_finish_crc(skb, nhlen)) {
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
	if (whole && sctp_udp_crc_may_pend(skb, nhlen + SCTP_UDP_HLEN)) {
		sctp_udp_crc_pending(skb, nhlen + SCTP_UDP_HLEN);
		SCTP_UDP_INC(sun, tx_crc_pending);
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		sctp_udp_gso_mark(skb, nhlen + SCTP_UDP_HLEN);

	/* What __ip_local_out() / __ip6_local_out() did for SCTP. */
	if (ip_hdr(skb)->version == 4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->protocol = IPPROTO_UDP;
		iph->tot_len = htons(len);
		ip_send_check(iph);
		sctp_udp_csum(skb, udp_v4_check(len - nhlen, iph->saddr,
						iph->daddr, 0));
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->payload_len = len - nhlen > IPV6_MAXPLEN ? 0 :
				    htons(len - nhlen);
		sctp_udp_csum(skb, udp_v6_check(len - nhlen, &ip6h->saddr,
						&ip6h->daddr, 0));
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
