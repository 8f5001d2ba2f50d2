// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp and the path MTU, RFC 6951 section 5.6: SCTP must leave room
 * for the 8-byte UDP header on every encapsulated path, or each of its
 * full-sized packets would need IP fragmentation once encapsulated.
 *
 * Linux before 5.11 sizes SCTP packets with two figures that know nothing
 * of UDP: a packet's overhead, which sctp_packet_config() sets each time
 * it starts a packet for a path, and an association's fragmentation point
 * (the largest DATA chunk a message is cut into), which
 * sctp_assoc_update_frag_point() derives from the smallest path MTU.
 * The module adds the 8 bytes exactly where they are needed:
 *
 *  - a packet started for a path whose packets tx.c encapsulates gets 8
 *    more bytes of overhead (kretprobe on sctp_packet_config());
 *  - an association with at least one encapsulated path gets a
 *    fragmentation point 8 bytes lower: set when SCTP sets it (kretprobe
 *    on sctp_assoc_update_frag_point()), and again before each message is
 *    cut into chunks (kprobe on sctp_datamsg_from_user()), which also
 *    covers the calls the compiler inlined, and a path that changed since.
 *
 * A plain path, and an association whose paths have all gone back to
 * plain SCTP (RFC 6951 section 5.4), keeps every byte of its MTU; native
 * Linux 5.11+ reserves the 8 bytes for every socket of a namespace with
 * udp_port set.  Where kprobes cannot be used (a kernel without them),
 * the module falls back to reserving the 8 bytes on every path: it raises
 * net_header_len in SCTP's two address family descriptors, the one
 * per-family term of SCTP's sizing.  Either way no pointer to module
 * memory stays in SCTP, so unloading is safe; the probes go, or the
 * original values are put back.
 */
#include <linux/kprobes.h>
#include <linux/net.h>
#include <net/sctp/structs.h>

#include "sctp_udp.h"
#include "compat.h"

#ifdef CONFIG_KRETPROBES

/* Does SCTP send this path's packets through tx.c's encapsulation? */
static bool sctp_udp_mtu_encapsulated(const struct sctp_transport *t)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(sock_net(t->asoc->base.sk));

	return READ_ONCE(sun->udp_port_be) &&
	       sctp_udp_sockopt_path_port(sun, t);
}

/* SCTP's sctp_assoc_update_frag_point(), with the UDP header counted. */
static void sctp_udp_mtu_frag(struct sctp_association *asoc)
{
	struct sctp_sock *sp = sctp_sk(asoc->base.sk);
	u32 datachk = sctp_datachk_len(&asoc->stream);
	u32 over = sizeof(struct sctphdr) + sp->pf->af->net_header_len +
		   datachk;
	struct sctp_transport *t;
	int frag;

	list_for_each_entry(t, &asoc->peer.transport_addr_list, transports) {
		if (sctp_udp_mtu_encapsulated(t)) {
			over += SCTP_UDP_HLEN;
			break;
		}
	}
	/* No MTU yet, or one SCTP itself warns about: leave SCTP's value. */
	if (asoc->pathmtu <= over)
		return;
	frag = asoc->pathmtu - over;
	if (asoc->user_frag)
		frag = min_t(int, frag, asoc->user_frag);
	frag = min_t(int, frag, SCTP_MAX_CHUNK_LEN - datachk);
	WRITE_ONCE(asoc->frag_point, SCTP_TRUNC4(frag));
}

static int sctp_udp_mtu_cfg_entry(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct sctp_packet *packet = (void *)sctp_udp_regs_arg0(regs);

	/* sctp_packet_config() sets the overhead of empty packets only. */
	if (!sctp_packet_empty(packet) || !packet->transport->asoc ||
	    !sctp_udp_mtu_encapsulated(packet->transport))
		return 1;		/* plain: nothing to do on return */
	*(struct sctp_packet **)ri->data = packet;
	return 0;
}

static int sctp_udp_mtu_cfg_ret(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct sctp_packet *packet = *(struct sctp_packet **)ri->data;

	packet->overhead += SCTP_UDP_HLEN;
	packet->size += SCTP_UDP_HLEN;
	return 0;
}

static struct kretprobe sctp_udp_mtu_cfg_probe = {
	.kp.symbol_name	= "sctp_packet_config",
	.entry_handler	= sctp_udp_mtu_cfg_entry,
	.handler	= sctp_udp_mtu_cfg_ret,
	.data_size	= sizeof(struct sctp_packet *),
};

static int sctp_udp_mtu_frag_entry(struct kretprobe_instance *ri,
				   struct pt_regs *regs)
{
	*(void **)ri->data = (void *)sctp_udp_regs_arg0(regs);
	return 0;
}

static int sctp_udp_mtu_frag_ret(struct kretprobe_instance *ri,
				 struct pt_regs *regs)
{
	sctp_udp_mtu_frag(*(struct sctp_association **)ri->data);
	return 0;
}

static struct kretprobe sctp_udp_mtu_frag_probe = {
	.kp.symbol_name	= "sctp_assoc_update_frag_point",
	.entry_handler	= sctp_udp_mtu_frag_entry,
	.handler	= sctp_udp_mtu_frag_ret,
	.data_size	= sizeof(struct sctp_association *),
};

/* sctp_datamsg_from_user(asoc, ...) cuts a message at asoc->frag_point. */
static int sctp_udp_mtu_msg_pre(struct kprobe *p, struct pt_regs *regs)
{
	sctp_udp_mtu_frag((void *)sctp_udp_regs_arg0(regs));
	return 0;
}

static struct kprobe sctp_udp_mtu_msg_probe = {
	.symbol_name	= "sctp_datamsg_from_user",
	.pre_handler	= sctp_udp_mtu_msg_pre,
};

static int sctp_udp_mtu_probes_register(void)
{
	int err;

	err = register_kretprobe(&sctp_udp_mtu_cfg_probe);
	if (err)
		goto err_cfg;
	err = register_kretprobe(&sctp_udp_mtu_frag_probe);
	if (err)
		goto err_frag;
	err = register_kprobe(&sctp_udp_mtu_msg_probe);
	if (err)
		goto err_msg;
	return 0;

err_msg:
	unregister_kretprobe(&sctp_udp_mtu_frag_probe);
err_frag:
	unregister_kretprobe(&sctp_udp_mtu_cfg_probe);
err_cfg:
	return err;
}

static void sctp_udp_mtu_probes_unregister(void)
{
	unregister_kprobe(&sctp_udp_mtu_msg_probe);
	unregister_kretprobe(&sctp_udp_mtu_frag_probe);
	unregister_kretprobe(&sctp_udp_mtu_cfg_probe);
}

#else /* !CONFIG_KRETPROBES */

static int sctp_udp_mtu_probes_register(void)
{
	return -EOPNOTSUPP;
}

static void sctp_udp_mtu_probes_unregister(void)
{
}

#endif /* CONFIG_KRETPROBES */

/* The fallback: 8 more bytes of network header for every SCTP path. */
static struct sctp_af *sctp_udp_mtu_afs[2];
static bool sctp_udp_mtu_probed;

static struct sctp_af *sctp_udp_mtu_af_of(int family)
{
	struct socket *sock;
	struct sctp_af *af;

	if (sock_create_kern(&init_net, family, SOCK_SEQPACKET, IPPROTO_SCTP,
			     &sock))
		return NULL;
	af = sctp_sk(sock->sk)->pf->af;
	sock_release(sock);
	return af;
}

static void sctp_udp_mtu_raise(int delta)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sctp_udp_mtu_afs); i++)
		if (sctp_udp_mtu_afs[i])
			WRITE_ONCE(sctp_udp_mtu_afs[i]->net_header_len,
				   sctp_udp_mtu_afs[i]->net_header_len + delta);
}

/* After netns.c: the probes read every namespace's state. */
int sctp_udp_mtu_init(void)
{
	int err;

	err = sctp_udp_mtu_probes_register();
	if (!err) {
		sctp_udp_mtu_probed = true;
		return 0;
	}
	pr_warn("no kprobes (%d): the 8 bytes of UDP header are reserved on every SCTP path, plain ones too\n",
		err);
	sctp_udp_mtu_afs[0] = sctp_udp_mtu_af_of(AF_INET);
	if (!sctp_udp_mtu_afs[0]) {
		pr_err("cannot create an SCTP socket: is sctp loaded?\n");
		return -EPROTONOSUPPORT;
	}
	/* IPv6 may be disabled at boot: then only IPv4 needs the room. */
	sctp_udp_mtu_afs[1] = sctp_udp_mtu_af_of(AF_INET6);
	sctp_udp_mtu_raise(SCTP_UDP_HLEN);
	return 0;
}

void sctp_udp_mtu_exit(void)
{
	if (sctp_udp_mtu_probed)
		sctp_udp_mtu_probes_unregister();
	else
		sctp_udp_mtu_raise(-SCTP_UDP_HLEN);
}
