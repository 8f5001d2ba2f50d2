// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp receive path, RFC 6951 section 5.4: strip the UDP header and
 * hand the packet to the kernel's own SCTP receive path (sctp_rcv), which
 * still verifies the CRC32c.  Before that, the remote UDP port of the path
 * is learned, but only from packets that pass SCTP's verification-tag
 * check, so that an off-path sender cannot move a path.
 *
 * Two ways in, one decapsulation (sctp_udp_decap()): the LOCAL_IN hook's
 * fast path takes the datagrams that UDP would pass on unchanged
 * (sctp_udp_in_fast()), the tunnel sockets' encap_rcv all others.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sctp/checksum.h>
#include <net/udp.h>

#include "sctp_udp.h"
#include "gso.h"

static int sctp_udp_tags_cb(struct sctp_transport *t, void *arg)
{
	struct sctp_udp_tags *tags = arg;

	tags->my_vtag = READ_ONCE(t->asoc->c.my_vtag);
	tags->peer_vtag = READ_ONCE(t->asoc->c.peer_vtag);
	return 0;
}

/*
 * The verification tags of the association between @laddr and @paddr in
 * @net.  Returns 0, or non-zero when there is no such association.
 */
int sctp_udp_assoc_tags(struct net *net, const union sctp_addr *laddr,
			const union sctp_addr *paddr,
			struct sctp_udp_tags *tags)
{
	return sctp_transport_lookup_process(sctp_udp_tags_cb, net, laddr,
					     paddr, tags);
}

/*
 * Does the SCTP packet at @off carry a good CRC32c?  Leaves @skb alone.
 * A packet that this host's SCTP built with its CRC32c left to the device
 * (CHECKSUM_PARTIAL, CRC32c at the SCTP header: a GSO packet, or plain
 * SCTP over veth or loopback) has none to check, and sctp_rcv() trusts
 * it; nothing from outside the kernel's SCTP can look like that.
 * @plain: the packet is bare SCTP, so CHECKSUM_UNNECESSARY is a device's
 * word on its CRC32c, as in sctp_rcv().  Inside UDP it is about the UDP
 * checksum only: the CRC32c of any other encapsulated packet is filled
 * in by its sender (tx.c does it in software, as native Linux does), so
 * it is checked.
 */
bool sctp_udp_crc_ok(const struct sk_buff *skb, unsigned int off, bool plain)
{
	struct sctphdr sh;
	__wsum crc;

	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    (plain || (skb->csum_not_inet &&
		       skb_checksum_start_offset(skb) == off)))
		return true;
	if (plain && skb->ip_summed == CHECKSUM_UNNECESSARY)
		return true;
	if (skb_copy_bits(skb, off, &sh, sizeof(sh)))
		return false;
	crc = ~(__wsum)0;
	crc = sctp_csum_update(&sh, offsetof(struct sctphdr, checksum), crc);
	crc = sctp_csum_update(&(__le32){ 0 }, sizeof(__le32), crc);
	crc = __skb_checksum(skb, off + sizeof(sh),
			     skb->len - off - sizeof(sh), crc, &sctp_csum_ops);
	return cpu_to_le32((__force u32)~crc) == sh.checksum;
}

/* Fill the table key of a received packet (what the fast path needs). */
static void sctp_udp_rx_key(const struct sk_buff *skb,
			    const struct sctphdr *sh, struct sctp_udp_key *key)
{
	memset(key, 0, sizeof(*key));
	key->lport = sh->dest;
	key->rport = sh->source;
	if (ip_hdr(skb)->version == 4) {
		key->family = AF_INET;
		key->raddr.v4 = ip_hdr(skb)->saddr;
	} else {
		key->family = AF_INET6;
		key->raddr.v6 = ipv6_hdr(skb)->saddr;
	}
}

/* The local and peer SCTP addresses of a received packet. */
static void sctp_udp_rx_addrs(const struct sk_buff *skb,
			      const struct sctphdr *sh,
			      union sctp_addr *laddr, union sctp_addr *paddr)
{
	memset(laddr, 0, sizeof(*laddr));
	memset(paddr, 0, sizeof(*paddr));
	if (ip_hdr(skb)->version == 4) {
		const struct iphdr *iph = ip_hdr(skb);

		laddr->v4.sin_family = AF_INET;
		laddr->v4.sin_addr.s_addr = iph->daddr;
		laddr->v4.sin_port = sh->dest;
		paddr->v4.sin_family = AF_INET;
		paddr->v4.sin_addr.s_addr = iph->saddr;
		paddr->v4.sin_port = sh->source;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		laddr->v6.sin6_family = AF_INET6;
		laddr->v6.sin6_addr = ip6h->daddr;
		laddr->v6.sin6_port = sh->dest;
		paddr->v6.sin6_family = AF_INET6;
		paddr->v6.sin6_addr = ip6h->saddr;
		paddr->v6.sin6_port = sh->source;
		if (ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL)
			paddr->v6.sin6_scope_id = inet6_iif(skb);
		if (ipv6_addr_type(&ip6h->daddr) & IPV6_ADDR_LINKLOCAL)
			laddr->v6.sin6_scope_id = inet6_iif(skb);
	}
}

/* At most this many addresses of one INIT(-ACK) seed the table. */
#define SCTP_UDP_SEED_MAX	16

/*
 * The peer's other addresses, listed in its INIT or INIT-ACK at @off,
 * start with the port this packet came from (native Linux: every peer
 * transport inherits asoc->encap_port, taken from the INIT), until a
 * packet on that path teaches its own port.
 */
static void sctp_udp_rx_seed(struct sctp_udp_net *sun,
			     const struct sk_buff *skb, unsigned int off,
			     const struct sctp_udp_key *key,
			     const union sctp_addr *laddr, __be16 uport)
{
	unsigned int pos = off + sizeof(struct sctphdr), end, len, n = 0;
	const struct sctp_chunkhdr *ch;
	struct sctp_chunkhdr _ch;

	ch = skb_header_pointer(skb, pos, sizeof(_ch), &_ch);
	if (!ch)
		return;
	end = min_t(unsigned int, pos + ntohs(ch->length), skb->len);
	pos += sizeof(struct sctp_init_chunk);

	while (pos + sizeof(struct sctp_paramhdr) <= end &&
	       n < SCTP_UDP_SEED_MAX) {
		union {
			struct sctp_ipv4addr_param v4;
			struct sctp_ipv6addr_param v6;
		} _p;
		const struct sctp_paramhdr *p;
		struct sctp_udp_key k = *key;

		p = skb_header_pointer(skb, pos, sizeof(*p), &_p);
		if (!p)
			return;
		len = ntohs(p->length);
		if (len < sizeof(*p) || pos + len > end)
			return;
		if (p->type == SCTP_PARAM_IPV4_ADDRESS &&
		    len == sizeof(_p.v4)) {
			const struct sctp_ipv4addr_param *a;

			a = skb_header_pointer(skb, pos, sizeof(_p.v4), &_p);
			if (!a)
				return;
			memset(&k.raddr, 0, sizeof(k.raddr));
			k.family = AF_INET;
			k.raddr.v4 = a->addr.s_addr;
			sctp_udp_ports_seed(sun, &k, laddr, uport);
			n++;
		} else if (p->type == SCTP_PARAM_IPV6_ADDRESS &&
			   len == sizeof(_p.v6)) {
			const struct sctp_ipv6addr_param *a;

			a = skb_header_pointer(skb, pos, sizeof(_p.v6), &_p);
			if (!a)
				return;
			/* A link-local address needs a scope: not from here. */
			if (!(ipv6_addr_type(&a->addr) & IPV6_ADDR_LINKLOCAL)) {
				k.family = AF_INET6;
				k.raddr.v6 = a->addr;
				sctp_udp_ports_seed(sun, &k, laddr, uport);
				n++;
			}
		}
		pos += SCTP_PAD4(len);
	}
}

/*
 * Port learning for a packet on a path whose port is not this one, or an
 * INIT or INIT-ACK (@type: its first chunk's type), out of the fast path
 * below: @key, @found and @cur are the path's key and its table lookup.
 */
static noinline bool sctp_udp_rx_learn_slow(struct sctp_udp_net *sun,
					    struct sk_buff *skb,
					    unsigned int off, __be16 uport,
					    const struct sctp_udp_key *key,
					    bool found, __be16 cur, u8 type)
{
	const struct sctphdr *sh = (void *)(skb->data + off);
	struct sctp_udp_tags a;
	union sctp_addr laddr, paddr;
	u32 vtag = ntohl(sh->vtag);

	sctp_udp_rx_addrs(skb, sh, &laddr, &paddr);
	if (sctp_udp_assoc_tags(sun->net, &laddr, &paddr, &a)) {
		/*
		 * No association: remember the port so that the answer
		 * (INIT-ACK, or SCTP's reply to an out-of-the-blue packet)
		 * goes back encapsulated to where the packet came from.
		 * Only for a packet that sctp_rcv() will not drop for its
		 * CRC32c: there is no answer to anything else, and random
		 * garbage must not fill the table.
		 */
		if (!sctp_udp_crc_ok(skb, off, false)) {
			SCTP_UDP_INC(sun, rx_learn_refused_crc);
			return true;
		}
		sctp_udp_ports_learn(sun, key, &laddr, uport, false);
		if (type == SCTP_CID_INIT && vtag == 0)
			sctp_udp_rx_seed(sun, skb, off, key, &laddr, uport);
		return true;
	}

	if (type == SCTP_CID_INIT && vtag == 0) {
		__be32 _tag;
		const __be32 *tag;

		if (!found)
			cur = READ_ONCE(sun->encap_port_be);
		/* Too short an INIT is sctp_rcv()'s to drop. */
		if (cur == uport || skb->len - off < sizeof(*sh) +
		    sizeof(struct sctp_init_chunk))
			return true;
		/* The Initiate Tag may lie beyond the linear data. */
		tag = skb_header_pointer(skb, off + sizeof(*sh) +
					 offsetof(struct sctp_init_chunk,
						  init_hdr.init_tag),
					 sizeof(_tag), &_tag);
		if (!tag)
			return true;
		SCTP_UDP_INC(sun, rx_drop_new_port_init);
		sctp_udp_send_new_port_abort(sun, skb, cur, uport, *tag);
		return false;
	}

	if (vtag != a.my_vtag) {
		/* T-bit chunks carry the peer's tag; they teach nothing. */
		SCTP_UDP_INC(sun, rx_learn_refused_vtag);
		return true;
	}

	/* A port moves only on a packet SCTP will accept: check its CRC. */
	if (found && !sctp_udp_crc_ok(skb, off, false)) {
		SCTP_UDP_INC(sun, rx_learn_refused_crc);
		return true;
	}
	sctp_udp_ports_learn(sun, key, &laddr, uport, true);
	if (type == SCTP_CID_INIT_ACK)
		sctp_udp_rx_seed(sun, skb, off, key, &laddr, uport);
	return true;
}

/*
 * Port learning for one encapsulated packet, whose SCTP header is at
 * @off; @gso: it is a GSO packet of this host's SCTP, its chunks in its
 * frag_list.  Returns false when the packet must be dropped (it was
 * consumed by an ABORT "Restart of an Association with New Encapsulation
 * Port").
 */
static inline bool sctp_udp_rx_learn(struct sctp_udp_net *sun,
				     struct sk_buff *skb, unsigned int off,
				     __be16 uport, bool gso)
{
	const struct sctphdr *sh = (void *)(skb->data + off);
	const struct sctp_chunkhdr *ch;
	struct sctp_chunkhdr _ch;
	struct sctp_udp_key key;
	bool found, known;
	__be16 cur;

	sctp_udp_rx_key(skb, sh, &key);
	cur = sctp_udp_ports_lookup(sun, &key, &found);
	/*
	 * Fast path: the path already uses this port, nothing to learn,
	 * unless this is an INIT or INIT-ACK (they also teach the peer's
	 * other addresses).  Neither is ever bundled with another chunk,
	 * so SCTP never builds a GSO packet of them: a GSO packet's first
	 * chunk, in its frag_list, is not read for this.
	 */
	known = found && cur == uport;
	if (known && gso)
		return true;
	ch = skb_header_pointer(skb, off + sizeof(*sh), sizeof(_ch), &_ch);
	if (!ch)
		return true;	/* too short: sctp_rcv() drops it */
	if (known && ch->type != SCTP_CID_INIT &&
	    ch->type != SCTP_CID_INIT_ACK)
		return true;
	return sctp_udp_rx_learn_slow(sun, skb, off, uport, &key, found, cur,
				      ch->type);
}

/*
 * The frag_list skbs of a GSO packet may be shared with another copy of
 * it (a qdisc's duplicate, a capture): SCTP's receive moves their data
 * pointers, so this copy gets its own (clones: no data is copied).
 * @skb's head must be its own already.
 */
static int sctp_udp_rx_own_frags(struct sk_buff *skb)
{
	struct sk_buff **pp = &skb_shinfo(skb)->frag_list;
	struct sk_buff *f, *n;

	while ((f = *pp)) {
		if (refcount_read(&f->users) > 1) {
			n = skb_clone(f, GFP_ATOMIC);
			if (!n)
				return -ENOMEM;
			n->next = f->next;
			*pp = n;
			consume_skb(f);
			f = n;
		}
		pp = &f->next;
	}
	return 0;
}

/*
 * Decapsulate a UDP datagram to udp_port whose UDP checksum is verified
 * (by UDP, or as sctp_udp_in_fast() does), data at its UDP header.
 * Returns the number of wire datagrams it carries, with the UDP header
 * stripped (data and transport header at the SCTP header), or 0 when the
 * skb must be dropped (the caller frees it; the reason is counted).
 */
static __always_inline unsigned int sctp_udp_decap(struct sctp_udp_net *sun,
						   struct sk_buff *skb)
{
	const unsigned int min = SCTP_UDP_HLEN + sizeof(struct sctphdr) +
				 sizeof(struct sctp_chunkhdr);
	unsigned int segs = 1;
	struct udphdr *uh;
	bool gso;
	int nhlen;

	/*
	 * A GSO packet from this host's SCTP, encapsulated whole (gso.c):
	 * one datagram on the wire per segment (a single packet is one).
	 * The chunks of a real one are in its frag_list, one skb per wire
	 * packet, which sctp_rcv() takes as they are: nothing may be
	 * pulled from there into the head.
	 */
	gso = skb_is_gso(skb) && skb_is_gso_sctp(skb);
	if (gso)
		segs = skb_shinfo(skb)->gso_segs ?: 1;
	SCTP_UDP_ADD(sun, rx_packets, segs);
	SCTP_UDP_ADD(sun, rx_bytes, sctp_udp_wire_bytes(skb->len, segs));

	if (unlikely(!READ_ONCE(sun->udp_port_be))) {
		SCTP_UDP_INC(sun, rx_drop_disabled);
		return 0;
	}
	if (skb->len < min ||
	    !pskb_may_pull(skb, gso ? SCTP_UDP_HLEN + sizeof(struct sctphdr) :
			   min)) {
		SCTP_UDP_INC(sun, rx_drop_short);
		return 0;
	}
	/* The IP header is rewritten below: never under a capture's clone. */
	if (sctp_udp_should_fail(SCTP_UDP_FAULT_RX_UNCLONE) ||
	    skb_unclone(skb, GFP_ATOMIC) ||
	    (gso && sctp_udp_rx_own_frags(skb))) {
		SCTP_UDP_INC(sun, rx_drop_nomem);
		return 0;
	}
	uh = udp_hdr(skb);

	if (!sctp_udp_rx_learn(sun, skb, SCTP_UDP_HLEN, uh->source,
			       gso && skb_has_frag_list(skb)))
		return 0;

	/*
	 * Strip the UDP header, as if SCTP had come straight over IP.  The
	 * IP length comes from the datagram as UDP trimmed it to its
	 * length field, which may be shorter than the IP packet.
	 */
	nhlen = -skb_network_offset(skb);	/* data is at the UDP header */
	if (ip_hdr(skb)->version == 4) {
		struct iphdr *iph = ip_hdr(skb);
		__be16 len = htons(nhlen + skb->len - SCTP_UDP_HLEN);

		csum_replace2(&iph->check, iph->tot_len, len);
		iph->tot_len = len;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = htons(nhlen - sizeof(*ip6h) + skb->len -
					  SCTP_UDP_HLEN);
	}
	__skb_pull(skb, SCTP_UDP_HLEN);
	skb_postpull_rcsum(skb, uh, SCTP_UDP_HLEN);
	skb_reset_transport_header(skb);
	if (gso) {
		if (skb_has_frag_list(skb))
			SCTP_UDP_INC(sun, rx_gso_packets);
		sctp_udp_gso_unmark(skb);
	}
	SCTP_UDP_ADD(sun, rx_decap, segs);
	return segs;
}

/**
 * sctp_udp_rcv() - encap_rcv of the tunnel sockets
 * @sk: our UDP socket
 * @skb: a UDP datagram whose checksum UDP has verified; data at the UDP
 *	 header
 *
 * The datagrams that sctp_udp_in_fast() leaves to UDP come here: those
 * whose checksum UDP must verify, length fields that disagree, broadcast.
 *
 * Return: 0 when the skb was consumed (dropped), -IPPROTO_SCTP to have
 * the IP layer resubmit it, UDP header stripped, to sctp_rcv().  Never
 * positive: nothing is ever queued on the tunnel socket.
 */
int sctp_udp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct sctp_udp_net *sun = rcu_dereference_sk_user_data(sk);

	if (likely(sun) && sctp_udp_decap(sun, skb))
		return -IPPROTO_SCTP;
	kfree_skb(skb);
	return 0;
}

/*
 * For this long after encapsulation is turned on in a namespace (module
 * load, udp_port or encap_port from 0), plain packets do not switch paths
 * back to plain SCTP: they may have been sent before the peer could know,
 * or, with both ends on this host, before this very module was loaded.
 * Were both ends to take the other's last plain packets as a revert,
 * each would then answer plain and the path would never be encapsulated
 * again (test 41 saw it, reloading under traffic).  A peer that really
 * speaks plain SCTP reverts the path with its first packet after this.
 */
#define SCTP_UDP_REVERT_GRACE	(2 * HZ)

/*
 * RFC 6951 section 5.4: a plain SCTP packet on a path that was
 * encapsulated switches that path back to plain SCTP, once it passed the
 * verification-tag check (and, since the port moves, the CRC32c), outside
 * the grace time above.  A plain packet without an association (an INIT,
 * or out of the blue) is answered plain, as native Linux answers on the
 * port a packet came from, even when the namespace's encap_port would
 * encapsulate.
 */
static void sctp_udp_rx_plain(struct sctp_udp_net *sun, struct sk_buff *skb,
			      unsigned int off)
{
	union sctp_addr laddr, paddr;
	struct sctp_udp_tags a;
	struct sctp_udp_key key;
	struct sctphdr _sh;
	const struct sctphdr *sh;
	bool found, by_default;
	__be16 port;

	by_default = READ_ONCE(sun->encap_port_be) != 0;
	if (!atomic_read(&sun->nports) && !by_default)
		return;
	sh = skb_header_pointer(skb, off, sizeof(_sh), &_sh);
	if (!sh)
		return;
	sctp_udp_rx_key(skb, sh, &key);
	port = sctp_udp_ports_lookup(sun, &key, &found);
	if (found ? !port : !by_default)
		return;		/* the path is plain already */
	sctp_udp_rx_addrs(skb, sh, &laddr, &paddr);
	if (sctp_udp_assoc_tags(sun->net, &laddr, &paddr, &a)) {
		sctp_udp_ports_learn(sun, &key, &laddr, 0, false);
		return;
	}
	if (ntohl(sh->vtag) != a.my_vtag) {
		SCTP_UDP_INC(sun, rx_learn_refused_vtag);
		return;
	}
	if (!sctp_udp_crc_ok(skb, off, true)) {
		SCTP_UDP_INC(sun, rx_learn_refused_crc);
		return;
	}
	if (time_before(jiffies, READ_ONCE(sun->encap_since) +
			SCTP_UDP_REVERT_GRACE)) {
		SCTP_UDP_INC(sun, rx_learn_refused_grace);
		return;
	}
	sctp_udp_ports_learn(sun, &key, &laddr, 0, true);
	SCTP_UDP_INC(sun, rx_plain_revert);
}

/*
 * The fast path of encapsulated receive, in LOCAL_IN (after the
 * firewall, which saw UDP): a datagram to udp_port that UDP itself would
 * hand to sctp_udp_rcv() as it is, a unicast one with a checksum that
 * needs no checking (this host's own, over veth or loopback, or checked
 * by the device) and a length field that agrees with IP's, is
 * decapsulated here and goes on to SCTP as IP's own next protocol: no UDP
 * socket lookup, no second pass through IP's protocol table.  Everything
 * else is left to UDP and sctp_udp_rcv().  @thoff: the UDP header's
 * offset (data at the IP header).
 *
 * Return: 0 if left to UDP, 1 if decapsulated (data at the IP header
 * again; the caller names SCTP in it), -1 if dropped (freed).
 */
static __always_inline int sctp_udp_in_fast(struct sctp_udp_net *sun,
					    struct sk_buff *skb,
					    unsigned int thoff)
{
	__be16 port = READ_ONCE(sun->udp_port_be);
	const struct udphdr *uh;
	unsigned int segs;

	if (!port || skb->pkt_type != PACKET_HOST ||
	    !pskb_may_pull(skb, thoff + sizeof(*uh)))
		return 0;
	uh = (const struct udphdr *)(skb->data + thoff);
	if (uh->dest != port || ntohs(uh->len) != skb->len - thoff)
		return 0;
	if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		__skb_decr_checksum_unnecessary(skb);	/* as UDP does */
	else if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;

	__skb_pull(skb, thoff);
	skb_reset_transport_header(skb);
	segs = sctp_udp_decap(sun, skb);
	if (!segs) {
		kfree_skb(skb);
		return -1;
	}
	SCTP_UDP_ADD(sun, rx_fast, segs);
	/* IP pulls up to the transport header (SCTP's) itself. */
	__skb_push(skb, -skb_network_offset(skb));
	return 1;
}

static unsigned int sctp_udp_in_verdict(int fast)
{
	return fast < 0 ? NF_STOLEN : NF_ACCEPT;
}

unsigned int sctp_udp_in4(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(state->net);
	const struct iphdr *iph = ip_hdr(skb);
	int fast;

	if (iph->protocol == IPPROTO_SCTP) {
		sctp_udp_rx_plain(sun, skb, skb_network_offset(skb) +
				  iph->ihl * 4);
		return NF_ACCEPT;
	}
	if (iph->protocol != IPPROTO_UDP ||
	    skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return NF_ACCEPT;
	fast = sctp_udp_in_fast(sun, skb, iph->ihl * 4);
	if (fast)	/* as UDP counts what it gives encap_rcv */
		__UDP_INC_STATS(state->net, UDP_MIB_INDATAGRAMS, 0);
	if (fast > 0) {
		/* The head may have moved (unshared): look again. */
		ip_hdr(skb)->protocol = IPPROTO_SCTP;
		ip_send_check(ip_hdr(skb));
	}
	return sctp_udp_in_verdict(fast);
}

unsigned int sctp_udp_in6(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(state->net);
	int fast;

	/* Extension headers, if any, are not looked into. */
	if (ipv6_hdr(skb)->nexthdr == IPPROTO_SCTP) {
		sctp_udp_rx_plain(sun, skb, skb_network_offset(skb) +
				  sizeof(struct ipv6hdr));
		return NF_ACCEPT;
	}
	if (ipv6_hdr(skb)->nexthdr != IPPROTO_UDP)
		return NF_ACCEPT;
	fast = sctp_udp_in_fast(sun, skb, sizeof(struct ipv6hdr));
	if (fast)
		__UDP6_INC_STATS(state->net, UDP_MIB_INDATAGRAMS, 0);
	if (fast > 0)
		ipv6_hdr(skb)->nexthdr = IPPROTO_SCTP;
	return sctp_udp_in_verdict(fast);
}
