// SPDX-License-Identifier: GPL-2.0
/*
 * encaps_opt: SCTP_REMOTE_UDP_ENCAPS_PORT (132) against upstream's
 * semantics, for tests/cases/30-sockopt.sh.  Runs in the client namespace;
 * makes its servers in another one (setns) so that one process drives
 * both ends.
 *
 *   encaps_opt api SERVER_NETNS_PATH
 *	every selection and error case, one-to-one and one-to-many, IPv4
 *	and IPv6, set and get.  Prints "ok"/"not ok" lines, and for the wire
 *	check lines the test compares with a capture:
 *	  EXPECT DATA <ppid> <ip dst> <udp dst port, 0 = bare SCTP>
 *	  EXPECT INIT <sctp dst port> <ip dst> <udp dst port>
 *   encaps_opt hold SERVER_NETNS_PATH
 *	sockets that used the option, kept across an rmmod: prints "ready",
 *	waits for a line on stdin, then checks the option is gone
 *	(ENOPROTOOPT), other options work, traffic flows.
 *   encaps_opt hammer SECONDS
 *	threads doing option 132, other options and socket churn, to run
 *	while the module is removed; any errno but ENOPROTOOPT fails.
 *   encaps_opt connectx ADDR
 *	a blocking connectx (a setsockopt) to a black hole, to be in flight
 *	during rmmod.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/sctp.h>

#include "../../include/uapi/linux/sctp_udp.h"

_Static_assert(SCTP_REMOTE_UDP_ENCAPS_PORT == 132, "option number");
_Static_assert(sizeof(struct sctp_udpencaps) == 144, "struct size");
_Static_assert(offsetof(struct sctp_udpencaps, sue_assoc_id) == 0, "id");
_Static_assert(offsetof(struct sctp_udpencaps, sue_address) == 8, "addr");
_Static_assert(offsetof(struct sctp_udpencaps, sue_port) == 136, "port");

#define SOPT SCTP_REMOTE_UDP_ENCAPS_PORT

static int failures, checks;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (cond) {							\
		printf("ok %d - ", checks);				\
	} else {							\
		failures++;						\
		printf("not ok %d - (line %d) ", checks, __LINE__);	\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

static void die(const char *what)
{
	printf("not ok - %s: %s\n", what, strerror(errno));
	exit(2);
}

/* ------------------------------------------------------------------ */

struct fam {
	int af;
	const char *name;
	const char *a;		/* server address A (primary) */
	const char *b;		/* server address B (second path) */
	const char *unknown;	/* nobody's address */
	int port, port2;	/* the two servers' SCTP ports */
};

static const struct fam fams[] = {
	{ AF_INET, "v4", "10.0.0.2", "10.0.0.12", "10.0.0.99", 5001, 5003 },
	{ AF_INET6, "v6", "fd00::2", "fd00::12", "fd00::99", 5002, 5004 },
};

static void mkaddr(const struct fam *f, const char *ip, int port,
		   struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (f->af == AF_INET) {
		struct sockaddr_in *s = (void *)ss;

		s->sin_family = AF_INET;
		s->sin_port = htons(port);
		inet_pton(AF_INET, ip, &s->sin_addr);
		*len = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (void *)ss;

		s->sin6_family = AF_INET6;
		s->sin6_port = htons(port);
		inet_pton(AF_INET6, ip, &s->sin6_addr);
		*len = sizeof(*s);
	}
}

static int set_port(int fd, sctp_assoc_t id, const struct sockaddr_storage *a,
		    int port)
{
	struct sctp_udpencaps e;

	memset(&e, 0, sizeof(e));
	e.sue_assoc_id = id;
	if (a)
		e.sue_address = *a;
	e.sue_port = htons(port);
	return setsockopt(fd, IPPROTO_SCTP, SOPT, &e, sizeof(e)) ? -errno : 0;
}

/* The port read back (host order), or -errno. */
static int get_port(int fd, sctp_assoc_t id, const struct sockaddr_storage *a)
{
	struct sctp_udpencaps e;
	socklen_t len = sizeof(e);

	memset(&e, 0, sizeof(e));
	e.sue_assoc_id = id;
	if (a)
		e.sue_address = *a;
	if (getsockopt(fd, IPPROTO_SCTP, SOPT, &e, &len))
		return -errno;
	if (len != sizeof(e))
		return -1000;
	return ntohs(e.sue_port);
}

static int netns_fd(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	return fd;
}

static int self_ns = -1, server_ns = -1;
static void quiet(int fd);

/* A one-to-many server on the wildcard address, in the server namespace. */
static int server(const struct fam *f, int port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (setns(server_ns, CLONE_NEWNET))
		die("setns server");
	fd = socket(f->af, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (fd < 0)
		die("server socket");
	if (f->af == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
		die("IPV6_V6ONLY");
	mkaddr(f, f->af == AF_INET ? "0.0.0.0" : "::", port, &ss, &len);
	if (bind(fd, (void *)&ss, len) || listen(fd, 16))
		die("server bind/listen");
	quiet(fd);
	if (setns(self_ns, CLONE_NEWNET))
		die("setns back");
	return fd;
}

/*
 * No heartbeats and a 10 s RTO: nothing leaves the client but what the
 * test sends, and nothing comes back that could teach the client a port
 * behind the test's back.
 */
static void quiet(int fd)
{
	struct sctp_paddrparams pp;
	struct sctp_rtoinfo rto;
	struct linger lg = { 1, 0 };
	int one = 1;

	memset(&pp, 0, sizeof(pp));
	pp.spp_flags = SPP_HB_DISABLE;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp,
		       sizeof(pp)))
		die("SCTP_PEER_ADDR_PARAMS");
	memset(&rto, 0, sizeof(rto));
	rto.srto_initial = 10000;
	rto.srto_min = 10000;
	rto.srto_max = 20000;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto)))
		die("SCTP_RTOINFO");
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof(one)))
		die("SCTP_NODELAY");
	/* close() aborts: nothing lingers to retransmit after the test. */
	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
		die("SO_LINGER");
}

static sctp_assoc_t assoc_of(int fd, const struct sockaddr_storage *peer)
{
	struct sctp_paddrinfo pi;
	socklen_t len = sizeof(pi);

	memset(&pi, 0, sizeof(pi));
	pi.spinfo_address = *peer;
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, &pi, &len))
		die("SCTP_GET_PEER_ADDR_INFO");
	return pi.spinfo_assoc_id;
}

static void wait_for(const char *what, int (*done)(int, sctp_assoc_t,
						   const void *),
		     int fd, sctp_assoc_t id, const void *arg)
{
	int i;

	for (i = 0; i < 300; i++) {
		if (done(fd, id, arg))
			return;
		usleep(100000);
	}
	printf("not ok - timed out waiting for %s\n", what);
	exit(2);
}

static int all_acked(int fd, sctp_assoc_t id, const void *arg)
{
	struct sctp_status st;
	socklen_t len = sizeof(st);

	(void)arg;
	memset(&st, 0, sizeof(st));
	st.sstat_assoc_id = id;
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, &st, &len))
		die("SCTP_STATUS");
	return st.sstat_unackdata == 0;
}

static int path_active(int fd, sctp_assoc_t id, const void *arg)
{
	struct sctp_paddrinfo pi;
	socklen_t len = sizeof(pi);

	memset(&pi, 0, sizeof(pi));
	pi.spinfo_assoc_id = id;
	memcpy(&pi.spinfo_address, arg, sizeof(pi.spinfo_address));
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_PEER_ADDR_INFO, &pi, &len))
		die("SCTP_GET_PEER_ADDR_INFO");
	return pi.spinfo_state == SCTP_ACTIVE;
}

/* A heartbeat now, so that the path is confirmed and takes DATA. */
static void confirm_path(int fd, sctp_assoc_t id,
			 const struct sockaddr_storage *to)
{
	struct sctp_paddrparams pp;

	memset(&pp, 0, sizeof(pp));
	pp.spp_assoc_id = id;
	pp.spp_address = *to;
	pp.spp_flags = SPP_HB_DEMAND;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp,
		       sizeof(pp)))
		die("SPP_HB_DEMAND");
	wait_for("path confirmation", path_active, fd, id, to);
}

/* One DATA chunk with PPID @ppid, sent to the path @to. */
static void send_on(int fd, const struct sockaddr_storage *to, socklen_t tolen,
		    int ppid)
{
	char cbuf[CMSG_SPACE(sizeof(struct sctp_sndrcvinfo))];
	struct sctp_sndrcvinfo *si;
	struct msghdr m;
	struct cmsghdr *c;
	struct iovec iov;
	char data[64];

	snprintf(data, sizeof(data), "encaps_opt ppid %d", ppid);
	iov.iov_base = data;
	iov.iov_len = strlen(data);
	memset(&m, 0, sizeof(m));
	memset(cbuf, 0, sizeof(cbuf));
	m.msg_name = (void *)to;
	m.msg_namelen = tolen;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDRCV;
	c->cmsg_len = CMSG_LEN(sizeof(*si));
	si = (void *)CMSG_DATA(c);
	si->sinfo_flags = SCTP_ADDR_OVER;
	si->sinfo_ppid = htonl(ppid);
	if (sendmsg(fd, &m, 0) < 0)
		die("sendmsg");
}

static void addr_str(const struct sockaddr_storage *ss, char *buf, size_t n)
{
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)ss)->sin_addr, buf, n);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ss)->sin6_addr,
			  buf, n);
}

static int ppid_next = 100;

/* Send on a path and tell the wire check which UDP port to expect. */
static void send_expect(int fd, const struct sockaddr_storage *to,
			socklen_t tolen, int udp)
{
	char ip[INET6_ADDRSTRLEN];
	int ppid = ppid_next++;

	addr_str(to, ip, sizeof(ip));
	send_on(fd, to, tolen, ppid);
	printf("EXPECT DATA %d %s %d\n", ppid, ip, udp);
	fflush(stdout);
}

/* A non-blocking connect whose INIT the wire check looks at. */
static int init_expect(const struct fam *f, int style, int sctp_port,
		       int default_port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	fd = socket(f->af, style, IPPROTO_SCTP);
	if (fd < 0)
		die("socket");
	quiet(fd);
	if (default_port >= 0)
		CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, default_port) == 0,
		      "%s: socket default %d before connect", f->name,
		      default_port);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	mkaddr(f, f->a, sctp_port, &ss, &len);
	if (connect(fd, (void *)&ss, len) && errno != EINPROGRESS)
		die("connect");
	printf("EXPECT INIT %d %s %d\n", sctp_port, f->a,
	       default_port > 0 ? default_port : 0);
	fflush(stdout);
	return fd;
}

static void errors(const struct fam *f, int fd, int style)
{
	struct sctp_udpencaps e;
	struct sockaddr_storage ss;
	socklen_t len;
	int one2many = style == SOCK_SEQPACKET;
	const char *s = one2many ? "1-to-many" : "1-to-1";

	memset(&e, 0, sizeof(e));
	CHECK(setsockopt(fd, IPPROTO_SCTP, SOPT, &e, 143) && errno == EINVAL,
	      "%s %s: set optlen 143 -> EINVAL", f->name, s);
	CHECK(setsockopt(fd, IPPROTO_SCTP, SOPT, &e, 145) && errno == EINVAL,
	      "%s %s: set optlen 145 -> EINVAL", f->name, s);
	CHECK(setsockopt(fd, IPPROTO_SCTP, SOPT, NULL, 0) && errno == EINVAL,
	      "%s %s: set optlen 0 -> EINVAL", f->name, s);
	CHECK(setsockopt(fd, IPPROTO_SCTP, SOPT, (void *)8, sizeof(e)) &&
	      errno == EFAULT, "%s %s: set bad pointer -> EFAULT", f->name, s);
	len = 143;
	CHECK(getsockopt(fd, IPPROTO_SCTP, SOPT, &e, &len) && errno == EINVAL,
	      "%s %s: get optlen 143 -> EINVAL", f->name, s);
	len = sizeof(e);
	CHECK(getsockopt(fd, IPPROTO_SCTP, SOPT, (void *)8, &len) &&
	      errno == EFAULT, "%s %s: get bad pointer -> EFAULT", f->name, s);
	{
		char big[200];
		socklen_t blen = sizeof(big);

		memset(big, 0, sizeof(big));
		CHECK(!getsockopt(fd, IPPROTO_SCTP, SOPT, big, &blen) &&
		      blen == sizeof(e),
		      "%s %s: get optlen 200 -> 0, optlen 144 (got %u)",
		      f->name, s, (unsigned int)blen);
	}

	mkaddr(f, f->unknown, f->port, &ss, &len);
	CHECK(set_port(fd, 0, &ss, 7000) == -EINVAL,
	      "%s %s: set unknown address -> EINVAL", f->name, s);
	CHECK(get_port(fd, 0, &ss) == -EINVAL,
	      "%s %s: get unknown address -> EINVAL", f->name, s);

	/* A family SCTP does not know: not a wildcard, no such path. */
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;
	((char *)&ss)[4] = 1;
	CHECK(set_port(fd, 0, &ss, 7000) == -EINVAL,
	      "%s %s: set AF_UNIX address -> EINVAL", f->name, s);

	if (f->af == AF_INET) {
		const struct fam *f6 = &fams[1];

		mkaddr(f6, f6->a, f->port, &ss, &len);
		CHECK(set_port(fd, 0, &ss, 7000) == -EINVAL,
		      "v4 %s: set IPv6 address on an IPv4 socket -> EINVAL", s);
	}

	if (one2many) {
		CHECK(set_port(fd, 1234, NULL, 7000) == -EINVAL,
		      "%s %s: set unknown assoc id -> EINVAL", f->name, s);
		CHECK(get_port(fd, 1234, NULL) == -EINVAL,
		      "%s %s: get unknown assoc id -> EINVAL", f->name, s);
		CHECK(set_port(fd, SCTP_CURRENT_ASSOC, NULL, 7000) == -EINVAL,
		      "%s %s: set SCTP_CURRENT_ASSOC -> EINVAL", f->name, s);
		CHECK(set_port(fd, SCTP_ALL_ASSOC, NULL, 7000) == -EINVAL,
		      "%s %s: set SCTP_ALL_ASSOC -> EINVAL", f->name, s);
	}
}

/* Other SCTP options behave as before, an unknown one as before. */
static void others(const struct fam *f, int fd)
{
	int v = 0;
	socklen_t len = sizeof(v);

	CHECK(!getsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &v, &len) && v == 1,
	      "%s: SCTP_NODELAY still reads back 1", f->name);
	len = sizeof(v);
	CHECK(getsockopt(fd, IPPROTO_SCTP, 200, &v, &len) &&
	      errno == ENOPROTOOPT, "%s: get option 200 -> ENOPROTOOPT",
	      f->name);
	CHECK(setsockopt(fd, IPPROTO_SCTP, 200, &v, sizeof(v)) &&
	      errno == ENOPROTOOPT, "%s: set option 200 -> ENOPROTOOPT",
	      f->name);
	/* Level SOL_SCTP is IPPROTO_SCTP; another level is not ours. */
	len = sizeof(v);
	CHECK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) == 0,
	      "%s: SOL_SOCKET options pass through", f->name);
}

static void run(const struct fam *f, int style)
{
	struct sockaddr_storage a, b, a2, any;
	socklen_t alen, blen, a2len;
	int one2many = style == SOCK_SEQPACKET;
	const char *s = one2many ? "1-to-many" : "1-to-1";
	sctp_assoc_t id = 0, id2 = 0;
	int fd, fdi, fdp, srv_port;

	/* Every combination gets its own servers: no port is shared. */
	srv_port = f->port + (one2many ? 0 : 100);
	server(f, srv_port);
	if (one2many)
		server(f, f->port2);

	fd = socket(f->af, style, IPPROTO_SCTP);
	if (fd < 0)
		die("socket");
	quiet(fd);
	mkaddr(f, f->a, srv_port, &a, &alen);
	mkaddr(f, f->b, srv_port, &b, &blen);
	mkaddr(f, f->a, f->port2, &a2, &a2len);
	memset(&any, 0, sizeof(any));
	any.ss_family = f->af;

	printf("# %s %s\n", f->name, s);
	errors(f, fd, style);
	CHECK(get_port(fd, SCTP_FUTURE_ASSOC, NULL) == 0,
	      "%s %s: fresh socket reads the namespace default 0", f->name, s);
	CHECK(get_port(fd, SCTP_FUTURE_ASSOC, &any) == 0,
	      "%s %s: AF family wildcard reads it too", f->name, s);
	if (!one2many) {
		/* One-to-one ignores the id when there is no association. */
		CHECK(set_port(fd, 1234, NULL, 9899) == 0,
		      "%s %s: set any id, no association -> socket default",
		      f->name, s);
	} else {
		CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 9899) == 0,
		      "%s %s: set SCTP_FUTURE_ASSOC", f->name, s);
	}
	CHECK(get_port(fd, SCTP_FUTURE_ASSOC, NULL) == 9899,
	      "%s %s: socket default reads back 9899", f->name, s);

	if (connect(fd, (void *)&a, alen))
		die("connect");
	printf("EXPECT INIT %d %s 9899\n", srv_port, f->a);
	if (one2many)
		id = assoc_of(fd, &a);
	confirm_path(fd, id, &b);

	/* The association and its paths started from the socket default. */
	CHECK(get_port(fd, id, NULL) == 9899,
	      "%s %s: new association has 9899", f->name, s);
	CHECK(get_port(fd, id, &a) == 9899, "%s %s: path A has 9899",
	      f->name, s);
	CHECK(get_port(fd, id, &b) == 9899, "%s %s: path B has 9899",
	      f->name, s);
	send_expect(fd, &a, alen, 9899);
	wait_for("SACK", all_acked, fd, id, NULL);

	/* A new socket default leaves the association alone. */
	if (one2many) {
		CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 7001) == 0,
		      "%s %s: socket default 7001", f->name, s);
		CHECK(get_port(fd, SCTP_FUTURE_ASSOC, NULL) == 7001,
		      "%s %s: socket default reads 7001", f->name, s);
		CHECK(get_port(fd, id, NULL) == 9899,
		      "%s %s: association keeps 9899", f->name, s);
		CHECK(get_port(fd, id, &b) == 9899,
		      "%s %s: path B keeps 9899", f->name, s);
	}
	send_expect(fd, &b, blen, 9899);
	wait_for("SACK", all_acked, fd, id, NULL);

	/* Wildcard + association: the association and every path. */
	CHECK(set_port(fd, one2many ? id : 4321, NULL, 7002) == 0,
	      "%s %s: set association 7002", f->name, s);
	CHECK(get_port(fd, one2many ? id : 4321, NULL) == 7002,
	      "%s %s: association reads 7002", f->name, s);
	CHECK(get_port(fd, id, &a) == 7002, "%s %s: path A reads 7002",
	      f->name, s);
	CHECK(get_port(fd, id, &b) == 7002, "%s %s: path B reads 7002",
	      f->name, s);
	if (one2many)
		CHECK(get_port(fd, SCTP_FUTURE_ASSOC, NULL) == 7001,
		      "%s %s: socket default still 7001", f->name, s);
	send_expect(fd, &a, alen, 7002);
	send_expect(fd, &b, blen, 7002);

	/* An address: that path only. */
	CHECK(set_port(fd, id, &b, 7004) == 0, "%s %s: set path B 7004",
	      f->name, s);
	CHECK(set_port(fd, 0, &a, 7003) == 0,
	      "%s %s: set path A 7003 (assoc id 0)", f->name, s);
	CHECK(get_port(fd, id, &b) == 7004, "%s %s: path B reads 7004",
	      f->name, s);
	CHECK(get_port(fd, 0, &a) == 7003, "%s %s: path A reads 7003",
	      f->name, s);
	CHECK(get_port(fd, id, NULL) == 7002,
	      "%s %s: association still reads 7002", f->name, s);
	send_expect(fd, &a, alen, 7003);
	send_expect(fd, &b, blen, 7004);

	if (one2many) {
		/* A second association on the same socket. */
		CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 9899) == 0,
		      "%s %s: socket default 9899 again", f->name, s);
		if (connect(fd, (void *)&a2, a2len))
			die("connect 2");
		id2 = assoc_of(fd, &a2);
		CHECK(id2 != id, "%s %s: second association", f->name, s);
		CHECK(get_port(fd, id2, NULL) == 9899,
		      "%s %s: it has the socket default 9899", f->name, s);
		CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 7001) == 0,
		      "%s %s: socket default 7001 again", f->name, s);
		CHECK(get_port(fd, id2, NULL) == 9899,
		      "%s %s: association 2 keeps 9899", f->name, s);
		CHECK(set_port(fd, id2, &a, 7000) == -EINVAL,
		      "%s %s: address of association 1 + id 2 -> EINVAL",
		      f->name, s);
		CHECK(get_port(fd, id2, &a) == -EINVAL,
		      "%s %s: get, same -> EINVAL", f->name, s);
		CHECK(set_port(fd, 9999, &a, 7003) == 0,
		      "%s %s: address + unknown id -> the address wins",
		      f->name, s);
		CHECK(set_port(fd, id2, NULL, 7005) == 0,
		      "%s %s: set association 2 to 7005", f->name, s);
		CHECK(get_port(fd, id2, &a2) == 7005,
		      "%s %s: its path reads 7005", f->name, s);
		CHECK(get_port(fd, id, NULL) == 7002,
		      "%s %s: association 1 still 7002", f->name, s);
		CHECK(get_port(fd, id, &b) == 7004,
		      "%s %s: association 1 path B still 7004", f->name, s);
		send_expect(fd, &a2, a2len, 7005);
	}

	/* Port 0: that path goes back to bare SCTP. */
	CHECK(set_port(fd, id, &a, 0) == 0, "%s %s: set path A 0", f->name,
	      s);
	CHECK(get_port(fd, id, &a) == 0, "%s %s: path A reads 0", f->name, s);
	send_expect(fd, &a, alen, 0);
	others(f, fd);

	/*
	 * A new association takes its socket's default: 7001; without the
	 * option, the namespace's (0); set to 0 explicitly, 0.
	 */
	fdi = init_expect(f, style, srv_port + 10, 7001);
	fdp = init_expect(f, style, srv_port + 20, one2many ? -1 : 0);
	usleep(500000);	/* let the INITs go before the sockets close */
	close(fdi);
	close(fdp);
	close(fd);
}

static int api(const char *netns)
{
	size_t i;

	self_ns = netns_fd("/proc/self/ns/net");
	server_ns = netns_fd(netns);
	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		run(&fams[i], SOCK_SEQPACKET);
		run(&fams[i], SOCK_STREAM);
	}
	printf("# %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ */

static int hold(const char *netns)
{
	const struct fam *f = &fams[0];
	struct sockaddr_storage a;
	socklen_t alen;
	int fd, srv, v;
	socklen_t len;
	char line[16];
	char buf[64];

	self_ns = netns_fd("/proc/self/ns/net");
	server_ns = netns_fd(netns);
	srv = server(f, 6001);
	fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (fd < 0)
		die("socket");
	CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 9899) == 0,
	      "hold: socket default 9899");
	mkaddr(f, f->a, 6001, &a, &alen);
	if (connect(fd, (void *)&a, alen))
		die("connect");
	CHECK(set_port(fd, assoc_of(fd, &a), NULL, 9899) == 0,
	      "hold: association 9899");
	send_on(fd, &a, alen, 1);
	CHECK(recv(srv, buf, sizeof(buf), 0) > 0, "hold: server got data");
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		die("stdin");

	CHECK(set_port(fd, SCTP_FUTURE_ASSOC, NULL, 9899) == -ENOPROTOOPT,
	      "after rmmod: set 132 -> ENOPROTOOPT");
	CHECK(get_port(fd, SCTP_FUTURE_ASSOC, NULL) == -ENOPROTOOPT,
	      "after rmmod: get 132 -> ENOPROTOOPT");
	v = 1;
	CHECK(!setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &v, sizeof(v)),
	      "after rmmod: SCTP_NODELAY set");
	len = sizeof(v);
	v = 0;
	CHECK(!getsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &v, &len) && v == 1,
	      "after rmmod: SCTP_NODELAY reads 1");
	send_on(fd, &a, alen, 2);
	CHECK(recv(srv, buf, sizeof(buf), 0) > 0,
	      "after rmmod: the association still carries data");
	close(fd);
	fd = socket(AF_INET6, SOCK_STREAM, IPPROTO_SCTP);
	CHECK(fd >= 0 && set_port(fd, 0, NULL, 1) == -ENOPROTOOPT,
	      "after rmmod: new IPv6 socket, 132 -> ENOPROTOOPT");
	close(fd);
	close(srv);
	printf("# %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ */

static volatile int hammer_stop;
static int hammer_bad;

static void *hammer_thread(void *arg)
{
	long n = (long)arg;

	while (!hammer_stop) {
		int af = n & 1 ? AF_INET6 : AF_INET;
		int fd = socket(af, n & 2 ? SOCK_STREAM : SOCK_SEQPACKET,
				IPPROTO_SCTP);
		int i, r, v = 1;

		if (fd < 0) {
			hammer_bad++;
			break;
		}
		for (i = 0; i < 50; i++) {
			r = set_port(fd, 0, NULL, 9000 + i);
			if (r && r != -ENOPROTOOPT) {
				printf("hammer: set: %s\n", strerror(-r));
				hammer_bad++;
			}
			r = get_port(fd, 0, NULL);
			if (r < 0 && r != -ENOPROTOOPT) {
				printf("hammer: get: %s\n", strerror(-r));
				hammer_bad++;
			}
			if (setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &v,
				       sizeof(v))) {
				printf("hammer: NODELAY: %s\n",
				       strerror(errno));
				hammer_bad++;
			}
		}
		close(fd);
	}
	return NULL;
}

static int hammer(int seconds)
{
	pthread_t t[4];
	long i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, hammer_thread, (void *)i);
	printf("hammering\n");
	fflush(stdout);
	sleep(seconds);
	hammer_stop = 1;
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("hammer: %d bad results\n", hammer_bad);
	return hammer_bad ? 1 : 0;
}

/* A setsockopt that blocks inside SCTP for a few seconds. */
static int connectx(const char *ip)
{
	struct sctp_initmsg im;
	struct sctp_rtoinfo rto;
	struct sockaddr_in sin;
	struct timespec t0, t1;
	int fd, r;

	fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (fd < 0)
		die("socket");
	memset(&im, 0, sizeof(im));
	im.sinit_max_attempts = 2;
	im.sinit_max_init_timeo = 2000;
	setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof(im));
	memset(&rto, 0, sizeof(rto));
	rto.srto_initial = 2000;
	rto.srto_min = 1000;
	rto.srto_max = 2000;
	setsockopt(fd, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(7777);
	inet_pton(AF_INET, ip, &sin.sin_addr);
	printf("connecting\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = setsockopt(fd, IPPROTO_SCTP, SCTP_SOCKOPT_CONNECTX, &sin,
		       sizeof(sin));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("connectx returned %d (%s) after %ld s\n", r,
	       r < 0 ? strerror(errno) : "ok", (long)(t1.tv_sec - t0.tv_sec));
	fflush(stdout);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "api"))
		return api(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return hold(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "hammer"))
		return hammer(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "connectx"))
		return connectx(argv[2]);
	fprintf(stderr, "usage: encaps_opt api|hold NETNS | hammer SECONDS | connectx ADDR\n");
	return 2;
}
