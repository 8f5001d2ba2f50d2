// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp and the path MTU, RFC 6951 section 5.6: SCTP must leave room
 * for the 8-byte UDP header when it encapsulates, or each of its
 * full-sized packets would need IP fragmentation once encapsulated.
 *
 * Linux before 5.11 sizes SCTP packets and DATA chunks with
 * sctp_mtu_payload(), whose only per-family term is net_header_len in the
 * socket's address family descriptor, reached through the socket's own
 * pointer sctp_sk(sk)->pf.  So the module keeps copies of SCTP's two
 * family descriptors (struct sctp_pf and the struct sctp_af it points to),
 * identical but for 8 more bytes of net_header_len, and points a socket at
 * them while it sends encapsulated packets:
 *
 *  - the first encapsulated packet of a socket (tx.c) moves the socket to
 *    the copies, and the fragmentation point of each of its associations
 *    is set again as SCTP would set it with the new figure;
 *  - a plain packet of a socket on the copies moves it back once none of
 *    its associations has an encapsulated path left (a path reverted to
 *    plain SCTP, RFC 6951 section 5.4, or udp_port set to 0): it gets the
 *    8 bytes back;
 *  - a socket that accept() or peeloff made from one on the copies is on
 *    them too (SCTP copies the pointer), and is adopted before its parent
 *    is released (sctp_udp_mtu_owned()).
 *
 * SCTP then sizes every packet itself: nothing is added to the datapath
 * but a pointer comparison per packet.  Sockets that never encapsulate
 * keep their whole MTU; native Linux 5.11+ reserves the 8 bytes for every
 * socket of a namespace with udp_port set.  Every socket on the copies is
 * in a table, so that unloading (sctp_udp_mtu_stop()) can point each one
 * back to SCTP's own descriptors before the copies go away; no pointer to
 * module memory stays in SCTP.
 */
#include <linux/hashtable.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/sctp/structs.h>

#include "sctp_udp.h"

struct sctp_udp_mtu_sock {
	struct hlist_node node;
	struct sock *sk;
	struct rcu_head rcu;
};

/* [0]: IPv4 sockets, [1]: IPv6 sockets. */
static struct sctp_pf *sctp_udp_mtu_orig[2];
static struct sctp_pf sctp_udp_mtu_pf[2];
static struct sctp_af sctp_udp_mtu_af[2];

/*
 * The sockets on the copies (RCU for lookups); additions, removals and
 * writes of a socket's ->pf happen under the lock.
 */
static DEFINE_HASHTABLE(sctp_udp_mtu_socks, 10);
static DEFINE_SPINLOCK(sctp_udp_mtu_lock);
static bool sctp_udp_mtu_stopping = true;	/* until sctp_udp_mtu_start() */

static struct sctp_pf *sctp_udp_mtu_pf_of(int family)
{
	struct socket *sock;
	struct sctp_pf *pf;

	if (sock_create_kern(&init_net, family, SOCK_SEQPACKET, IPPROTO_SCTP,
			     &sock))
		return NULL;
	pf = sctp_sk(sock->sk)->pf;
	sock_release(sock);
	return pf;
}

/* The index of a copy in sctp_udp_mtu_pf[], or -1 for any other. */
static int sctp_udp_mtu_copy_idx(const struct sctp_pf *pf)
{
	if (pf == &sctp_udp_mtu_pf[0])
		return 0;
	if (pf == &sctp_udp_mtu_pf[1])
		return 1;
	return -1;
}

static bool sctp_udp_mtu_is_copy(const struct sctp_pf *pf)
{
	return sctp_udp_mtu_copy_idx(pf) >= 0;
}

/*
 * Point @sk back at SCTP's own descriptor if it is on a copy (under the
 * lock, or owning a socket that is in no table); true if it was.
 */
static bool sctp_udp_mtu_to_own(struct sock *sk)
{
	int i = sctp_udp_mtu_copy_idx(sctp_sk(sk)->pf);

	if (i < 0)
		return false;
	WRITE_ONCE(sctp_sk(sk)->pf, sctp_udp_mtu_orig[i]);
	return true;
}

/* Under the lock. */
static struct sctp_udp_mtu_sock *sctp_udp_mtu_find(const struct sock *sk)
{
	struct sctp_udp_mtu_sock *s;

	hash_for_each_possible(sctp_udp_mtu_socks, s, node, (unsigned long)sk)
		if (s->sk == sk)
			return s;
	return NULL;
}

/* Under RCU. */
static bool sctp_udp_mtu_known(const struct sock *sk)
{
	struct sctp_udp_mtu_sock *s;

	hash_for_each_possible_rcu(sctp_udp_mtu_socks, s, node,
				   (unsigned long)sk)
		if (s->sk == sk)
			return true;
	return false;
}

/* SCTP's sctp_assoc_update_frag_point(), with the socket's figures now. */
static void sctp_udp_mtu_frag(struct sctp_association *asoc)
{
	u32 datachk = sctp_datachk_len(&asoc->stream);
	u32 over = sctp_mtu_payload(sctp_sk(asoc->base.sk), 0, datachk);
	int frag;

	/* No MTU yet, or one SCTP itself warns about: leave SCTP's value. */
	if (asoc->pathmtu <= over)
		return;
	frag = asoc->pathmtu - over;
	if (asoc->user_frag)
		frag = min_t(int, frag, asoc->user_frag);
	frag = min_t(int, frag, SCTP_MAX_CHUNK_LEN - datachk);
	WRITE_ONCE(asoc->frag_point, SCTP_TRUNC4(frag));
}

static void sctp_udp_mtu_frag_all(struct sock *sk)
{
	struct sctp_association *asoc;

	list_for_each_entry(asoc, &sctp_sk(sk)->ep->asocs, asocs)
		sctp_udp_mtu_frag(asoc);
}

/* Has any association of the socket a path that tx.c encapsulates? */
static bool sctp_udp_mtu_encapsulates(struct sock *sk)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(sock_net(sk));
	struct sctp_association *asoc;
	struct sctp_transport *t;

	if (!READ_ONCE(sun->udp_port_be))
		return false;
	list_for_each_entry(asoc, &sctp_sk(sk)->ep->asocs, asocs)
		list_for_each_entry(t, &asoc->peer.transport_addr_list,
				    transports)
			if (sctp_udp_sockopt_path_port(sun, t))
				return true;
	return false;
}

/*
 * Put @sk (owned by the caller, on SCTP's descriptor @i) on copy @i, in
 * the table.  Returns false if it stays where it is.
 */
static bool sctp_udp_mtu_track(struct sock *sk, int i)
{
	struct sctp_udp_mtu_sock *s;

	s = kmalloc(sizeof(*s), GFP_ATOMIC);
	if (!s)
		return false;
	s->sk = sk;

	spin_lock_bh(&sctp_udp_mtu_lock);
	if (READ_ONCE(sctp_udp_mtu_stopping) || sctp_udp_mtu_find(sk)) {
		spin_unlock_bh(&sctp_udp_mtu_lock);
		kfree(s);
		return false;
	}
	hash_add_rcu(sctp_udp_mtu_socks, &s->node, (unsigned long)sk);
	WRITE_ONCE(sctp_sk(sk)->pf, &sctp_udp_mtu_pf[i]);
	spin_unlock_bh(&sctp_udp_mtu_lock);
	return true;
}

static void sctp_udp_mtu_to_copy(struct sock *sk)
{
	struct sctp_sock *sp = sctp_sk(sk);
	int i;

	for (i = 0; i < ARRAY_SIZE(sctp_udp_mtu_orig); i++)
		if (sp->pf == sctp_udp_mtu_orig[i])
			break;
	if (i == ARRAY_SIZE(sctp_udp_mtu_orig) ||
	    list_empty(&sp->ep->asocs) || sock_flag(sk, SOCK_DEAD))
		return;
	/* On failure SCTP's own sizing stays: retried next packet. */
	if (sctp_udp_mtu_track(sk, i))
		sctp_udp_mtu_frag_all(sk);
}

/*
 * Point @sk back at SCTP's descriptor, in the table or not (a socket
 * accept() or peeloff made from one on a copy is not, until it is
 * adopted).  Returns true if it was on a copy.
 */
static bool sctp_udp_mtu_release(struct sock *sk)
{
	struct sctp_udp_mtu_sock *s;
	bool was;

	spin_lock_bh(&sctp_udp_mtu_lock);
	was = sctp_udp_mtu_to_own(sk);
	s = sctp_udp_mtu_find(sk);
	if (s)
		hash_del_rcu(&s->node);
	spin_unlock_bh(&sctp_udp_mtu_lock);
	if (s)
		kfree_rcu(s, rcu);
	return was;
}

static void sctp_udp_mtu_to_orig(struct sock *sk)
{
	if (sctp_udp_mtu_encapsulates(sk))
		return;		/* another path still is: keep the room */
	if (sctp_udp_mtu_release(sk))
		sctp_udp_mtu_frag_all(sk);
}

/**
 * sctp_udp_mtu_tx() - follow a socket's encapsulation in its sizing
 * @skb: an SCTP packet at LOCAL_OUT (tx.c), sent by SCTP with its socket
 *	locked, as all of SCTP's output is
 * @encap: whether tx.c encapsulates it
 */
void sctp_udp_mtu_tx(struct sk_buff *skb, bool encap)
{
	struct sock *sk = sctp_udp_skb_sctp_sk(skb);

	if (!sk)
		return;
	if (sctp_udp_mtu_is_copy(READ_ONCE(sctp_sk(sk)->pf)) == encap)
		return;		/* the fast path: nothing changes */
	if (encap)
		sctp_udp_mtu_to_copy(sk);
	else
		sctp_udp_mtu_to_orig(sk);
}

/**
 * sctp_udp_mtu_owned() - adopt the sockets SCTP made from one on a copy
 * @sk: an SCTP socket whose owner is releasing it (struct proto's
 *	release_cb, from sockopt.c: socket owned, bottom halves off)
 *
 * accept() and peeloff (sctp_sock_migrate()) copy the parent's struct
 * sctp_sock, ->pf included, into the new socket, and end with
 * release_sock() on it while they still own the parent.  So a new socket
 * on a copy is in the table (or back on SCTP's descriptor) before its
 * parent can be released; and sctp_udp_mtu_stop(), which takes each
 * parent's lock, finds it.  For every other socket this is one pointer
 * comparison, or a table lookup for a socket on a copy.
 */
void sctp_udp_mtu_owned(struct sock *sk)
{
	int i = sctp_udp_mtu_copy_idx(READ_ONCE(sctp_sk(sk)->pf));
	bool known;

	if (likely(i < 0))
		return;
	rcu_read_lock();
	known = sctp_udp_mtu_known(sk);
	rcu_read_unlock();
	if (likely(known))
		return;
	/*
	 * Back on SCTP's own descriptor, then onto the copy again as a
	 * socket in the table; if it cannot be (stopping, no memory), it
	 * stays on SCTP's own, sized as such.
	 */
	sctp_udp_mtu_to_own(sk);
	if (sctp_udp_mtu_track(sk, i))
		return;
	sctp_udp_mtu_frag_all(sk);
}

/* From the socket's destroy (sockopt.c): forget it. */
void sctp_udp_mtu_forget(struct sock *sk)
{
	sctp_udp_mtu_release(sk);
}

int sctp_udp_mtu_init(void)
{
	int i;

	sctp_udp_mtu_orig[0] = sctp_udp_mtu_pf_of(AF_INET);
	if (!sctp_udp_mtu_orig[0]) {
		pr_err("cannot create an SCTP socket: is sctp loaded?\n");
		return -EPROTONOSUPPORT;
	}
	/* IPv6 may be disabled at boot: then IPv4 sockets only. */
	sctp_udp_mtu_orig[1] = sctp_udp_mtu_pf_of(AF_INET6);

	for (i = 0; i < ARRAY_SIZE(sctp_udp_mtu_orig); i++) {
		if (!sctp_udp_mtu_orig[i])
			continue;
		sctp_udp_mtu_af[i] = *sctp_udp_mtu_orig[i]->af;
		sctp_udp_mtu_af[i].net_header_len += SCTP_UDP_HLEN;
		sctp_udp_mtu_pf[i] = *sctp_udp_mtu_orig[i];
		sctp_udp_mtu_pf[i].af = &sctp_udp_mtu_af[i];
	}
	return 0;
}

/*
 * Last in the module's init, once sockopt.c sees every socket's destroy
 * (sctp_udp_mtu_forget()): from here on sockets move to the copies.
 */
void sctp_udp_mtu_start(void)
{
	WRITE_ONCE(sctp_udp_mtu_stopping, false);
}

/*
 * First in the module's exit, while sockopt.c still sees destroys: every
 * socket goes back to SCTP's own descriptors.  Taking each one's socket
 * lock waits for a sender still reading the copies; RCU readers (receive,
 * timers) are waited for after.  Fragmentation points stay as they are
 * until SCTP sets them again (at most 8 bytes short).
 */
void sctp_udp_mtu_stop(void)
{
	struct sctp_udp_mtu_sock *s;
	struct sock *sk;
	int bkt;

	spin_lock_bh(&sctp_udp_mtu_lock);
	WRITE_ONCE(sctp_udp_mtu_stopping, true);
	spin_unlock_bh(&sctp_udp_mtu_lock);

	for (;;) {
		sk = NULL;
		spin_lock_bh(&sctp_udp_mtu_lock);
		hash_for_each(sctp_udp_mtu_socks, bkt, s, node) {
			sk = s->sk;
			/* In the table: its destroy has not run yet. */
			sock_hold(sk);
			sctp_udp_mtu_to_own(sk);
			hash_del_rcu(&s->node);
			kfree_rcu(s, rcu);
			break;
		}
		spin_unlock_bh(&sctp_udp_mtu_lock);
		if (!sk)
			break;
		/*
		 * Waits for a sender still reading the copies, and for an
		 * accept() or peeloff from this socket under way: the new
		 * socket is back on SCTP's descriptor when it ends.
		 */
		lock_sock(sk);
		release_sock(sk);
		sock_put(sk);
	}
	synchronize_rcu();	/* receive and timers, lookups in the table */
}
