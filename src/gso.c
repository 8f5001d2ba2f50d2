// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp GSO.  SCTP hands LOCAL_OUT one GSO packet (SKB_GSO_SCTP,
 * GSO_BY_FRAGS: one frag_list skb per wire packet) for a whole flush.
 * Linux 5.10's UDP tunnel segmentation cannot segment SCTP inside UDP, so
 * the packet is segmented here, before encapsulation, into ready wire
 * packets whose CRC32c SCTP's own segmentation fills in (no SCTP CRC
 * offload is asked for).  Each segment then gets its UDP header.
 */
#include <linux/netdevice.h>

#include "sctp_udp.h"
#include "compat.h"

/**
 * sctp_udp_gso_segment() - split an SCTP GSO packet into wire packets
 * @skb: SKB_GSO_SCTP packet at LOCAL_OUT, data at the network header
 *
 * Return: a list of linear-headed IP+SCTP packets with their CRC32c
 * computed and ip_summed CHECKSUM_NONE, or an ERR_PTR.  @skb is left to
 * the caller.
 */
struct sk_buff *sctp_udp_gso_segment(struct sk_buff *skb)
{
	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_SCTP))
		return ERR_PTR(-EPROTONOSUPPORT);
	/* No feature bits: segment in software and compute every CRC32c. */
	return skb_gso_segment(skb, 0);
}
