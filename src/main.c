// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp: RFC 6951 UDP encapsulation of SCTP for Linux kernels that lack
 * it (before 5.11).  Module parameters and the ordered init chain.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "sctp_udp.h"
#include "version.h"

unsigned short sctp_udp_param_udp_port = SCTP_UDP_DEFAULT_PORT;
unsigned short sctp_udp_param_encap_port;

static int sctp_udp_param_set_port(const char *val,
				   const struct kernel_param *kp)
{
	unsigned int port;
	int err;

	err = kstrtouint(val, 0, &port);
	if (err || port > 65535) {
		pr_err("%s=%s: not a UDP port (0-65535)\n", kp->name, val);
		return -EINVAL;
	}
	*(unsigned short *)kp->arg = port;
	return 0;
}

static const struct kernel_param_ops sctp_udp_port_ops = {
	.set = sctp_udp_param_set_port,
	.get = param_get_ushort,
};

module_param_cb(udp_port, &sctp_udp_port_ops, &sctp_udp_param_udp_port, 0444);
MODULE_PARM_DESC(udp_port,
		 "Local UDP port to receive and send encapsulated SCTP on, default of net.sctp.udp_port in new namespaces (0 = off; default 9899)");
module_param_cb(encap_port, &sctp_udp_port_ops, &sctp_udp_param_encap_port,
		0444);
MODULE_PARM_DESC(encap_port,
		 "Default remote UDP port of new associations, default of net.sctp.encap_port in new namespaces (0 = plain SCTP unless learned; default 0)");

static int __init sctp_udp_init(void)
{
	int err;

	err = sctp_udp_debugfs_init();
	if (err)
		goto err_debugfs;
	err = sctp_udp_mtu_init();
	if (err)
		goto err_mtu;
	err = sctp_udp_sockopt_init();
	if (err)
		goto err_sockopt;
	sctp_udp_gso_init();
	err = sctp_udp_netns_init();
	if (err)
		goto err_netns;
	/* Last: from here on, SCTP's sockets call into this module. */
	err = sctp_udp_sockopt_start();
	if (err)
		goto err_sockopt_start;
	sctp_udp_mtu_start();

	pr_info("RFC 6951 SCTP over UDP %s loaded (udp_port=%u encap_port=%u)\n",
		SCTP_UDP_VERSION, sctp_udp_param_udp_port,
		sctp_udp_param_encap_port);
	return 0;

err_sockopt_start:
	sctp_udp_netns_exit();
err_netns:
	sctp_udp_gso_exit();
	sctp_udp_sockopt_exit();
err_sockopt:
err_mtu:
	sctp_udp_debugfs_exit();
err_debugfs:
	return err;
}

static void __exit sctp_udp_exit(void)
{
	/* First: no socket points into this module any more. */
	sctp_udp_mtu_stop();
	/* SCTP stops calling in (waits for calls under way). */
	sctp_udp_sockopt_stop();
	sctp_udp_netns_exit();
	sctp_udp_gso_exit();
	sctp_udp_sockopt_exit();
	sctp_udp_debugfs_exit();
	pr_info("unloaded\n");
}

module_init(sctp_udp_init);
module_exit(sctp_udp_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The sctp-udp developers");
MODULE_DESCRIPTION("RFC 6951 UDP encapsulation of SCTP for kernels without native support");
MODULE_VERSION(SCTP_UDP_VERSION);
MODULE_SOFTDEP("pre: sctp");
