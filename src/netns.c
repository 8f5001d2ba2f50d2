// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: per network namespace state.  Each namespace has its own
 * ports (RFC 6951 section 5.1: one local encapsulation port per stack),
 * sockets, learned-port table, sysctls, hooks and counters.
 */
#include <linux/module.h>

#include "sctp_udp.h"

unsigned int sctp_udp_net_id __read_mostly;

static int __net_init sctp_udp_net_init(struct net *net)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(net);
	int err;

	sun->net = net;
	mutex_init(&sun->lock);
	sun->encap_port = sctp_udp_param_encap_port;
	WRITE_ONCE(sun->encap_port_be, htons(sun->encap_port));

	sun->stats = alloc_percpu(struct sctp_udp_stats);
	if (!sun->stats)
		return -ENOMEM;

	err = sctp_udp_ports_init(sun);
	if (err)
		goto err_ports;
	err = sctp_udp_sysctl_register(sun);
	if (err)
		goto err_sysctl;
	err = sctp_udp_nf_register(net);
	if (err)
		goto err_nf;
	err = sctp_udp_icmp_register(net);
	if (err)
		goto err_icmp;
	sun->nf_registered = true;

	if (sctp_udp_param_udp_port) {
		mutex_lock(&sun->lock);
		err = sctp_udp_sock_start(sun, sctp_udp_param_udp_port);
		mutex_unlock(&sun->lock);
		if (err) {
			pr_err("cannot open UDP port %u in a namespace: %d\n",
			       sctp_udp_param_udp_port, err);
			goto err_sock;
		}
	}

	sctp_udp_debugfs_net_add(sun);
	return 0;

err_sock:
	sun->nf_registered = false;
	sctp_udp_icmp_unregister(net);
err_icmp:
	sctp_udp_nf_unregister(net);
err_nf:
	sctp_udp_sysctl_unregister(sun);
err_sysctl:
	sctp_udp_ports_exit(sun);
err_ports:
	free_percpu(sun->stats);
	return err;
}

static void __net_exit sctp_udp_net_exit(struct net *net)
{
	struct sctp_udp_net *sun = sctp_udp_pernet(net);

	sctp_udp_debugfs_net_del(sun);
	if (sun->nf_registered) {
		sctp_udp_icmp_unregister(net);
		sctp_udp_nf_unregister(net);
	}
	mutex_lock(&sun->lock);
	sctp_udp_sock_stop(sun);
	mutex_unlock(&sun->lock);
	sctp_udp_sysctl_unregister(sun);
	/* No hook or socket can reach the table any more. */
	synchronize_net();
	sctp_udp_ports_exit(sun);
	free_percpu(sun->stats);
}

static struct pernet_operations sctp_udp_net_ops = {
	.init = sctp_udp_net_init,
	.exit = sctp_udp_net_exit,
	.id = &sctp_udp_net_id,
	.size = sizeof(struct sctp_udp_net),
};

int sctp_udp_netns_init(void)
{
	return register_pernet_subsys(&sctp_udp_net_ops);
}

void sctp_udp_netns_exit(void)
{
	unregister_pernet_subsys(&sctp_udp_net_ops);
}
