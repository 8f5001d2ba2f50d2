/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sctp-udp counters, one per event and one per drop reason.  Included
 * twice by stats.h/debugfs.c with SCTP_UDP_STAT() defined differently, so
 * that the enum and the names shown in debugfs cannot drift apart.  No
 * include guard, on purpose.
 */
/* receive */
SCTP_UDP_STAT(rx_packets),		/* UDP datagrams given to encap_rcv */
SCTP_UDP_STAT(rx_bytes),		/* their UDP length, header included */
SCTP_UDP_STAT(rx_decap),		/* handed to sctp_rcv */
SCTP_UDP_STAT(rx_fast),			/* of rx_decap: LOCAL_IN fast path, not UDP's */
SCTP_UDP_STAT(rx_gso_packets),		/* GSO packets from this host, kept whole */
SCTP_UDP_STAT(rx_drop_short),		/* shorter than UDP + SCTP headers */
SCTP_UDP_STAT(rx_drop_disabled),	/* namespace has udp_port 0 */
SCTP_UDP_STAT(rx_drop_nomem),		/* could not unshare a (GSO) copy */
SCTP_UDP_STAT(rx_drop_new_port_init),	/* INIT from a new port: ABORT sent */
SCTP_UDP_STAT(rx_learn_refused_vtag),	/* port not learned: wrong vtag */
SCTP_UDP_STAT(rx_learn_refused_crc),	/* port not learned: bad CRC32c */
SCTP_UDP_STAT(rx_learn_refused_grace),	/* plain, just after encap went on */
SCTP_UDP_STAT(rx_plain_revert),		/* plain SCTP switched a path back */
/* transmit */
SCTP_UDP_STAT(tx_packets),		/* UDP datagrams sent */
SCTP_UDP_STAT(tx_bytes),		/* their UDP length, header included */
SCTP_UDP_STAT(tx_encap),		/* SCTP packets encapsulated */
SCTP_UDP_STAT(tx_plain),		/* SCTP packets left plain */
SCTP_UDP_STAT(tx_gso_packets),		/* GSO packets encapsulated whole */
SCTP_UDP_STAT(tx_gso_segments),		/* SCTP packets they carry */
SCTP_UDP_STAT(tx_crc_pending),		/* single packets: CRC32c left to the receiver here */
SCTP_UDP_STAT(tx_gso_sw),		/* tunnel GSO packets segmented here */
SCTP_UDP_STAT(tx_gso_sw_segments),	/* wire packets made of them */
SCTP_UDP_STAT(tx_drop_gso),		/* that segmentation failed */
SCTP_UDP_STAT(tx_drop_nomem),		/* no headroom could be had */
SCTP_UDP_STAT(tx_drop_csum),		/* CRC32c could not be computed */
SCTP_UDP_STAT(tx_abort_new_port),	/* ABORT cause 14 sent */
SCTP_UDP_STAT(tx_drop_abort),		/* ABORT cause 14 could not be sent */
/* ports */
SCTP_UDP_STAT(ports_learned),		/* new remote UDP port entries */
SCTP_UDP_STAT(ports_changed),		/* remote UDP port of a path changed */
SCTP_UDP_STAT(ports_expired),		/* entries freed, association gone */
SCTP_UDP_STAT(ports_drop_full),		/* table full or no memory: not created */
SCTP_UDP_STAT(ports_cache_hit),		/* lookups answered by the per-CPU cache */
/* ICMP errors about our UDP datagrams, RFC 6951 section 5.5 (icmp.c) */
SCTP_UDP_STAT(icmp_rx),			/* errors quoting UDP from udp_port */
SCTP_UDP_STAT(icmp_delivered),		/* handed to SCTP's error handler */
SCTP_UDP_STAT(icmp_port_unreach),	/* port unreach. as protocol unreach. */
SCTP_UDP_STAT(icmp_not_ours),		/* quoted UDP not from udp_port: left */
SCTP_UDP_STAT(icmp_drop_truncated),	/* quote too short to check the vtag */
SCTP_UDP_STAT(icmp_drop_noassoc),	/* no association for the quote */
SCTP_UDP_STAT(icmp_drop_vtag),		/* quoted vtag / INIT tag not ours */
SCTP_UDP_STAT(icmp_drop_port),		/* quoted UDP port is not the path's */
SCTP_UDP_STAT(icmp_drop_csum),		/* bad ICMP checksum */
SCTP_UDP_STAT(icmp_drop_pmtu_off),	/* Frag. Needed, ip_no_pmtu_disc=2 */
SCTP_UDP_STAT(icmp_drop_nomem),		/* no private copy could be made */
