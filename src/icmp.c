// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp and ICMP, RFC 6951 section 5.5.  Linux before 5.11 gives an
 * ICMP or ICMPv6 error about one of our UDP datagrams to the tunnel socket
 * as if it were a plain UDP socket: the route's PMTU may move, nothing
 * else happens, and SCTP never hears of it (no retransmission at the new
 * size, no protocol-unreachable abort).
 *
 * A LOCAL_IN hook (after NAT has translated the quote back) takes the ICMP
 * errors that quote a UDP datagram sent from the namespace's udp_port.
 * Only when the quoted SCTP common header belongs to an association, its
 * verification tag is the peer's (or, for our INIT, vtag 0 and the INIT's
 * Initiate Tag is ours) and the quoted UDP destination port is the path's,
 * a private copy with the UDP header cut out of the quote goes to SCTP's
 * own error handler, exactly as if SCTP had sent the packet unencapsulated.
 * ICMP Port Unreachable becomes Protocol Unreachable (ICMPv6: Parameter
 * Problem, unrecognized Next Header), as RFC 6951 asks.  Everything else
 * about our port is dropped silently, with a counter per reason, so that
 * it cannot move the path MTU through the UDP socket either.
 *
 * The MTU reported by Fragmentation Needed / Packet Too Big is passed on
 * unchanged: SCTP's own packet sizing already leaves room for the 8 bytes
 * of UDP header (mtu.c), as native Linux 5.11+ does, so subtracting them
 * here would count them twice and lower the route's MTU for everyone.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/protocol.h>

#include "sctp_udp.h"

/* After NAT_SRC (100), which translates the quote of an ICMP error. */
#define SCTP_UDP_ICMP_PRIO	(NF_IP_PRI_NAT_SRC + 1)

/* Quoted SCTP bytes needed: ports and vtag, then chunk header + INIT tag. */
#define SCTP_UDP_ICMP_SCTP_MIN	8
#define SCTP_UDP_ICMP_INIT_MIN	(sizeof(struct sctphdr) + \
				 sizeof(struct sctp_chunkhdr) + sizeof(__be32))

/* A quoted SCTP packet, as we sent it. */
struct sctp_udp_icmp_quote {
	union sctp_addr laddr;		/* our address and SCTP port */
	union sctp_addr paddr;		/* the peer's */
	struct sctp_udp_key key;	/* the path, for its UDP port */
	__be16 udp_dport;		/* quoted UDP destination port */
	const u8 *sctp;			/* quoted SCTP common header */
	unsigned int sctp_len;		/* bytes of it in the quote */
};

/*
 * Is the quoted packet one of ours to a live association, with the right
 * verification tag and UDP port?  Returns 0 or the counter to bump.
 */
static int sctp_udp_icmp_match(struct sctp_udp_net *sun,
			       const struct sctp_udp_icmp_quote *q)
{
	const struct sctphdr *sh = (const void *)q->sctp;
	struct sctp_udp_tags tags;
	__be16 port;
	bool found;
	u32 vtag;

	if (sctp_udp_assoc_tags(sun->net, &q->laddr, &q->paddr, &tags))
		return SCTP_UDP_STAT_icmp_drop_noassoc;

	vtag = ntohl(sh->vtag);
	if (vtag == 0) {
		const struct sctp_init_chunk *init = (const void *)(sh + 1);

		/* Only our INIT goes out with tag 0 (RFC 4960 App. C). */
		if (q->sctp_len < SCTP_UDP_ICMP_INIT_MIN)
			return SCTP_UDP_STAT_icmp_drop_truncated;
		if (init->chunk_hdr.type != SCTP_CID_INIT ||
		    ntohl(init->init_hdr.init_tag) != tags.my_vtag)
			return SCTP_UDP_STAT_icmp_drop_vtag;
	} else if (vtag != tags.peer_vtag) {
		return SCTP_UDP_STAT_icmp_drop_vtag;
	}

	port = sctp_udp_ports_lookup(sun, &q->key, &found);
	if (!found)
		port = READ_ONCE(sun->encap_port_be);
	if (!port || port != q->udp_dport)
		return SCTP_UDP_STAT_icmp_drop_port;
	return 0;
}

/*
 * Cut the 8 bytes of UDP header at @uoff out of the linear, private @skb:
 * the SCTP header moves down to where the UDP header was.
 */
static void sctp_udp_icmp_cut_udp(struct sk_buff *skb, unsigned int uoff)
{
	memmove(skb->data + uoff, skb->data + uoff + SCTP_UDP_HLEN,
		skb->len - uoff - SCTP_UDP_HLEN);
	skb->ip_summed = CHECKSUM_NONE;
	__skb_trim(skb, skb->len - SCTP_UDP_HLEN);
}

static void sctp_udp_icmp_addrs4(struct sctp_udp_icmp_quote *q,
				 const struct iphdr *qiph,
				 const struct sctphdr *sh)
{
	memset(q, 0, sizeof(*q));
	q->laddr.v4.sin_family = AF_INET;
	q->laddr.v4.sin_addr.s_addr = qiph->saddr;
	q->laddr.v4.sin_port = sh->source;
	q->paddr.v4.sin_family = AF_INET;
	q->paddr.v4.sin_addr.s_addr = qiph->daddr;
	q->paddr.v4.sin_port = sh->dest;
	q->key.family = AF_INET;
	q->key.raddr.v4 = qiph->daddr;
	q->key.lport = sh->source;
	q->key.rport = sh->dest;
}

/* Deliver the ICMP error @skb (data at the outer IP header) to SCTP. */
static unsigned int sctp_udp_icmp4(struct sctp_udp_net *sun,
				   struct sk_buff *skb)
{
	const struct net_protocol *ipprot;
	unsigned int ihl, qoff, uoff, soff;
	struct sctp_udp_icmp_quote q;
	struct iphdr *qiph;
	struct icmphdr *ich;
	struct udphdr *uh;
	struct sk_buff *c;
	u32 info = 0;
	int reason;

	/* A private linear copy: the quote is rewritten below. */
	c = sctp_udp_should_fail(SCTP_UDP_FAULT_ICMP_COPY) ? NULL :
		skb_copy(skb, GFP_ATOMIC);
	if (!c) {
		SCTP_UDP_INC(sun, icmp_drop_nomem);
		return NF_DROP;
	}
	ihl = ip_hdrlen(c);
	if (csum_fold(skb_checksum(c, ihl, c->len - ihl, 0))) {
		reason = SCTP_UDP_STAT_icmp_drop_csum;
		goto drop;
	}
	ich = (struct icmphdr *)(c->data + ihl);
	qoff = ihl + sizeof(*ich);
	qiph = (struct iphdr *)(c->data + qoff);
	uoff = qoff + qiph->ihl * 4;
	soff = uoff + SCTP_UDP_HLEN;
	uh = (struct udphdr *)(c->data + uoff);
	if (c->len < soff + SCTP_UDP_ICMP_SCTP_MIN) {
		reason = SCTP_UDP_STAT_icmp_drop_truncated;
		goto drop;
	}

	sctp_udp_icmp_addrs4(&q, qiph, (struct sctphdr *)(c->data + soff));
	q.udp_dport = uh->dest;
	q.sctp = c->data + soff;
	q.sctp_len = c->len - soff;
	reason = sctp_udp_icmp_match(sun, &q);
	if (reason)
		goto drop;

	switch (ich->type) {
	case ICMP_DEST_UNREACH:
		if (ich->code == ICMP_PORT_UNREACH) {
			/* RFC 6951 section 5.5. */
			ich->code = ICMP_PROT_UNREACH;
			SCTP_UDP_INC(sun, icmp_port_unreach);
		} else if (ich->code == ICMP_FRAG_NEEDED) {
			/* As icmp_unreach() does for SCTP, tag-validated. */
			switch (READ_ONCE(sun->net->ipv4.sysctl_ip_no_pmtu_disc)) {
			case 2:
				reason = SCTP_UDP_STAT_icmp_drop_pmtu_off;
				goto drop;
			case 0:
			case 3:
				info = ntohs(ich->un.frag.mtu);
				break;
			default:
				break;
			}
		}
		break;
	case ICMP_PARAMETERPROB:
		info = ntohl(ich->un.gateway) >> 24;
		break;
	default:
		break;
	}

	/* The quote as if SCTP had gone out bare: cut the UDP header. */
	sctp_udp_icmp_cut_udp(c, uoff);
	qiph->protocol = IPPROTO_SCTP;
	if (ntohs(qiph->tot_len) >= qiph->ihl * 4 + SCTP_UDP_HLEN)
		qiph->tot_len = htons(ntohs(qiph->tot_len) - SCTP_UDP_HLEN);
	qiph->check = 0;
	qiph->check = ip_fast_csum((u8 *)qiph, qiph->ihl);

	/* What sctp_v4_err() expects: data at the quote, icmp_hdr() set. */
	skb_reset_network_header(c);
	skb_set_transport_header(c, ihl);
	__skb_pull(c, qoff);

	ipprot = rcu_dereference(inet_protos[IPPROTO_SCTP]);
	if (!ipprot || !ipprot->err_handler ||
	    ipprot->err_handler(c, info)) {
		/* The association went away since the lookup. */
		reason = SCTP_UDP_STAT_icmp_drop_noassoc;
		goto drop;
	}
	consume_skb(c);
	SCTP_UDP_INC(sun, icmp_delivered);
	consume_skb(skb);
	return NF_STOLEN;

drop:
	this_cpu_inc(sun->stats->v[reason]);
	kfree_skb(c);
	return NF_DROP;
}

/*
 * Does the ICMP error @skb quote a UDP datagram from our port?  Looks at
 * the headers without touching @skb.
 */
static bool sctp_udp_icmp4_ours(struct sctp_udp_net *sun,
				const struct sk_buff *skb, __be16 port)
{
	unsigned int ihl = ip_hdrlen(skb);
	struct icmphdr _ich;
	const struct icmphdr *ich;
	struct iphdr _qiph;
	const struct iphdr *qiph;
	struct udphdr _uh;
	const struct udphdr *uh;

	ich = skb_header_pointer(skb, ihl, sizeof(_ich), &_ich);
	if (!ich)
		return false;
	switch (ich->type) {
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		break;
	default:
		return false;	/* redirects stay with the UDP socket */
	}
	qiph = skb_header_pointer(skb, ihl + sizeof(_ich), sizeof(_qiph),
				  &_qiph);
	if (!qiph || qiph->version != 4 || qiph->ihl < 5 ||
	    qiph->protocol != IPPROTO_UDP ||
	    (qiph->frag_off & htons(IP_OFFSET)))
		return false;
	uh = skb_header_pointer(skb, ihl + sizeof(_ich) + qiph->ihl * 4,
				sizeof(_uh), &_uh);
	if (!uh)
		return false;
	if (uh->source != port) {
		SCTP_UDP_INC(sun, icmp_not_ours);
		return false;
	}
	return true;
}

static unsigned int sctp_udp_icmp_in4(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(state->net);
	__be16 port = READ_ONCE(sun->udp_port_be);

	if (ip_hdr(skb)->protocol != IPPROTO_ICMP || !port)
		return NF_ACCEPT;
	if (!sctp_udp_icmp4_ours(sun, skb, port))
		return NF_ACCEPT;
	SCTP_UDP_INC(sun, icmp_rx);
	return sctp_udp_icmp4(sun, skb);
}

#if IS_ENABLED(CONFIG_IPV6)
static void sctp_udp_icmp_addrs6(struct sctp_udp_icmp_quote *q,
				 const struct sk_buff *skb,
				 const struct ipv6hdr *qip6h,
				 const struct sctphdr *sh)
{
	memset(q, 0, sizeof(*q));
	q->laddr.v6.sin6_family = AF_INET6;
	q->laddr.v6.sin6_addr = qip6h->saddr;
	q->laddr.v6.sin6_port = sh->source;
	q->paddr.v6.sin6_family = AF_INET6;
	q->paddr.v6.sin6_addr = qip6h->daddr;
	q->paddr.v6.sin6_port = sh->dest;
	if (ipv6_addr_type(&qip6h->saddr) & IPV6_ADDR_LINKLOCAL)
		q->laddr.v6.sin6_scope_id = inet6_iif(skb);
	if (ipv6_addr_type(&qip6h->daddr) & IPV6_ADDR_LINKLOCAL)
		q->paddr.v6.sin6_scope_id = inet6_iif(skb);
	q->key.family = AF_INET6;
	q->key.raddr.v6 = qip6h->daddr;
	q->key.lport = sh->source;
	q->key.rport = sh->dest;
}

/*
 * Deliver the ICMPv6 error @skb (data at the outer IPv6 header, ICMPv6
 * header at @ioff) to SCTP.
 */
static unsigned int sctp_udp_icmp6(struct sctp_udp_net *sun,
				   struct sk_buff *skb, unsigned int ioff)
{
	const struct inet6_protocol *ipprot;
	unsigned int qoff, uoff, soff;
	struct sctp_udp_icmp_quote q;
	struct ipv6hdr *ip6h, *qip6h;
	struct icmp6hdr *ich;
	struct udphdr *uh;
	struct sk_buff *c;
	u8 type, code;
	int reason;

	c = sctp_udp_should_fail(SCTP_UDP_FAULT_ICMP_COPY) ? NULL :
		skb_copy(skb, GFP_ATOMIC);
	if (!c) {
		SCTP_UDP_INC(sun, icmp_drop_nomem);
		return NF_DROP;
	}
	ip6h = (struct ipv6hdr *)c->data;
	if (csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, c->len - ioff,
			    IPPROTO_ICMPV6,
			    skb_checksum(c, ioff, c->len - ioff, 0))) {
		reason = SCTP_UDP_STAT_icmp_drop_csum;
		goto drop;
	}
	ich = (struct icmp6hdr *)(c->data + ioff);
	qoff = ioff + sizeof(*ich);
	qip6h = (struct ipv6hdr *)(c->data + qoff);
	uoff = qoff + sizeof(*qip6h);
	soff = uoff + SCTP_UDP_HLEN;
	uh = (struct udphdr *)(c->data + uoff);
	if (c->len < soff + SCTP_UDP_ICMP_SCTP_MIN) {
		reason = SCTP_UDP_STAT_icmp_drop_truncated;
		goto drop;
	}

	sctp_udp_icmp_addrs6(&q, c, qip6h, (struct sctphdr *)(c->data + soff));
	q.udp_dport = uh->dest;
	q.sctp = c->data + soff;
	q.sctp_len = c->len - soff;
	reason = sctp_udp_icmp_match(sun, &q);
	if (reason)
		goto drop;

	type = ich->icmp6_type;
	code = ich->icmp6_code;
	if (type == ICMPV6_DEST_UNREACH && code == ICMPV6_PORT_UNREACH) {
		/* RFC 6951 section 5.5: as an unrecognized Next Header. */
		type = ICMPV6_PARAMPROB;
		code = ICMPV6_UNK_NEXTHDR;
		ich->icmp6_type = type;
		ich->icmp6_code = code;
		SCTP_UDP_INC(sun, icmp_port_unreach);
	}

	sctp_udp_icmp_cut_udp(c, uoff);
	qip6h->nexthdr = IPPROTO_SCTP;
	if (ntohs(qip6h->payload_len) >= SCTP_UDP_HLEN)
		qip6h->payload_len = htons(ntohs(qip6h->payload_len) -
					   SCTP_UDP_HLEN);

	/* What icmpv6_notify() passes: data at the quote, its length. */
	skb_reset_network_header(c);
	skb_set_transport_header(c, ioff);
	__skb_pull(c, qoff);

	ipprot = rcu_dereference(inet6_protos[IPPROTO_SCTP]);
	if (!ipprot || !ipprot->err_handler ||
	    ipprot->err_handler(c, NULL, type, code, sizeof(*qip6h),
				ich->icmp6_mtu)) {
		reason = SCTP_UDP_STAT_icmp_drop_noassoc;
		goto drop;
	}
	consume_skb(c);
	SCTP_UDP_INC(sun, icmp_delivered);
	consume_skb(skb);
	return NF_STOLEN;

drop:
	this_cpu_inc(sun->stats->v[reason]);
	kfree_skb(c);
	return NF_DROP;
}

static unsigned int sctp_udp_icmp_in6(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(state->net);
	__be16 port = READ_ONCE(sun->udp_port_be);
	struct icmp6hdr _ich;
	const struct icmp6hdr *ich;
	struct ipv6hdr _qip6h;
	const struct ipv6hdr *qip6h;
	struct udphdr _uh;
	const struct udphdr *uh;
	__be16 frag_off;
	u8 nexthdr;
	int ioff;

	if (!port)
		return NF_ACCEPT;
	nexthdr = ipv6_hdr(skb)->nexthdr;
	/* The datapath's packets (UDP, SCTP) end here, as in IPv4. */
	if (nexthdr != IPPROTO_ICMPV6 && !ipv6_ext_hdr(nexthdr))
		return NF_ACCEPT;
	ioff = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
				&frag_off);
	if (ioff < 0 || nexthdr != IPPROTO_ICMPV6 ||
	    (frag_off & htons(IP6_OFFSET)))
		return NF_ACCEPT;
	ich = skb_header_pointer(skb, ioff, sizeof(_ich), &_ich);
	if (!ich)
		return NF_ACCEPT;
	switch (ich->icmp6_type) {
	case ICMPV6_DEST_UNREACH:
	case ICMPV6_PKT_TOOBIG:
	case ICMPV6_TIME_EXCEED:
	case ICMPV6_PARAMPROB:
		break;
	default:
		return NF_ACCEPT;
	}
	qip6h = skb_header_pointer(skb, ioff + sizeof(_ich), sizeof(_qip6h),
				   &_qip6h);
	/* We send no extension headers: anything else is not ours. */
	if (!qip6h || qip6h->version != 6 || qip6h->nexthdr != IPPROTO_UDP)
		return NF_ACCEPT;
	uh = skb_header_pointer(skb, ioff + sizeof(_ich) + sizeof(_qip6h),
				sizeof(_uh), &_uh);
	if (!uh)
		return NF_ACCEPT;
	if (uh->source != port) {
		SCTP_UDP_INC(sun, icmp_not_ours);
		return NF_ACCEPT;
	}
	SCTP_UDP_INC(sun, icmp_rx);
	return sctp_udp_icmp6(sun, skb, ioff);
}
#endif

static const struct nf_hook_ops sctp_udp_icmp_ops[] = {
	{
		.hook = sctp_udp_icmp_in4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = SCTP_UDP_ICMP_PRIO,
	},
#if IS_ENABLED(CONFIG_IPV6)
	{
		.hook = sctp_udp_icmp_in6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = SCTP_UDP_ICMP_PRIO,
	},
#endif
};

int sctp_udp_icmp_register(struct net *net)
{
	return nf_register_net_hooks(net, sctp_udp_icmp_ops,
				     ARRAY_SIZE(sctp_udp_icmp_ops));
}

void sctp_udp_icmp_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, sctp_udp_icmp_ops,
				ARRAY_SIZE(sctp_udp_icmp_ops));
}
