/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctp-udp counters: per-CPU, one per event and per drop reason, listed
 * in stats_list.h.
 */
#ifndef _SCTP_UDP_STATS_H
#define _SCTP_UDP_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

#define SCTP_UDP_STAT(name) SCTP_UDP_STAT_##name
enum sctp_udp_stat {
#include "stats_list.h"
	SCTP_UDP_STAT_MAX
};

#undef SCTP_UDP_STAT

struct sctp_udp_stats {
	u64 v[SCTP_UDP_STAT_MAX];
};

extern const char *const sctp_udp_stat_names[SCTP_UDP_STAT_MAX];

#define SCTP_UDP_INC(sun, name)						\
	this_cpu_inc((sun)->stats->v[SCTP_UDP_STAT_##name])
#define SCTP_UDP_ADD(sun, name, n)					\
	this_cpu_add((sun)->stats->v[SCTP_UDP_STAT_##name], (n))

#endif /* _SCTP_UDP_STATS_H */
