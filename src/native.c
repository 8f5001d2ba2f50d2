// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp built against a kernel that already has RFC 6951 support
 * (Linux 5.11+, or a distribution kernel with it backported, detected from
 * the kernel's headers).  There is nothing to add: the module refuses to
 * load and says how to use the kernel's own support instead.  Building
 * this stub rather than failing keeps DKMS from breaking kernel upgrades.
 */
#include <linux/module.h>

#include "version.h"

static int __init sctp_udp_native_init(void)
{
	pr_err("this kernel has native SCTP over UDP (RFC 6951): not loading; use sysctl net.sctp.udp_port=9899 (and net.sctp.encap_port) instead\n");
	return -EOPNOTSUPP;
}

static void __exit sctp_udp_native_exit(void)
{
}

module_init(sctp_udp_native_init);
module_exit(sctp_udp_native_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The sctp-udp developers");
MODULE_DESCRIPTION("RFC 6951 UDP encapsulation of SCTP (stub: kernel has native support)");
MODULE_VERSION(SCTP_UDP_VERSION);
