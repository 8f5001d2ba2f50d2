// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp sysctls, with native Linux 5.11+'s names and meaning, per
 * network namespace:
 *   net.sctp.udp_port    local UDP port; a write re-opens the sockets at
 *                        once; 0 turns encapsulation off in the namespace
 *   net.sctp.encap_port  default remote UDP port of new paths; 0 = plain
 * Both are range-checked (0-65535).  Writes are serialized by sun->lock,
 * and the namespace comes from the table itself, never from current.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>

#include "sctp_udp.h"

static int sctp_udp_port_max = 65535;

static int sctp_udp_sysctl_port(struct ctl_table *ctl, int write,
				void *buffer, size_t *lenp, loff_t *ppos)
{
	struct sctp_udp_net *sun = ctl->extra1;
	bool is_udp_port = ctl->data == &sun->udp_port;
	struct ctl_table tmp = *ctl;
	int val, err;

	mutex_lock(&sun->lock);
	val = is_udp_port ? sun->udp_port : sun->encap_port;
	tmp.data = &val;
	tmp.extra1 = SYSCTL_ZERO;
	tmp.extra2 = &sctp_udp_port_max;
	err = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (err || !write)
		goto out;

	if (is_udp_port) {
		err = sctp_udp_set_port(sun, val);
		if (err)
			pr_info_ratelimited("net.sctp.udp_port=%d refused: %d%s\n",
					    val, err,
					    err == -EADDRINUSE ?
					    " (port in use by another socket)" :
					    "");
	} else {
		if (!sun->encap_port && val)
			sctp_udp_encap_turned_on(sun);
		sun->encap_port = val;
		WRITE_ONCE(sun->encap_port_be, htons(val));
	}
out:
	mutex_unlock(&sun->lock);
	return err;
}

static const struct ctl_table sctp_udp_sysctl_template[] = {
	{
		.procname = "udp_port",
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = sctp_udp_sysctl_port,
	},
	{
		.procname = "encap_port",
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = sctp_udp_sysctl_port,
	},
	{ }
};

int sctp_udp_sysctl_register(struct sctp_udp_net *sun)
{
	struct ctl_table *t;

	t = kmemdup(sctp_udp_sysctl_template,
		    sizeof(sctp_udp_sysctl_template), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t[0].data = &sun->udp_port;
	t[0].extra1 = sun;
	t[1].data = &sun->encap_port;
	t[1].extra1 = sun;

	sun->sysctl_hdr = register_net_sysctl(sun->net, "net/sctp", t);
	if (!sun->sysctl_hdr) {
		kfree(t);
		pr_err("cannot register net.sctp.udp_port/encap_port\n");
		return -ENOMEM;
	}
	return 0;
}

void sctp_udp_sysctl_unregister(struct sctp_udp_net *sun)
{
	struct ctl_table *t;

	if (!sun->sysctl_hdr)
		return;
	t = sun->sysctl_hdr->ctl_table_arg;
	unregister_net_sysctl_table(sun->sysctl_hdr);
	sun->sysctl_hdr = NULL;
	kfree(t);
}
