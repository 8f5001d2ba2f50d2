// SPDX-License-Identifier: GPL-2.0
/*
 * sctp-udp statistics in debugfs:
 *   /sys/kernel/debug/sctp_udp/<netns inode>/stats   "name value" lines
 *   /sys/kernel/debug/sctp_udp/<netns inode>/ports   learned remote ports
 * The netns inode is what `readlink /proc/self/ns/net` shows in the
 * namespace.  Files are read-only, so they stay readable under lockdown
 * integrity mode; where debugfs is absent the module works all the same.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "sctp_udp.h"

#define SCTP_UDP_STAT(name) #name
const char *const sctp_udp_stat_names[SCTP_UDP_STAT_MAX] = {
#include "stats_list.h"
};

#undef SCTP_UDP_STAT

static struct dentry *sctp_udp_debugfs_root;

static int sctp_udp_stats_show(struct seq_file *m, void *v)
{
	struct sctp_udp_net *sun = m->private;
	int i, cpu;

	for (i = 0; i < SCTP_UDP_STAT_MAX; i++) {
		u64 sum = 0;

		for_each_possible_cpu(cpu)
			sum += per_cpu_ptr(sun->stats, cpu)->v[i];
		seq_printf(m, "%s %llu\n", sctp_udp_stat_names[i], sum);
	}
	seq_printf(m, "udp_port %d\nencap_port %d\nports_entries %d\n",
		   READ_ONCE(sun->udp_port), READ_ONCE(sun->encap_port),
		   atomic_read(&sun->nports));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sctp_udp_stats);

static int sctp_udp_ports_seq_show(struct seq_file *m, void *v)
{
	return sctp_udp_ports_show(m, m->private);
}
DEFINE_SHOW_ATTRIBUTE(sctp_udp_ports_seq);

void sctp_udp_debugfs_net_add(struct sctp_udp_net *sun)
{
	char name[16];

	if (IS_ERR_OR_NULL(sctp_udp_debugfs_root))
		return;
	snprintf(name, sizeof(name), "%u", sun->net->ns.inum);
	sun->debugfs_dir = debugfs_create_dir(name, sctp_udp_debugfs_root);
	if (IS_ERR_OR_NULL(sun->debugfs_dir))
		return;
	debugfs_create_file("stats", 0444, sun->debugfs_dir, sun,
			    &sctp_udp_stats_fops);
	debugfs_create_file("ports", 0444, sun->debugfs_dir, sun,
			    &sctp_udp_ports_seq_fops);
}

void sctp_udp_debugfs_net_del(struct sctp_udp_net *sun)
{
	debugfs_remove_recursive(sun->debugfs_dir);
	sun->debugfs_dir = NULL;
}

int sctp_udp_debugfs_init(void)
{
	sctp_udp_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR_OR_NULL(sctp_udp_debugfs_root))
		pr_info("debugfs not available: no statistics files\n");
	else
		pr_info("statistics in debugfs: %s/\n", KBUILD_MODNAME);
	if (!IS_ERR_OR_NULL(sctp_udp_debugfs_root))
		sctp_udp_fault_init(sctp_udp_debugfs_root);
	return 0;
}

void sctp_udp_debugfs_exit(void)
{
	debugfs_remove_recursive(sctp_udp_debugfs_root);
	sctp_udp_debugfs_root = NULL;
}
