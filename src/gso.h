/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctp-udp GSO: marking a packet as a UDP tunnel GSO packet of SCTP on
 * the way out (tx.c) and unmarking it on the way in (rx.c), inline, once
 * per packet; the segmentation callback is in gso.c, whose header comment
 * tells the whole scheme.
 */
#ifndef _SCTP_UDP_GSO_H
#define _SCTP_UDP_GSO_H

#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/sctp/sctp.h>

/* IEEE 802 Local Experimental EtherType 1: never on a wire from here. */
#define SCTP_UDP_GSO_ETH_P	ETH_P_802_EX1

/**
 * sctp_udp_gso_mark() - make an SCTP packet a UDP tunnel GSO packet
 * @skb: SCTP packet whose CRC32c is CHECKSUM_PARTIAL (an SKB_GSO_SCTP
 *	 packet, or one packet whose CRC32c SCTP left to the device or tx.c
 *	 made pending again), UDP header just pushed
 * @sctp_off: offset of the SCTP common header from @skb->data
 *
 * The CRC32c of every wire packet stays CHECKSUM_PARTIAL: filled in by
 * the segmentation callback (gso.c) where a device cannot take the packet
 * whole, or never (a receiver on this host trusts it, as it trusts plain
 * SCTP from this host).  A single packet becomes a GSO packet of one
 * segment for that: the UDP checksum, which covers the CRC32c, can then
 * be made once the CRC32c is known.
 */
static inline void sctp_udp_gso_mark(struct sk_buff *skb,
				     unsigned int sctp_off)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int size = 0;
	struct sk_buff *frag;

	if (skb_has_frag_list(skb)) {
		skb_walk_frags(skb, frag)
			size = max(size, frag->len);
		size += sizeof(struct sctphdr);
	} else {
		size = skb->len - sctp_off;
	}
	if (!skb_is_gso(skb)) {
		shinfo->gso_type = SKB_GSO_SCTP;
		shinfo->gso_segs = 1;
	}
	skb->encapsulation = 1;
	skb_set_inner_protocol(skb, htons(SCTP_UDP_GSO_ETH_P));
	skb_set_inner_mac_header(skb, sctp_off);
	skb_set_inner_network_header(skb, sctp_off);
	skb_set_inner_transport_header(skb, sctp_off);
	shinfo->gso_type |= SKB_GSO_UDP_TUNNEL_CSUM;
	shinfo->gso_size = size;
}

/*
 * The receiving side of sctp_udp_gso_mark(): SCTP's own GSO packet again,
 * or a single packet that is no GSO packet at all.
 */
static inline void sctp_udp_gso_unmark(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	skb->encapsulation = 0;
	if (!skb_has_frag_list(skb)) {
		shinfo->gso_type = 0;
		shinfo->gso_size = 0;
		shinfo->gso_segs = 0;
		return;
	}
	shinfo->gso_type &= ~(SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM);
	shinfo->gso_size = GSO_BY_FRAGS;
}

#endif /* _SCTP_UDP_GSO_H */
