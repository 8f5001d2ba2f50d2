// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: the socket option SCTP_REMOTE_UDP_ENCAPS_PORT (132) of Linux
 * 5.11+ (RFC 6951 section 6.1) for kernels whose SCTP does not know it.
 *
 * SCTP's struct proto (sctp_prot, sctpv6_prot: not exported, not const) is
 * reached through a kernel SCTP socket, and its setsockopt, getsockopt and
 * destroy are replaced by wrappers.  They handle level SOL_SCTP, option
 * 132 and hand everything else to SCTP's own functions unchanged.  The
 * destroy and release_cb wrappers also tell mtu.c of a socket's end and
 * of sockets SCTP made by accept() or peeloff.
 *
 * Upstream keeps a port in the socket, the association and the transport.
 * Here:
 *  - a path's port (transport->encap_port) is its entry in ports.c, which
 *    the receive path updates too, as upstream's sctp_vtag_verify() does;
 *  - the socket's default for future associations (sp->encap_port) is a
 *    struct sctp_udp_so found by socket; without one, the namespace's
 *    net.sctp.encap_port;
 *  - an association's own value (asoc->encap_port), which getsockopt
 *    reads and later paths inherit, is a struct sctp_udp_so_asoc once an
 *    option call touched that association; without one, the value of its
 *    primary path.
 * A path without an entry is sent by tx.c to the association's value, else
 * the socket default (sctp_udp_sockopt_tx_port(), which records it as the
 * path's entry, as upstream copies it into the transport when the path is
 * made), else the namespace default.  Ports learned on receive override
 * all of these on their path, as upstream's INIT processing and vtag check
 * do.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "sctp_udp.h"
#include "compat.h"
#include <uapi/linux/sctp_udp.h>

/* The most sctp_setsockopt() copies in, whatever optlen says. */
#define SCTP_UDP_SO_MAXLEN \
	PAGE_ALIGN(USHRT_MAX + sizeof(__u16) * sizeof(struct sctp_reset_streams))

struct sctp_udp_so_asoc {
	struct list_head node;
	/* Compared with live associations, never dereferenced. */
	const struct sctp_association *asoc;
	sctp_assoc_t id;
	__be16 port;
	struct rcu_head rcu;
};

struct sctp_udp_so {
	struct rhash_head node;
	const struct sock *sk;		/* key; dereferenced by lockdep only */
	__be16 port;			/* default of future associations */
	struct list_head asocs;		/* struct sctp_udp_so_asoc, RCU */
	struct rcu_head rcu;
};

static const struct rhashtable_params sctp_udp_so_params = {
	.key_len = sizeof(const struct sock *),
	.key_offset = offsetof(struct sctp_udp_so, sk),
	.head_offset = offsetof(struct sctp_udp_so, node),
	.automatic_shrinking = true,
};

static struct rhashtable sctp_udp_so_table;
static bool sctp_udp_so_stopping;

/* The functions of struct proto that are swapped. */
struct sctp_udp_so_fns {
	int (*setsockopt)(struct sock *sk, int level, int optname,
			  sctp_udp_optval_t optval, unsigned int optlen);
	int (*getsockopt)(struct sock *sk, int level, int optname,
			  char __user *optval, int __user *optlen);
	void (*destroy)(struct sock *sk);
	void (*release_cb)(struct sock *sk);	/* NULL in SCTP's own */
};

/* One swapped struct proto, SCTP's own functions and the wrappers. */
struct sctp_udp_so_proto {
	struct proto *prot;
	struct sctp_udp_so_fns own;
	const struct sctp_udp_so_fns *wrap;
};

static struct sctp_udp_so_proto sctp_udp_so_v4, sctp_udp_so_v6;
static struct module *sctp_udp_so_owner;

/*
 * Calls in flight in the wrappers, so that unloading waits for them.  See
 * sctp_udp_sockopt_stop() for why this and RCU-tasks are both needed.
 */
static atomic_t sctp_udp_so_inflight = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(sctp_udp_so_wq);

static void sctp_udp_so_enter(void)
{
	atomic_inc(&sctp_udp_so_inflight);
}

static void sctp_udp_so_leave(void)
{
	if (atomic_dec_and_test(&sctp_udp_so_inflight))
		wake_up(&sctp_udp_so_wq);
}

/* ------------------------------------------------------------------ */
/* Per-socket state                                                    */

/* Under rcu_read_lock(). */
static struct sctp_udp_so *sctp_udp_so_find(const struct sock *sk)
{
	return rhashtable_lookup(&sctp_udp_so_table, &sk, sctp_udp_so_params);
}

/*
 * With the socket locked (set/getsockopt): the state stays after the RCU
 * section, since only the socket's destroy removes it, and that never
 * runs while a setsockopt/getsockopt call on the socket is under way.
 */
static struct sctp_udp_so *sctp_udp_so_find_locked(const struct sock *sk)
{
	return rhashtable_lookup_fast(&sctp_udp_so_table, &sk,
				      sctp_udp_so_params);
}

static void sctp_udp_so_free(struct sctp_udp_so *so)
{
	struct sctp_udp_so_asoc *a, *n;

	list_for_each_entry_safe(a, n, &so->asocs, node)
		kfree(a);
	kfree(so);
}

static void sctp_udp_so_free_rcu(struct rcu_head *head)
{
	sctp_udp_so_free(container_of(head, struct sctp_udp_so, rcu));
}

/* The socket's state, made with @port as its default if it has none. */
static struct sctp_udp_so *sctp_udp_so_get(struct sock *sk, __be16 port)
{
	struct sctp_udp_so *so;
	int err;

	so = sctp_udp_so_find_locked(sk);
	if (so)
		return so;
	so = kzalloc(sizeof(*so), GFP_KERNEL);
	if (!so)
		return ERR_PTR(-ENOMEM);
	so->sk = sk;
	so->port = port;
	INIT_LIST_HEAD(&so->asocs);
	/* Writers hold the socket lock: nobody else inserts this key. */
	err = rhashtable_insert_fast(&sctp_udp_so_table, &so->node,
				     sctp_udp_so_params);
	if (err) {
		kfree(so);
		return ERR_PTR(err);
	}
	return so;
}

/* The socket is going away: forget its state. */
static void sctp_udp_so_forget(struct sock *sk)
{
	struct sctp_udp_so *so;

	if (!atomic_read(&sctp_udp_so_table.nelems))
		return;
	rcu_read_lock();
	so = sctp_udp_so_find(sk);
	if (so && !rhashtable_remove_fast(&sctp_udp_so_table, &so->node,
					  sctp_udp_so_params))
		call_rcu(&so->rcu, sctp_udp_so_free_rcu);
	rcu_read_unlock();
}

static struct sctp_udp_so_asoc *
sctp_udp_so_asoc_find(struct sctp_udp_so *so,
		      const struct sctp_association *asoc)
{
	struct sctp_udp_so_asoc *a;

	if (!so)
		return NULL;
	/* Under RCU (transmit) or with the socket locked (writers). */
	list_for_each_entry_rcu(a, &so->asocs, node,
				lockdep_sock_is_held(so->sk))
		if (a->asoc == asoc && a->id == asoc->assoc_id)
			return a;
	return NULL;
}

static bool sctp_udp_so_asoc_alive(struct sock *sk,
				   const struct sctp_udp_so_asoc *a)
{
	struct sctp_association *asoc;

	list_for_each_entry(asoc, &sctp_sk(sk)->ep->asocs, asocs)
		if (asoc == a->asoc && asoc->assoc_id == a->id)
			return true;
	return false;
}

/* Drop the values of associations that left the socket (socket locked). */
static void sctp_udp_so_prune(struct sock *sk, struct sctp_udp_so *so)
{
	struct sctp_udp_so_asoc *a, *n;

	list_for_each_entry_safe(a, n, &so->asocs, node) {
		if (sctp_udp_so_asoc_alive(sk, a))
			continue;
		list_del_rcu(&a->node);
		kfree_rcu(a, rcu);
	}
}

/* ------------------------------------------------------------------ */
/* Upstream's lookups, on the socket's own lists (socket locked)       */

/* sctp_id2assoc() */
static struct sctp_association *sctp_udp_so_id2assoc(struct sock *sk,
						     sctp_assoc_t id)
{
	struct sctp_association *asoc;
	struct list_head *asocs = &sctp_sk(sk)->ep->asocs;

	if (!sctp_style(sk, UDP)) {
		if (!sctp_sstate(sk, ESTABLISHED) && !sctp_sstate(sk, CLOSING))
			return NULL;
		return list_first_entry_or_null(asocs, struct sctp_association,
						asocs);
	}
	if (id <= SCTP_ALL_ASSOC)
		return NULL;
	list_for_each_entry(asoc, asocs, asocs)
		if (asoc->assoc_id == id && !asoc->base.dead)
			return asoc;
	return NULL;
}

/* sctp_is_any() */
static bool sctp_udp_so_is_any(const struct sock *sk,
			       const union sctp_addr *addr)
{
	unsigned short family = addr->sa.sa_family;

	if (family == AF_UNSPEC)
		family = sk->sk_family;
	if (family == AF_INET)
		return addr->v4.sin_addr.s_addr == htonl(INADDR_ANY);
	if (family == AF_INET6)
		return ipv6_addr_any(&addr->v6.sin6_addr);
	return false;
}

/*
 * sctp_verify_addr() as far as it decides what matches: the families the
 * socket takes, v4-mapped addresses turned into IPv4 ones (in place, as
 * upstream does), link-local addresses only with a scope.
 */
static bool sctp_udp_so_addr_ok(const struct sock *sk, union sctp_addr *addr)
{
	switch (addr->sa.sa_family) {
	case AF_INET:
		return sk->sk_family == AF_INET || !ipv6_only_sock(sk);
	case AF_INET6:
		if (sk->sk_family != AF_INET6)
			return false;
		if (ipv6_addr_v4mapped(&addr->v6.sin6_addr)) {
			if (ipv6_only_sock(sk))
				return false;
			sctp_v6_map_v4(addr);
			return true;
		}
		if ((ipv6_addr_type(&addr->v6.sin6_addr) &
		     IPV6_ADDR_LINKLOCAL) && !addr->v6.sin6_scope_id)
			return false;
		return true;
	}
	return false;
}

/* The address comparison of SCTP's transport hash (cmp_addr). */
static bool sctp_udp_so_addr_eq(const union sctp_addr *t,
				const union sctp_addr *a)
{
	if (t->sa.sa_family != a->sa.sa_family)
		return false;
	if (t->sa.sa_family == AF_INET)
		return t->v4.sin_port == a->v4.sin_port &&
		       t->v4.sin_addr.s_addr == a->v4.sin_addr.s_addr;
	if (t->v6.sin6_port != a->v6.sin6_port ||
	    !ipv6_addr_equal(&t->v6.sin6_addr, &a->v6.sin6_addr))
		return false;
	if ((ipv6_addr_type(&t->v6.sin6_addr) & IPV6_ADDR_LINKLOCAL) &&
	    t->v6.sin6_scope_id && a->v6.sin6_scope_id &&
	    t->v6.sin6_scope_id != a->v6.sin6_scope_id)
		return false;
	return true;
}

/* addr_to_user(): how getsockopt gives the address back. */
static void sctp_udp_so_addr_to_user(const struct sock *sk,
				     union sctp_addr *addr)
{
	if (sk->sk_family == AF_INET6) {
		if (sctp_sk(sk)->v4mapped) {
			if (addr->sa.sa_family == AF_INET)
				sctp_v4_map_v6(addr);
		} else if (addr->sa.sa_family == AF_INET6 &&
			   ipv6_addr_v4mapped(&addr->v6.sin6_addr)) {
			sctp_v6_map_v4(addr);
		}
	}
	if (addr->sa.sa_family == AF_INET)
		memset(addr->v4.sin_zero, 0, sizeof(addr->v4.sin_zero));
}

/* sctp_addr_id2transport() */
static struct sctp_transport *sctp_udp_so_addr2transport(struct sock *sk,
							 union sctp_addr *addr,
							 sctp_assoc_t id)
{
	struct sctp_endpoint *ep = sctp_sk(sk)->ep;
	struct sctp_association *asoc, *id_asoc;
	struct sctp_transport *t;

	if (!sctp_udp_so_addr_ok(sk, addr) || !ep->base.bind_addr.port)
		return NULL;
	list_for_each_entry(asoc, &ep->asocs, asocs)
		list_for_each_entry(t, &asoc->peer.transport_addr_list,
				    transports)
			if (sctp_udp_so_addr_eq(&t->ipaddr, addr))
				goto found;
	return NULL;
found:
	id_asoc = sctp_udp_so_id2assoc(sk, id);
	if (id_asoc && id_asoc != asoc)
		return NULL;
	sctp_udp_so_addr_to_user(sk, addr);
	return t;
}

/* ------------------------------------------------------------------ */
/* The values                                                          */

/* The ports.c key of a path, and a local address its association has. */
static void sctp_udp_so_path_key(const struct sctp_transport *t,
				 struct sctp_udp_key *key,
				 union sctp_addr *laddr)
{
	const struct sctp_association *asoc = t->asoc;
	struct sctp_sockaddr_entry *e;

	memset(key, 0, sizeof(*key));
	memset(laddr, 0, sizeof(*laddr));
	key->lport = htons(asoc->base.bind_addr.port);
	key->rport = t->ipaddr.v4.sin_port;	/* same place in sin6 */
	key->family = t->ipaddr.sa.sa_family;
	if (key->family == AF_INET)
		key->raddr.v4 = t->ipaddr.v4.sin_addr.s_addr;
	else
		key->raddr.v6 = t->ipaddr.v6.sin6_addr;

	/* The source address routing chose, else a bound one. */
	if (t->saddr.sa.sa_family == key->family &&
	    !sctp_udp_so_is_any(asoc->base.sk, &t->saddr)) {
		*laddr = t->saddr;
	} else {
		rcu_read_lock();
		list_for_each_entry_rcu(e, &asoc->base.bind_addr.address_list,
					list) {
			if (e->a.sa.sa_family == key->family) {
				*laddr = e->a;
				break;
			}
		}
		rcu_read_unlock();
		laddr->sa.sa_family = key->family;
	}
	laddr->v4.sin_port = key->lport;	/* same place in sin6 */
}

/*
 * The port a path without an entry gets (see tx.c): the association's own
 * value; else, as upstream's asoc->encap_port is the port its INIT or
 * INIT-ACK came from, the port learned on its primary path; else the
 * socket default; for sockets that never used the option, the namespace
 * default.
 */
static __be16 sctp_udp_so_inherited(struct sctp_udp_net *sun,
				    struct sctp_udp_so *so,
				    const struct sctp_association *asoc,
				    const struct sctp_transport *t)
{
	struct sctp_udp_so_asoc *a = sctp_udp_so_asoc_find(so, asoc);
	const struct sctp_transport *primary;
	union sctp_addr laddr;
	struct sctp_udp_key key;
	__be16 port;
	bool found;

	if (a)
		return READ_ONCE(a->port);
	if (!so)
		return READ_ONCE(sun->encap_port_be);
	primary = READ_ONCE(asoc->peer.primary_path);
	if (primary && primary != t) {
		sctp_udp_so_path_key(primary, &key, &laddr);
		port = sctp_udp_ports_lookup(sun, &key, &found);
		if (found)
			return port;
	}
	return READ_ONCE(so->port);
}

/* A path's port: transport->encap_port. */
static __be16 sctp_udp_so_path_port(struct sctp_udp_net *sun,
				    struct sctp_udp_so *so,
				    const struct sctp_transport *t)
{
	union sctp_addr laddr;
	struct sctp_udp_key key;
	__be16 port;
	bool found;

	sctp_udp_so_path_key(t, &key, &laddr);
	port = sctp_udp_ports_lookup(sun, &key, &found);
	return found ? port : sctp_udp_so_inherited(sun, so, t->asoc, t);
}

static int sctp_udp_so_path_set(struct sctp_udp_net *sun,
				const struct sctp_transport *t, __be16 port)
{
	union sctp_addr laddr;
	struct sctp_udp_key key;

	sctp_udp_so_path_key(t, &key, &laddr);
	return sctp_udp_ports_learn(sun, &key, &laddr, port, true);
}

/* An association's port: asoc->encap_port. */
static __be16 sctp_udp_so_asoc_port(struct sctp_udp_net *sun,
				    struct sctp_udp_so *so,
				    const struct sctp_association *asoc)
{
	struct sctp_udp_so_asoc *a = sctp_udp_so_asoc_find(so, asoc);

	if (a)
		return a->port;
	if (asoc->peer.primary_path)
		return sctp_udp_so_path_port(sun, so, asoc->peer.primary_path);
	return sctp_udp_so_inherited(sun, so, asoc, NULL);
}

/* Give the association a value of its own (socket locked). */
static int sctp_udp_so_asoc_set(struct sock *sk, struct sctp_udp_so *so,
				const struct sctp_association *asoc,
				__be16 port)
{
	struct sctp_udp_so_asoc *a = sctp_udp_so_asoc_find(so, asoc);

	if (a) {
		WRITE_ONCE(a->port, port);
		return 0;
	}
	sctp_udp_so_prune(sk, so);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->asoc = asoc;
	a->id = asoc->assoc_id;
	a->port = port;
	list_add_rcu(&a->node, &so->asocs);
	return 0;
}

/*
 * Upstream copies the socket default into each association (and its
 * paths) when it is made, so a new default leaves existing ones alone:
 * pin every path that still follows the old default to its current port.
 */
static int sctp_udp_so_pin_paths(struct sctp_udp_net *sun, struct sock *sk,
				 struct sctp_udp_so *so)
{
	struct sctp_association *asoc;
	struct sctp_transport *t;
	union sctp_addr laddr;
	struct sctp_udp_key key;
	bool found;
	int err;

	list_for_each_entry(asoc, &sctp_sk(sk)->ep->asocs, asocs) {
		list_for_each_entry(t, &asoc->peer.transport_addr_list,
				    transports) {
			sctp_udp_so_path_key(t, &key, &laddr);
			sctp_udp_ports_lookup(sun, &key, &found);
			if (found)
				continue;
			err = sctp_udp_ports_learn(sun, &key, &laddr,
						   sctp_udp_so_inherited(sun, so,
									 asoc, t),
						   true);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* setsockopt / getsockopt                                             */

/* sctp_setsockopt_encap_port(); socket locked. */
static int sctp_udp_so_set(struct sock *sk, struct sctp_udpencaps *encap)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(sock_net(sk));
	union sctp_addr *addr = (union sctp_addr *)&encap->sue_address;
	__be16 port = (__force __be16)encap->sue_port;
	struct sctp_association *asoc;
	struct sctp_transport *t;
	struct sctp_udp_so *so;
	int err;

	if (!sctp_udp_so_is_any(sk, addr)) {
		t = sctp_udp_so_addr2transport(sk, addr, encap->sue_assoc_id);
		if (!t)
			return -EINVAL;
		/* The association's own value stays what it was. */
		so = sctp_udp_so_get(sk, READ_ONCE(sun->encap_port_be));
		if (IS_ERR(so))
			return PTR_ERR(so);
		if (!sctp_udp_so_asoc_find(so, t->asoc)) {
			err = sctp_udp_so_asoc_set(sk, so, t->asoc,
						   sctp_udp_so_asoc_port(sun, so,
									 t->asoc));
			if (err)
				return err;
		}
		return sctp_udp_so_path_set(sun, t, port);
	}

	asoc = sctp_udp_so_id2assoc(sk, encap->sue_assoc_id);
	if (!asoc && encap->sue_assoc_id != SCTP_FUTURE_ASSOC &&
	    sctp_style(sk, UDP))
		return -EINVAL;

	if (asoc) {
		so = sctp_udp_so_get(sk, READ_ONCE(sun->encap_port_be));
		if (IS_ERR(so))
			return PTR_ERR(so);
		list_for_each_entry(t, &asoc->peer.transport_addr_list,
				    transports) {
			err = sctp_udp_so_path_set(sun, t, port);
			if (err)
				return err;
		}
		return sctp_udp_so_asoc_set(sk, so, asoc, port);
	}

	so = sctp_udp_so_find_locked(sk);
	err = sctp_udp_so_pin_paths(sun, sk, so);
	if (err)
		return err;
	so = sctp_udp_so_get(sk, port);
	if (IS_ERR(so))
		return PTR_ERR(so);
	WRITE_ONCE(so->port, port);
	return 0;
}

/* sctp_getsockopt_encap_port(); socket locked. */
static int sctp_udp_so_get_port(struct sock *sk, struct sctp_udpencaps *encap)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(sock_net(sk));
	union sctp_addr *addr = (union sctp_addr *)&encap->sue_address;
	struct sctp_udp_so *so = sctp_udp_so_find_locked(sk);
	struct sctp_association *asoc;
	struct sctp_transport *t;

	if (!sctp_udp_so_is_any(sk, addr)) {
		t = sctp_udp_so_addr2transport(sk, addr, encap->sue_assoc_id);
		if (!t)
			return -EINVAL;
		encap->sue_port = (__force u16)sctp_udp_so_path_port(sun, so, t);
		return 0;
	}

	asoc = sctp_udp_so_id2assoc(sk, encap->sue_assoc_id);
	if (!asoc && encap->sue_assoc_id != SCTP_FUTURE_ASSOC &&
	    sctp_style(sk, UDP))
		return -EINVAL;

	if (asoc)
		encap->sue_port = (__force u16)sctp_udp_so_asoc_port(sun, so,
								     asoc);
	else
		encap->sue_port = (__force u16)(so ? so->port :
					READ_ONCE(sun->encap_port_be));
	return 0;
}

/* What sctp_setsockopt() does around its handlers. */
static int sctp_udp_so_setsockopt(struct sock *sk, sctp_udp_optval_t optval,
				  unsigned int optlen)
{
	struct sctp_udpencaps *encap = NULL;
	int err;

	if (optlen > 0) {
		optlen = min_t(unsigned int, optlen, SCTP_UDP_SO_MAXLEN);
		encap = sctp_udp_memdup_optval(optval, optlen);
		if (IS_ERR(encap))
			return PTR_ERR(encap);
	}
	lock_sock(sk);
	if (optlen != sizeof(*encap))
		err = -EINVAL;
	else
		err = sctp_udp_so_set(sk, encap);
	release_sock(sk);
	kfree(encap);
	return err;
}

/* What sctp_getsockopt() does around its handlers. */
static int sctp_udp_so_getsockopt(struct sock *sk, char __user *optval,
				  int __user *optlen)
{
	struct sctp_udpencaps encap;
	int len, err;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	lock_sock(sk);
	if (len < sizeof(encap)) {
		err = -EINVAL;
		goto out;
	}
	len = sizeof(encap);
	if (copy_from_user(&encap, optval, len)) {
		err = -EFAULT;
		goto out;
	}
	err = sctp_udp_so_get_port(sk, &encap);
	if (err)
		goto out;
	if (copy_to_user(optval, &encap, len) || put_user(len, optlen))
		err = -EFAULT;
out:
	release_sock(sk);
	return err;
}

/* ------------------------------------------------------------------ */
/* The wrappers                                                        */

static int sctp_udp_so_set_wrap(struct sctp_udp_so_proto *p, struct sock *sk,
				int level, int optname,
				sctp_udp_optval_t optval, unsigned int optlen)
{
	int err;

	sctp_udp_so_enter();
	if (level == SOL_SCTP && optname == SCTP_REMOTE_UDP_ENCAPS_PORT)
		err = sctp_udp_so_setsockopt(sk, optval, optlen);
	else
		err = p->own.setsockopt(sk, level, optname, optval, optlen);
	sctp_udp_so_leave();
	return err;
}

static int sctp_udp_so_get_wrap(struct sctp_udp_so_proto *p, struct sock *sk,
				int level, int optname, char __user *optval,
				int __user *optlen)
{
	int err;

	sctp_udp_so_enter();
	if (level == SOL_SCTP && optname == SCTP_REMOTE_UDP_ENCAPS_PORT)
		err = sctp_udp_so_getsockopt(sk, optval, optlen);
	else
		err = p->own.getsockopt(sk, level, optname, optval, optlen);
	sctp_udp_so_leave();
	return err;
}

static void sctp_udp_so_destroy_wrap(struct sctp_udp_so_proto *p,
				     struct sock *sk)
{
	sctp_udp_so_enter();
	p->own.destroy(sk);
	sctp_udp_so_forget(sk);
	sctp_udp_mtu_forget(sk);
	sctp_udp_so_leave();
}

/*
 * From release_sock(): the socket is owned, its spinlock held, bottom
 * halves off.  Called for every release of every SCTP socket, so it is
 * not counted in sctp_udp_so_inflight: a section with bottom halves off
 * is waited for by the grace periods of sctp_udp_sockopt_stop() alone.
 */
static void sctp_udp_so_release_cb_wrap(struct sctp_udp_so_proto *p,
					struct sock *sk)
{
	if (p->own.release_cb)
		p->own.release_cb(sk);
	sctp_udp_mtu_owned(sk);
}

static int sctp_udp_so_set4(struct sock *sk, int level, int optname,
			    sctp_udp_optval_t optval, unsigned int optlen)
{
	return sctp_udp_so_set_wrap(&sctp_udp_so_v4, sk, level, optname,
				    optval, optlen);
}

static int sctp_udp_so_set6(struct sock *sk, int level, int optname,
			    sctp_udp_optval_t optval, unsigned int optlen)
{
	return sctp_udp_so_set_wrap(&sctp_udp_so_v6, sk, level, optname,
				    optval, optlen);
}

static int sctp_udp_so_get4(struct sock *sk, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	return sctp_udp_so_get_wrap(&sctp_udp_so_v4, sk, level, optname,
				    optval, optlen);
}

static int sctp_udp_so_get6(struct sock *sk, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	return sctp_udp_so_get_wrap(&sctp_udp_so_v6, sk, level, optname,
				    optval, optlen);
}

static void sctp_udp_so_destroy4(struct sock *sk)
{
	sctp_udp_so_destroy_wrap(&sctp_udp_so_v4, sk);
}

static void sctp_udp_so_destroy6(struct sock *sk)
{
	sctp_udp_so_destroy_wrap(&sctp_udp_so_v6, sk);
}

static void sctp_udp_so_release_cb4(struct sock *sk)
{
	sctp_udp_so_release_cb_wrap(&sctp_udp_so_v4, sk);
}

static void sctp_udp_so_release_cb6(struct sock *sk)
{
	sctp_udp_so_release_cb_wrap(&sctp_udp_so_v6, sk);
}

/* ------------------------------------------------------------------ */
/* Transmit                                                            */

struct sctp_udp_so_tx {
	struct sctp_udp_net *sun;
	struct sctp_udp_so *so;
	__be16 port;
};

/* The path's association is alive here (the transport is held). */
static int sctp_udp_so_tx_cb(struct sctp_transport *t, void *arg)
{
	struct sctp_udp_so_tx *tx = arg;

	tx->port = sctp_udp_so_inherited(tx->sun, tx->so, t->asoc, t);
	return 0;
}

/**
 * sctp_udp_sockopt_tx_port() - port of a path without a ports.c entry
 * @sun: namespace
 * @skb: an SCTP packet at LOCAL_OUT
 * @key: its path
 * @port: set to the remote UDP port (0: plain SCTP)
 *
 * If the sending socket used SCTP_REMOTE_UDP_ENCAPS_PORT, the path gets
 * what sctp_udp_so_inherited() says and keeps it (it becomes the path's
 * entry): once per path.  Runs in the hook: RCU only, no lock.
 *
 * Return: true if @port was set; false: use the namespace default.
 */
bool sctp_udp_sockopt_tx_port(struct sctp_udp_net *sun,
			      const struct sk_buff *skb,
			      const struct sctp_udp_key *key, __be16 *port)
{
	union sctp_addr laddr, paddr;
	struct sctp_udp_so_tx tx;
	struct sctp_udp_so *so;

	if (!skb->sk || !atomic_read(&sctp_udp_so_table.nelems) ||
	    READ_ONCE(sctp_udp_so_stopping))
		return false;

	memset(&laddr, 0, sizeof(laddr));
	memset(&paddr, 0, sizeof(paddr));
	if (key->family == AF_INET) {
		laddr.v4.sin_family = AF_INET;
		laddr.v4.sin_addr.s_addr = ip_hdr(skb)->saddr;
		laddr.v4.sin_port = key->lport;
		paddr.v4.sin_family = AF_INET;
		paddr.v4.sin_addr.s_addr = key->raddr.v4;
		paddr.v4.sin_port = key->rport;
	} else {
		laddr.v6.sin6_family = AF_INET6;
		laddr.v6.sin6_addr = ipv6_hdr(skb)->saddr;
		laddr.v6.sin6_port = key->lport;
		paddr.v6.sin6_family = AF_INET6;
		paddr.v6.sin6_addr = key->raddr.v6;
		paddr.v6.sin6_port = key->rport;
	}

	rcu_read_lock();
	so = sctp_udp_so_find(skb->sk);
	if (!so) {
		rcu_read_unlock();
		return false;
	}
	tx.sun = sun;
	tx.so = so;
	if (sctp_transport_lookup_process(sctp_udp_so_tx_cb, sun->net,
					  &laddr, &paddr, &tx))
		tx.port = READ_ONCE(so->port);	/* no association (yet) */
	*port = tx.port;
	rcu_read_unlock();

	sctp_udp_ports_learn(sun, key, &laddr, *port, false);
	return true;
}

/**
 * sctp_udp_sockopt_path_port() - the remote UDP port of a path's packets
 * @sun: namespace
 * @t: the path
 *
 * What tx.c will find for the path's packets (its entry, else what it
 * inherits), without recording anything: for mtu.c.  RCU only, no lock.
 *
 * Return: the port (network order), 0 for plain SCTP.
 */
__be16 sctp_udp_sockopt_path_port(struct sctp_udp_net *sun,
				  const struct sctp_transport *t)
{
	struct sctp_udp_so *so = NULL;
	__be16 port;

	rcu_read_lock();
	if (atomic_read(&sctp_udp_so_table.nelems) &&
	    !READ_ONCE(sctp_udp_so_stopping))
		so = sctp_udp_so_find(t->asoc->base.sk);
	port = sctp_udp_so_path_port(sun, so, t);
	rcu_read_unlock();
	return port;
}

/* ------------------------------------------------------------------ */
/* Swapping SCTP's struct proto                                        */

static struct proto *sctp_udp_so_prot(int family)
{
	struct socket *sock;
	struct proto *prot;

	if (sock_create_kern(&init_net, family, SOCK_SEQPACKET, IPPROTO_SCTP,
			     &sock))
		return NULL;
	prot = sock->sk->sk_prot;
	sock_release(sock);
	return prot;
}

static const struct sctp_udp_so_fns sctp_udp_so_wrap4 = {
	.setsockopt	= sctp_udp_so_set4,
	.getsockopt	= sctp_udp_so_get4,
	.destroy	= sctp_udp_so_destroy4,
	.release_cb	= sctp_udp_so_release_cb4,
};

static const struct sctp_udp_so_fns sctp_udp_so_wrap6 = {
	.setsockopt	= sctp_udp_so_set6,
	.getsockopt	= sctp_udp_so_get6,
	.destroy	= sctp_udp_so_destroy6,
	.release_cb	= sctp_udp_so_release_cb6,
};

static void sctp_udp_so_swap(struct sctp_udp_so_proto *p, struct proto *prot,
			     const struct sctp_udp_so_fns *wrap)
{
	p->prot = prot;
	p->wrap = wrap;
	p->own.setsockopt = prot->setsockopt;
	p->own.getsockopt = prot->getsockopt;
	p->own.destroy = prot->destroy;
	p->own.release_cb = prot->release_cb;
	WRITE_ONCE(prot->release_cb, wrap->release_cb);
	WRITE_ONCE(prot->destroy, wrap->destroy);
	WRITE_ONCE(prot->getsockopt, wrap->getsockopt);
	WRITE_ONCE(prot->setsockopt, wrap->setsockopt);
}

static void sctp_udp_so_restore(struct sctp_udp_so_proto *p)
{
	struct proto *prot = p->prot;

	if (!prot)
		return;
	/* Someone who swapped after us would now call freed code. */
	WARN_ON_ONCE(prot->setsockopt != p->wrap->setsockopt ||
		     prot->getsockopt != p->wrap->getsockopt ||
		     prot->destroy != p->wrap->destroy ||
		     prot->release_cb != p->wrap->release_cb);
	WRITE_ONCE(prot->setsockopt, p->own.setsockopt);
	WRITE_ONCE(prot->getsockopt, p->own.getsockopt);
	WRITE_ONCE(prot->destroy, p->own.destroy);
	WRITE_ONCE(prot->release_cb, p->own.release_cb);
}

/**
 * sctp_udp_sockopt_init() - the per-socket table
 *
 * Return: 0 or a negative errno.
 */
int sctp_udp_sockopt_init(void)
{
	return rhashtable_init(&sctp_udp_so_table, &sctp_udp_so_params);
}

/**
 * sctp_udp_sockopt_start() - put the wrappers into SCTP's struct proto
 *
 * Return: 0 or a negative errno.
 */
int sctp_udp_sockopt_start(void)
{
	struct proto *v4, *v6;

	v4 = sctp_udp_so_prot(AF_INET);
	if (!v4) {
		pr_err("no SCTP socket: SCTP_REMOTE_UDP_ENCAPS_PORT unavailable\n");
		return -EPROTONOSUPPORT;
	}
	v6 = sctp_udp_so_prot(AF_INET6);	/* NULL if IPv6 is disabled */
	if (v4->setsockopt == sctp_udp_so_set4 ||
	    (v6 && v6->setsockopt == sctp_udp_so_set6))
		return -EBUSY;

	/* sctp.ko must stay while its struct proto points here. */
	sctp_udp_so_owner = v4->owner;
	if (!try_module_get(sctp_udp_so_owner))
		return -ENODEV;

	WRITE_ONCE(sctp_udp_so_stopping, false);
	sctp_udp_so_swap(&sctp_udp_so_v4, v4, &sctp_udp_so_wrap4);
	if (v6)
		sctp_udp_so_swap(&sctp_udp_so_v6, v6, &sctp_udp_so_wrap6);
	return 0;
}

/**
 * sctp_udp_sockopt_stop() - give SCTP its functions back
 *
 * Once this returns, no CPU is or will be in a wrapper: the module text
 * can go.  Three things can be under way when the pointers are put back:
 *  1. a caller that read a wrapper's address from struct proto but has
 *     not yet entered it (and counted itself in sctp_udp_so_inflight);
 *  2. a wrapper between its entry and the return of SCTP's function, which
 *     may sleep for long (lock_sock, a blocking connectx);
 *  3. a wrapper that has uncounted itself but not yet returned.
 * A grace period of RCU-tasks ends only when every task has passed a
 * voluntary context switch, user mode or idle; none of 1 or 3 contains
 * one.  So: wait one such grace period (for 1), then for the counter
 * (for 2; rmmod may wait while a call sleeps in SCTP), then one more grace
 * period (for 3).  On kernels without CONFIG_TASKS_RCU (not preemptible,
 * as Debian's) synchronize_rcu_tasks() is synchronize_rcu(), which is
 * enough there because 1 and 3 cannot be preempted either.
 */
void sctp_udp_sockopt_stop(void)
{
	if (!sctp_udp_so_v4.prot)
		return;
	WRITE_ONCE(sctp_udp_so_stopping, true);
	sctp_udp_so_restore(&sctp_udp_so_v6);
	sctp_udp_so_restore(&sctp_udp_so_v4);
	synchronize_rcu_tasks();
	wait_event(sctp_udp_so_wq, !atomic_read(&sctp_udp_so_inflight));
	synchronize_rcu_tasks();
	sctp_udp_so_v4.prot = NULL;
	sctp_udp_so_v6.prot = NULL;
	module_put(sctp_udp_so_owner);
}

static void sctp_udp_so_free_entry(void *ptr, void *arg)
{
	sctp_udp_so_free(ptr);
}

/* After sctp_udp_sockopt_stop() and once no hook can run. */
void sctp_udp_sockopt_exit(void)
{
	rcu_barrier();		/* sctp_udp_so_free_rcu() callbacks */
	rhashtable_free_and_destroy(&sctp_udp_so_table, sctp_udp_so_free_entry,
				    NULL);
}
