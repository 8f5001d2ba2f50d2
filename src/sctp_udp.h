/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctp-udp: RFC 6951 UDP encapsulation of SCTP for kernels without it.
 *
 * Internal interfaces between the parts of the module.  Every non-static
 * symbol carries the sctp_udp_ prefix.
 */
#ifndef _SCTP_UDP_H
#define _SCTP_UDP_H

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sctp/sctp.h>

#include "stats.h"

#define SCTP_UDP_HLEN		8	/* sizeof(struct udphdr) */

/*
 * UDP bytes on the wire of @segs datagrams carried in one buffer whose UDP
 * length is @len: each further segment has its own UDP and SCTP common
 * header (one GSO packet, tx.c and rx.c count it the same way).
 */
static inline u64 sctp_udp_wire_bytes(unsigned int len, unsigned int segs)
{
	return len + (u64)(segs - 1) * (SCTP_UDP_HLEN + sizeof(struct sctphdr));
}

/*
 * The SCTP socket that sent @skb, if one of SCTP's own (not a raw socket
 * sending SCTP): SCTP built the packet, its CRC32c included.
 */
static inline struct sock *sctp_udp_skb_sctp_sk(const struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (!sk || !sk_fullsock(sk) || sk->sk_protocol != IPPROTO_SCTP ||
	    sk->sk_type == SOCK_RAW)
		return NULL;
	return sk;
}

/* Module parameters: the defaults of every new network namespace. */
extern unsigned short sctp_udp_param_udp_port;
extern unsigned short sctp_udp_param_encap_port;

/* Per network namespace state. */
struct sctp_udp_net {
	struct net *net;

	/* Serializes socket start/stop and sysctl writes. */
	struct mutex lock;

	/* Host byte order configuration, written under @lock. */
	int udp_port;			/* local port; 0 = encapsulation off */
	int encap_port;			/* default remote port; 0 = plain */

	/* Read locklessly on the datapath (network byte order). */
	__be16 udp_port_be;
	__be16 encap_port_be;

	/*
	 * jiffies when encapsulation was last turned on (udp_port or
	 * encap_port from 0): see SCTP_UDP_REVERT_GRACE in rx.c.
	 */
	unsigned long encap_since;

	struct socket __rcu *sock4;
	struct socket __rcu *sock6;

	struct sctp_udp_stats __percpu *stats;

	/* Learned remote UDP ports, see ports.c. */
	struct rhashtable ports;
	atomic_t nports;
	atomic_t ports_gen;		/* bumped on every change of @ports */
	struct sctp_udp_pcache __percpu *pcache;	/* in front of it */
	struct delayed_work gc_work;
	struct rhashtable_iter gc_iter;	/* the worker's place in @ports */
	bool gc_walking;		/* gc_iter entered */

	struct ctl_table_header *sysctl_hdr;
	struct dentry *debugfs_dir;
	bool nf_registered;
};

extern unsigned int sctp_udp_net_id;

/* udp_port or encap_port went from 0 to a port; caller holds sun->lock. */
static inline void sctp_udp_encap_turned_on(struct sctp_udp_net *sun)
{
	WRITE_ONCE(sun->encap_since, jiffies);
}

static inline struct sctp_udp_net *sctp_udp_pernet(const struct net *net)
{
	return net_generic(net, sctp_udp_net_id);
}

/* netns.c */
int sctp_udp_netns_init(void);
void sctp_udp_netns_exit(void);

/* sock.c: the per-namespace UDP tunnel sockets. */
int sctp_udp_sock_start(struct sctp_udp_net *sun, int port);
void sctp_udp_sock_stop(struct sctp_udp_net *sun);
int sctp_udp_set_port(struct sctp_udp_net *sun, int port);

/* rx.c: decapsulation into sctp_rcv(), port learning. */
struct nf_hook_state;
int sctp_udp_rcv(struct sock *sk, struct sk_buff *skb);
unsigned int sctp_udp_in4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state);
unsigned int sctp_udp_in6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state);
bool sctp_udp_crc_ok(const struct sk_buff *skb, unsigned int off, bool plain);

struct sctp_udp_tags {
	u32 my_vtag;			/* what the peer puts on its packets */
	u32 peer_vtag;			/* what we put on ours */
};

int sctp_udp_assoc_tags(struct net *net, const union sctp_addr *laddr,
			const union sctp_addr *paddr,
			struct sctp_udp_tags *tags);

/* tx.c and gso.c: encapsulation at LOCAL_OUT. */
int sctp_udp_nf_register(struct net *net);
void sctp_udp_nf_unregister(struct net *net);
void sctp_udp_gso_init(void);
void sctp_udp_gso_exit(void);

/* icmp.c: ICMP errors about our UDP datagrams, into SCTP. */
int sctp_udp_icmp_register(struct net *net);
void sctp_udp_icmp_unregister(struct net *net);

/* ports.c: remote UDP ports per path. */
struct sctp_udp_pcache;
struct sctp_udp_key {
	union {
		__be32 v4;
		struct in6_addr v6;
	} raddr;			/* remote (peer) address */
	__be16 lport;			/* local SCTP port */
	__be16 rport;			/* remote SCTP port */
	u16 family;
	u16 pad;
} __aligned(8);			/* compared as three u64 (ports.c) */

int sctp_udp_ports_init(struct sctp_udp_net *sun);
void sctp_udp_ports_exit(struct sctp_udp_net *sun);
__be16 sctp_udp_ports_lookup(struct sctp_udp_net *sun,
			     const struct sctp_udp_key *key, bool *found);
int sctp_udp_ports_learn(struct sctp_udp_net *sun,
			 const struct sctp_udp_key *key,
			 const union sctp_addr *laddr, __be16 port,
			 bool verified);
void sctp_udp_ports_seed(struct sctp_udp_net *sun,
			 const struct sctp_udp_key *key,
			 const union sctp_addr *laddr, __be16 port);
int sctp_udp_ports_show(struct seq_file *m, struct sctp_udp_net *sun);

/* restart.c: "Restart of an Association with New Encapsulation Port". */
void sctp_udp_send_new_port_abort(struct sctp_udp_net *sun,
				  struct sk_buff *skb, __be16 cur_port,
				  __be16 new_port, __be32 init_tag);

/* mtu.c: make SCTP leave room for the UDP header where it encapsulates. */
int sctp_udp_mtu_init(void);
void sctp_udp_mtu_start(void);
void sctp_udp_mtu_stop(void);
void sctp_udp_mtu_tx(struct sk_buff *skb, bool encap);
void sctp_udp_mtu_owned(struct sock *sk);
void sctp_udp_mtu_forget(struct sock *sk);

/* sysctl.c */
int sctp_udp_sysctl_register(struct sctp_udp_net *sun);
void sctp_udp_sysctl_unregister(struct sctp_udp_net *sun);

/* fault.c: failures on demand at the datapath's allocation points. */
enum sctp_udp_fault {
	SCTP_UDP_FAULT_RX_UNCLONE,	/* rx_drop_nomem */
	SCTP_UDP_FAULT_TX_CRC,		/* tx_drop_csum */
	SCTP_UDP_FAULT_TX_HEADROOM,	/* tx_drop_nomem */
	SCTP_UDP_FAULT_TX_GSO,		/* tx_drop_gso */
	SCTP_UDP_FAULT_PORTS_ALLOC,	/* ports_drop_full */
	SCTP_UDP_FAULT_ABORT_ALLOC,	/* tx_drop_abort */
	SCTP_UDP_FAULT_ICMP_COPY,	/* icmp_drop_nomem */
	SCTP_UDP_FAULT_MAX
};

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
bool sctp_udp_should_fail(enum sctp_udp_fault site);
void sctp_udp_fault_init(struct dentry *root);
#else
static inline bool sctp_udp_should_fail(enum sctp_udp_fault site)
{
	return false;
}

static inline void sctp_udp_fault_init(struct dentry *root)
{
}
#endif

/* sockopt.c: SCTP_REMOTE_UDP_ENCAPS_PORT (132) on SCTP sockets. */
int sctp_udp_sockopt_init(void);
int sctp_udp_sockopt_start(void);
void sctp_udp_sockopt_stop(void);
void sctp_udp_sockopt_exit(void);
bool sctp_udp_sockopt_tx_port(struct sctp_udp_net *sun,
			      const struct sk_buff *skb,
			      const struct sctp_udp_key *key, __be16 *port);
__be16 sctp_udp_sockopt_path_port(struct sctp_udp_net *sun,
				  const struct sctp_transport *t);

/* debugfs.c */
int sctp_udp_debugfs_init(void);
void sctp_udp_debugfs_exit(void);
void sctp_udp_debugfs_net_add(struct sctp_udp_net *sun);
void sctp_udp_debugfs_net_del(struct sctp_udp_net *sun);

#endif /* _SCTP_UDP_H */
