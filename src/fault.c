// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp fault injection, for tests.  Built only into kernels with
 * CONFIG_FAULT_INJECTION_DEBUG_FS (the test suite's debug kernel; not
 * distribution kernels).  Each allocation or unsharing point of the
 * datapath asks sctp_udp_should_fail(SITE) first, so that a test can make
 * that one point fail on demand through the kernel's standard fault
 * attributes in /sys/kernel/debug/sctp_udp/fail_<site>/ (probability,
 * interval, times, space, verbose; see Documentation/fault-injection/)
 * and check that its drop path counts, frees and recovers.
 */
#include <linux/fault-inject.h>

#include "sctp_udp.h"

static struct fault_attr sctp_udp_faults[SCTP_UDP_FAULT_MAX] = {
	[0 ... SCTP_UDP_FAULT_MAX - 1] = FAULT_ATTR_INITIALIZER,
};

static const char *const sctp_udp_fault_names[SCTP_UDP_FAULT_MAX] = {
	[SCTP_UDP_FAULT_RX_UNCLONE] = "fail_rx_unclone",
	[SCTP_UDP_FAULT_TX_CRC] = "fail_tx_crc",
	[SCTP_UDP_FAULT_TX_HEADROOM] = "fail_tx_headroom",
	[SCTP_UDP_FAULT_TX_GSO] = "fail_tx_gso",
	[SCTP_UDP_FAULT_PORTS_ALLOC] = "fail_ports_alloc",
	[SCTP_UDP_FAULT_ABORT_ALLOC] = "fail_abort_alloc",
	[SCTP_UDP_FAULT_ICMP_COPY] = "fail_icmp_copy",
};

bool sctp_udp_should_fail(enum sctp_udp_fault site)
{
	return should_fail(&sctp_udp_faults[site], 1);
}

void sctp_udp_fault_init(struct dentry *root)
{
	struct dentry *d;
	int i;

	for (i = 0; i < SCTP_UDP_FAULT_MAX; i++) {
		d = fault_create_debugfs_attr(sctp_udp_fault_names[i], root,
					      &sctp_udp_faults[i]);
		if (IS_ERR(d)) {
			pr_info("no fault injection attributes: %ld\n",
				PTR_ERR(d));
			return;
		}
	}
}
