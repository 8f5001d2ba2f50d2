// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: the remote UDP encapsulation port of every path, RFC 6951
 * section 5.1 ("for each destination address of each association").
 *
 * A path is keyed by (family, remote address, local SCTP port, remote SCTP
 * port): that identifies one transport of one association, and it is what
 * both the receive path and the LOCAL_OUT hook can read from a packet.
 * Lookups are O(1) (rhashtable, RCU).  An entry with port 0 records that
 * the path went back to plain SCTP.  A periodic worker frees the entries
 * whose association is gone, so the table does not grow without bound.
 * It asks SCTP whether a path's association lives 10 s after the entry was
 * made or last changed, then 20 s and 40 s after each answer that it does,
 * and every 40 s from then on: a long-lived entry costs a quarter of the
 * lookups.  The worker walks the table a slice a second, and starts the
 * next walk 5 s after one ends.  A slice is 256 entries, or a 40th of the
 * table if that is more, so that a walk takes at most about 40 s however
 * large the table grows (a flood of junk entries goes as fast as 10,000
 * entries do).  With 10,000 entries a slice takes about 0.3 ms, where one
 * pass over them took up to 15 ms at once and stalled whatever ran on
 * that CPU.  An entry goes 10 to 45 s after its association, plus 1 s per
 * 256 entries of the table, 40 s at most.
 *
 * Every packet sent or received over UDP looks its path up, and a busy
 * path is looked up again and again: a small per-CPU cache in front of
 * the table answers those without hashing the key.  It holds copies of
 * entries, and the answer "no entry" for a path that has none (a plain
 * path beside encapsulated ones: each of its packets looks it up too),
 * each stamped with the table's generation, which every change to the
 * table (an entry made, moved or freed) bumps: a copy older than the
 * table is never used.
 */
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "sctp_udp.h"

/* An entry's association is looked for this long after the entry changed. */
#define SCTP_UDP_PORTS_GRACE	(10 * HZ)
/* ... and GRACE << n after n answers that it lives, n at most this. */
#define SCTP_UDP_PORTS_LIVE_MAX	2
/* From the end of one walk of the table to the start of the next. */
#define SCTP_UDP_PORTS_GC	(5 * HZ)
/*
 * A walk visits this many entries at a time, or a GC_PARTS'th of the
 * table if that is more, a slice every GC_NEXT; a larger slice lets
 * others run every GC_SLICE entries.
 */
#define SCTP_UDP_PORTS_GC_SLICE	256
#define SCTP_UDP_PORTS_GC_PARTS	40
#define SCTP_UDP_PORTS_GC_NEXT	HZ
/* Upper bound per namespace, against floods of new tuples. */
#define SCTP_UDP_PORTS_MAX	(1 << 18)

struct sctp_udp_port_entry {
	struct rhash_head node;
	struct sctp_udp_key key;
	union sctp_addr laddr;		/* last local address seen */
	__be16 port;			/* remote UDP port, 0 = plain */
	bool verified;			/* learned from a vtag-checked packet */
	u8 live;			/* association found, up to LIVE_MAX */
	unsigned long updated;		/* jiffies of the last change/check */
	unsigned long created;
	struct rcu_head rcu;
};

/*
 * The per-CPU cache: a few slots per context, a slot chosen by the SCTP
 * ports.  Task context and softirq (or bottom halves off) have their own
 * slots, so that a softirq interrupting a task on its CPU cannot tear the
 * slot the task is writing; preemption is off while one is in use.
 */
#define SCTP_UDP_PCACHE_BITS	3

struct sctp_udp_pcache_slot {
	struct sctp_udp_key key;
	u32 gen;			/* sun->ports_gen when copied */
	__be16 port;
	bool found;			/* false: the table has no entry */
};

struct sctp_udp_pcache {
	struct sctp_udp_pcache_slot slot[2][1 << SCTP_UDP_PCACHE_BITS];
};

/*
 * Are two keys the same?  rhashtable's default compare is memcmp(), which
 * 5.10 runs a byte at a time (lib/string.c): 24 rounds of a loop, per
 * packet.  The key is three aligned 64-bit words with no holes
 * (sctp_udp_key: pad is zeroed with the rest), so compare those, without
 * a loop: every packet sent or received over UDP compares one key.
 */
static bool sctp_udp_key_eq(const struct sctp_udp_key *ka,
			    const struct sctp_udp_key *kb)
{
	const u64 *a = (const u64 *)ka, *b = (const u64 *)kb;

	BUILD_BUG_ON(sizeof(struct sctp_udp_key) != 3 * sizeof(u64));
	return !((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]));
}

/* Is @obj's key the one looked up?  0 on a match, as memcmp() would. */
static int sctp_udp_ports_cmp(struct rhashtable_compare_arg *arg,
			      const void *obj)
{
	const struct sctp_udp_port_entry *e = obj;

	return !sctp_udp_key_eq(&e->key, arg->key);
}

static const struct rhashtable_params sctp_udp_ports_params = {
	.key_len = sizeof(struct sctp_udp_key),
	.key_offset = offsetof(struct sctp_udp_port_entry, key),
	.head_offset = offsetof(struct sctp_udp_port_entry, node),
	.obj_cmpfn = sctp_udp_ports_cmp,
	.automatic_shrinking = true,
};

/*
 * The table changed: the copies in the per-CPU caches are stale.  After
 * the change itself, so that a lookup that reads the new generation
 * finds the table changed.
 */
static void sctp_udp_ports_changed(struct sctp_udp_net *sun)
{
	/* Pairs with the acquire in sctp_udp_ports_lookup(). */
	smp_mb__before_atomic();
	atomic_inc(&sun->ports_gen);
}

/* This CPU's slot for @key, in this context; preemption is off. */
static struct sctp_udp_pcache_slot *
sctp_udp_pcache_slot(struct sctp_udp_net *sun, const struct sctp_udp_key *key)
{
	u32 way = hash_32((__force u32)(key->lport ^ key->rport),
			  SCTP_UDP_PCACHE_BITS);

	return &this_cpu_ptr(sun->pcache)->slot[in_softirq() ? 1 : 0][way];
}

/**
 * sctp_udp_ports_lookup() - remote UDP port of a path
 * @sun: namespace
 * @key: the path
 * @found: set to whether the table has an entry for it
 *
 * Return: the port (network order); 0 with *@found set means plain SCTP.
 */
__be16 sctp_udp_ports_lookup(struct sctp_udp_net *sun,
			     const struct sctp_udp_key *key, bool *found)
{
	struct sctp_udp_pcache_slot *slot = NULL;
	struct sctp_udp_port_entry *e;
	__be16 port = 0;
	u32 gen;

	*found = false;
	if (!atomic_read(&sun->nports))
		return 0;

	/* Before the table is read: see sctp_udp_ports_changed(). */
	gen = atomic_read_acquire(&sun->ports_gen);
	preempt_disable();
	/* Hard interrupts have no slots of their own: none use this. */
	if (likely(!hardirq_count() && !in_nmi())) {
		slot = sctp_udp_pcache_slot(sun, key);
		if (slot->gen == gen && sctp_udp_key_eq(&slot->key, key)) {
			*found = slot->found;
			port = slot->port;
			SCTP_UDP_INC(sun, ports_cache_hit);
			goto out;
		}
	}

	rcu_read_lock();
	e = rhashtable_lookup(&sun->ports, key, sctp_udp_ports_params);
	if (e) {
		*found = true;
		port = READ_ONCE(e->port);
	}
	rcu_read_unlock();
	/* A miss is kept too: an entry made since bumped the generation. */
	if (slot) {
		slot->key = *key;
		slot->port = port;
		slot->found = *found;
		slot->gen = gen;
	}
out:
	preempt_enable();
	return port;
}

/**
 * sctp_udp_ports_learn() - record the remote UDP port of a path
 * @sun: namespace
 * @key: the path
 * @laddr: local address and SCTP port the packet was sent to
 * @port: remote UDP port (network order), 0 for plain SCTP
 * @verified: the packet passed the association's verification-tag check
 *
 * Return: 0, or -ENOMEM / -ENOSPC when no entry could be made.
 */
int sctp_udp_ports_learn(struct sctp_udp_net *sun,
			 const struct sctp_udp_key *key,
			 const union sctp_addr *laddr, __be16 port,
			 bool verified)
{
	struct sctp_udp_port_entry *e, *old;

	rcu_read_lock();
	e = rhashtable_lookup(&sun->ports, key, sctp_udp_ports_params);
	if (e) {
		if (READ_ONCE(e->port) != port) {
			WRITE_ONCE(e->port, port);
			WRITE_ONCE(e->live, 0);
			sctp_udp_ports_changed(sun);
			SCTP_UDP_INC(sun, ports_changed);
		}
		if (verified && !READ_ONCE(e->verified))
			WRITE_ONCE(e->verified, true);
		WRITE_ONCE(e->updated, jiffies);
		rcu_read_unlock();
		return 0;
	}
	rcu_read_unlock();

	if (atomic_read(&sun->nports) >= SCTP_UDP_PORTS_MAX) {
		SCTP_UDP_INC(sun, ports_drop_full);
		return -ENOSPC;
	}
	if (sctp_udp_should_fail(SCTP_UDP_FAULT_PORTS_ALLOC))
		e = NULL;
	else
		e = kzalloc(sizeof(*e), GFP_ATOMIC);
	if (!e) {
		SCTP_UDP_INC(sun, ports_drop_full);
		return -ENOMEM;
	}
	e->key = *key;
	e->laddr = *laddr;
	e->port = port;
	e->verified = verified;
	e->created = jiffies;
	e->updated = e->created;

	old = rhashtable_lookup_get_insert_fast(&sun->ports, &e->node,
						sctp_udp_ports_params);
	if (IS_ERR(old)) {
		kfree(e);
		SCTP_UDP_INC(sun, ports_drop_full);
		return PTR_ERR(old);
	}
	if (old) {
		/* Lost a race with another CPU: update the winner. */
		kfree(e);
		WRITE_ONCE(old->port, port);
		WRITE_ONCE(old->updated, jiffies);
		sctp_udp_ports_changed(sun);
		return 0;
	}
	sctp_udp_ports_changed(sun);
	atomic_inc(&sun->nports);
	SCTP_UDP_INC(sun, ports_learned);
	return 0;
}

/**
 * sctp_udp_ports_seed() - first remote UDP port of a path heard of only
 * in an INIT or INIT-ACK address list
 * @sun: namespace
 * @key: the path
 * @laddr: local address and SCTP port the INIT(-ACK) was sent to
 * @port: the INIT(-ACK)'s UDP source port (network order)
 *
 * As native Linux gives every peer address the INIT's port until the
 * path teaches its own: creates an unverified entry, or moves one that
 * no vtag-checked packet has confirmed yet.  A verified entry stays.
 */
void sctp_udp_ports_seed(struct sctp_udp_net *sun,
			 const struct sctp_udp_key *key,
			 const union sctp_addr *laddr, __be16 port)
{
	struct sctp_udp_port_entry *e;
	bool verified = false;

	rcu_read_lock();
	e = rhashtable_lookup(&sun->ports, key, sctp_udp_ports_params);
	if (e)
		verified = READ_ONCE(e->verified);
	rcu_read_unlock();
	if (!verified)
		sctp_udp_ports_learn(sun, key, laddr, port, false);
}

static int sctp_udp_ports_exists_cb(struct sctp_transport *t, void *arg)
{
	return 0;
}

static bool sctp_udp_ports_has_assoc(struct sctp_udp_net *sun,
				     const struct sctp_udp_port_entry *e)
{
	union sctp_addr paddr;

	memset(&paddr, 0, sizeof(paddr));
	if (e->key.family == AF_INET) {
		paddr.v4.sin_family = AF_INET;
		paddr.v4.sin_addr.s_addr = e->key.raddr.v4;
		paddr.v4.sin_port = e->key.rport;
	} else {
		paddr.v6.sin6_family = AF_INET6;
		paddr.v6.sin6_addr = e->key.raddr.v6;
		paddr.v6.sin6_port = e->key.rport;
		paddr.v6.sin6_scope_id = e->laddr.v6.sin6_scope_id;
	}
	return !sctp_transport_lookup_process(sctp_udp_ports_exists_cb,
					      sun->net, &e->laddr, &paddr,
					      NULL);
}

static void sctp_udp_ports_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/* One entry of the walk: ask SCTP about it if it is due, free it if gone. */
static void sctp_udp_ports_gc_one(struct sctp_udp_net *sun,
				  struct sctp_udp_port_entry *e,
				  unsigned long now)
{
	if (time_before(now, READ_ONCE(e->updated) +
			(SCTP_UDP_PORTS_GRACE << READ_ONCE(e->live))))
		return;
	if (sctp_udp_ports_has_assoc(sun, e)) {
		if (e->live < SCTP_UDP_PORTS_LIVE_MAX)
			WRITE_ONCE(e->live, e->live + 1);
		WRITE_ONCE(e->updated, now);
		return;
	}
	if (!rhashtable_remove_fast(&sun->ports, &e->node,
				    sctp_udp_ports_params)) {
		sctp_udp_ports_changed(sun);
		atomic_dec(&sun->nports);
		SCTP_UDP_INC(sun, ports_expired);
		kfree_rcu(e, rcu);
	}
}

/*
 * Go on with the walk after a stop.  When the table was resized while the
 * walk stood still, rhashtable_walk_start_check() starts the walk over from
 * the first bucket but keeps the entry it stopped on as its place, and the
 * next rhashtable_walk_next() reads that entry's successor: the entry may
 * have been freed since (this worker frees entries, and a walk stops for a
 * second; 5.10's lib/rhashtable.c does so, KASAN saw it).  Then the
 * iterator is let go and taken again: the walk starts over with no place.
 */
static void sctp_udp_ports_gc_start(struct sctp_udp_net *sun)
	__acquires(RCU)
{
	struct rhashtable_iter *iter = &sun->gc_iter;

	if (rhashtable_walk_start_check(iter) != -EAGAIN)
		return;
	rhashtable_walk_stop(iter);
	rhashtable_walk_exit(iter);
	rhashtable_walk_enter(&sun->ports, iter);
	rhashtable_walk_start(iter);
}

/*
 * Free the entries whose association has been gone for a while: the next
 * slice of the walk.  The walk keeps its place in sun->gc_iter between
 * slices (the table may change meanwhile: after a resize the walk starts
 * over, and may see an entry twice; that costs nothing, as an entry just
 * checked is not due again).
 */
static void sctp_udp_ports_gc(struct work_struct *work)
{
	struct sctp_udp_net *sun = container_of(to_delayed_work(work),
						struct sctp_udp_net, gc_work);
	struct rhashtable_iter *iter = &sun->gc_iter;
	struct sctp_udp_port_entry *e = NULL;
	unsigned int slice = max_t(unsigned int, SCTP_UDP_PORTS_GC_SLICE,
				   atomic_read(&sun->nports) /
				   SCTP_UDP_PORTS_GC_PARTS);
	unsigned long now = jiffies;
	unsigned int n;

	if (!sun->gc_walking) {
		rhashtable_walk_enter(&sun->ports, iter);
		sun->gc_walking = true;
	}
	sctp_udp_ports_gc_start(sun);
	for (n = 0; n < slice; n++) {
		if (n && n % SCTP_UDP_PORTS_GC_SLICE == 0) {
			rhashtable_walk_stop(iter);
			cond_resched();
			sctp_udp_ports_gc_start(sun);
		}
		e = rhashtable_walk_next(iter);
		if (IS_ERR(e)) {
			if (PTR_ERR(e) == -EAGAIN)
				continue;
			e = NULL;	/* cannot happen: end this walk */
		}
		if (!e)
			break;
		sctp_udp_ports_gc_one(sun, e, now);
	}
	rhashtable_walk_stop(iter);
	if (!e) {
		rhashtable_walk_exit(iter);
		sun->gc_walking = false;
	}
	queue_delayed_work(system_power_efficient_wq, &sun->gc_work,
			   e ? SCTP_UDP_PORTS_GC_NEXT : SCTP_UDP_PORTS_GC);
}

int sctp_udp_ports_show(struct seq_file *m, struct sctp_udp_net *sun)
{
	struct sctp_udp_port_entry *e;
	struct rhashtable_iter iter;

	seq_puts(m, "family remote_addr local_sctp_port remote_sctp_port udp_port verified age_s\n");
	rhashtable_walk_enter(&sun->ports, &iter);
	rhashtable_walk_start(&iter);
	while ((e = rhashtable_walk_next(&iter))) {
		if (IS_ERR(e)) {
			if (PTR_ERR(e) == -EAGAIN)
				continue;
			break;
		}
		if (e->key.family == AF_INET)
			seq_printf(m, "ipv4 %pI4", &e->key.raddr.v4);
		else
			seq_printf(m, "ipv6 %pI6c", &e->key.raddr.v6);
		seq_printf(m, " %u %u %u %d %lu\n", ntohs(e->key.lport),
			   ntohs(e->key.rport), ntohs(READ_ONCE(e->port)),
			   READ_ONCE(e->verified),
			   (jiffies - e->created) / HZ);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return 0;
}

int sctp_udp_ports_init(struct sctp_udp_net *sun)
{
	int err;

	atomic_set(&sun->nports, 0);
	sun->gc_walking = false;
	/* 1: a slot never filled (generation 0) is never used. */
	atomic_set(&sun->ports_gen, 1);
	sun->pcache = alloc_percpu(struct sctp_udp_pcache);
	if (!sun->pcache)
		return -ENOMEM;
	err = rhashtable_init(&sun->ports, &sctp_udp_ports_params);
	if (err) {
		free_percpu(sun->pcache);
		return err;
	}
	INIT_DELAYED_WORK(&sun->gc_work, sctp_udp_ports_gc);
	queue_delayed_work(system_power_efficient_wq, &sun->gc_work,
			   SCTP_UDP_PORTS_GC);
	return 0;
}

void sctp_udp_ports_exit(struct sctp_udp_net *sun)
{
	cancel_delayed_work_sync(&sun->gc_work);
	if (sun->gc_walking)
		rhashtable_walk_exit(&sun->gc_iter);
	rhashtable_free_and_destroy(&sun->ports, sctp_udp_ports_free, NULL);
	free_percpu(sun->pcache);
}
