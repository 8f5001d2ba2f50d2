// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp GSO.  SCTP hands LOCAL_OUT one GSO packet (SKB_GSO_SCTP,
 * GSO_BY_FRAGS: one frag_list skb per wire packet, headers in the head
 * only) for a whole flush.  The module keeps it whole: tx.c puts one UDP
 * header on the head and marks the packet as a UDP tunnel GSO packet
 * (sctp_udp_gso_mark(), inline in gso.h, as is the receiver's unmarking),
 * as native Linux 5.11+ does, so that it goes down the stack (and
 * through veth to another namespace) once instead of once per wire packet.
 * A single packet whose CRC32c SCTP left to the device (or made in
 * software, for a device without CRC32c offload: tx.c leaves it pending
 * again) is marked the same way, as a GSO packet of one segment, when its
 * device takes such packets whole (veth; tx.c decides), so that neither
 * its CRC32c nor its UDP checksum is computed (or checked) on its way to
 * another namespace; where it is segmented after all (forwarded to a
 * NIC), both are.
 *
 * Where a device cannot take it whole, the stack segments it in
 * __skb_udp_tunnel_segment().  On 5.10 that function would hand the inner
 * packet to sctp_gso_segment() with the transport header still on the
 * UDP header (CRC32c written into the wrong place, UDP checksum over the
 * headers only), and IPv6 rejects GSO_BY_FRAGS before it gets there.  So
 * the inner packet is named by a private EtherType (ENCAP_TYPE_ETHER),
 * which leads the stack to this module's own segmentation callback, and
 * gso_size carries the largest wire packet while the packet is in the
 * tunnel (exact MTU checks on forwarding); the receiver (rx.c) and the
 * callback put GSO_BY_FRAGS back.
 */
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <net/sctp/checksum.h>

#include "sctp_udp.h"
#include "compat.h"
#include "gso.h"

/*
 * The inner segmentation, called by __skb_udp_tunnel_segment() through
 * skb_mac_gso_segment() with @skb->data on the SCTP common header and
 * the outer headers in front of it.  Each wire packet gets a copy of the
 * headers (skb_segment() copies the outer ones too) and its CRC32c; the
 * caller then fills in each UDP length and checksum, for which
 * SKB_GSO_CB must cover the whole SCTP packet (as 5.11+ sctp_gso_segment
 * leaves it).
 */
static struct sk_buff *sctp_udp_gso_segment(struct sk_buff *skb,
					    netdev_features_t features)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(dev_net(skb->dev));
	struct sk_buff *segs, *seg;
	struct sctphdr *sh;
	unsigned int n = 0;

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_SCTP) ||
	    !pskb_may_pull(skb, sizeof(*sh)) ||
	    sctp_udp_should_fail(SCTP_UDP_FAULT_TX_GSO)) {
		SCTP_UDP_INC(sun, tx_drop_gso);
		return ERR_PTR(-EINVAL);
	}
	skb_reset_transport_header(skb);
	__skb_pull(skb, sizeof(*sh));
	/* One segment per frag_list skb; a single packet is one segment. */
	if (skb_has_frag_list(skb))
		skb_shinfo(skb)->gso_size = GSO_BY_FRAGS;

	/*
	 * With SG, each wire packet becomes a clone of its (linear)
	 * frag_list skb with a private copy of the headers in front: no
	 * data is copied, and the segments are linear, as the CSUM_START
	 * trick below needs.  (5.10's skb_segment() cannot walk a
	 * GSO_BY_FRAGS frag_list without SG.)  On failure skb_segment()
	 * leaves @skb->data on the headers, which the caller unwinds.
	 */
	segs = skb_segment(skb, features | NETIF_F_HW_CSUM | NETIF_F_SG);
	if (IS_ERR(segs)) {
		SCTP_UDP_INC(sun, tx_drop_gso);
		return segs;
	}
	for (seg = segs; seg; seg = seg->next) {
		sh = sctp_hdr(seg);
		sh->checksum = sctp_compute_cksum(seg,
						  skb_transport_offset(seg));
		seg->ip_summed = CHECKSUM_NONE;
		seg->csum_not_inet = 0;
		SKB_GSO_CB(seg)->csum = (__force __wsum)~0;
		SKB_GSO_CB(seg)->csum_start = skb_headroom(seg) + seg->len;
		n++;
	}
	SCTP_UDP_INC(sun, tx_gso_sw);
	SCTP_UDP_ADD(sun, tx_gso_sw_segments, n);
	return segs;
}

static struct packet_offload sctp_udp_gso_offload __read_mostly = {
	.type = cpu_to_be16(SCTP_UDP_GSO_ETH_P),
	.callbacks = {
		.gso_segment = sctp_udp_gso_segment,
	},
};

void sctp_udp_gso_init(void)
{
	dev_add_offload(&sctp_udp_gso_offload);
}

/*
 * Waits for segmentations under way.  A marked packet still queued
 * somewhere that needs segmenting after this is dropped by the stack
 * (no handler); SCTP retransmits it.
 */
void sctp_udp_gso_exit(void)
{
	dev_remove_offload(&sctp_udp_gso_offload);
}
