// SPDX-License-Identifier: GPL-2.0
/*
 * rr: SCTP request/response rate and association holder for the benchmark
 * (tests/bench).  Kernel SCTP through the socket API only (no libsctp).
 *
 *   rr server PORT           echo server (one-to-one style), serves one
 *                            association after the other, forever
 *   rr client ADDR PORT SIZE COUNT
 *                            one association; COUNT ping-pongs of SIZE
 *                            bytes; prints "tps T elapsed S"
 *   rr hold-server PORT      one-to-many listener that only accepts
 *                            associations, forever
 *   rr hold ADDR PORT N      opens N associations (one socket each, so N
 *                            distinct local ports), prints "held N" and
 *                            keeps them until killed
 *
 * ADDR is IPv4 or IPv6.  Heartbeats are off on every association this tool
 * makes, so that idle associations add no traffic to a measurement, and
 * their interval is an hour: with heartbeats off, kernel SCTP (5.10 and
 * 6.1 alike) still runs every path's heartbeat timer, at the interval
 * (30 s by default) plus up to 1.5 RTO.  The 20,000 timers of 10,000 held
 * associations made within seconds expire in the same few ticks (up to
 * 5,300 in one 0.37 s rr run, 25-38 ms of timer softirq), and that hit
 * some runs of plain and encapsulated SCTP alike, at random.
 * Times are CLOCK_MONOTONIC: under QEMU -icount it counts instructions.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/sctp.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static socklen_t mkaddr(const char *s, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		return sizeof(*a4);
	}
	if (inet_pton(AF_INET6, s, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	fprintf(stderr, "bad address %s\n", s);
	exit(2);
}

/* The interval is taken only with SPP_HB_ENABLE: set it, then turn off. */
#define HB_INTERVAL_MS 3600000

static void no_heartbeat(int fd)
{
	struct sctp_paddrparams p;
	socklen_t len = sizeof(p);

	memset(&p, 0, sizeof(p));
	p.spp_flags = SPP_HB_ENABLE;
	p.spp_hbinterval = HB_INTERVAL_MS;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &p, sizeof(p)))
		die("SCTP_PEER_ADDR_PARAMS (interval)");
	memset(&p, 0, sizeof(p));
	p.spp_flags = SPP_HB_DISABLE;
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &p, sizeof(p)))
		die("SCTP_PEER_ADDR_PARAMS");
	memset(&p, 0, sizeof(p));
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &p, &len))
		die("SCTP_PEER_ADDR_PARAMS (get)");
	if (p.spp_hbinterval != HB_INTERVAL_MS || !(p.spp_flags & SPP_HB_DISABLE)) {
		fprintf(stderr, "heartbeat: interval %u flags %#x\n",
			p.spp_hbinterval, p.spp_flags);
		exit(1);
	}
}

static int sock(int family, int type)
{
	int fd = socket(family, type, IPPROTO_SCTP), one = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof(one)))
		die("SCTP_NODELAY");
	no_heartbeat(fd);
	return fd;
}

static int listener(int port, int type)
{
	struct sockaddr_in6 a;
	int fd = sock(AF_INET6, type), zero = 0;

	/* Dual stack: v4 and v6 clients on one socket. */
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	a.sin6_addr = in6addr_any;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	if (listen(fd, 4096))
		die("listen");
	return fd;
}

static void raise_nofile(rlim_t n)
{
	struct rlimit r = { n, n };

	if (setrlimit(RLIMIT_NOFILE, &r))
		die("setrlimit");
}

static int serve(int port)
{
	static char buf[65536];
	int lfd = listener(port, SOCK_STREAM);

	printf("listening %d\n", port);
	fflush(stdout);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		ssize_t n;

		if (fd < 0)
			die("accept");
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(fd, buf, n) != n)
				break;
		close(fd);
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int client(const char *addr, int port, size_t size, long count)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(addr, port, &ss);
	char *buf = calloc(1, size), *rbuf = malloc(size);
	int fd = sock(ss.ss_family, SOCK_STREAM), tries;
	double t0 = 0, t;
	long i;

	for (tries = 0; connect(fd, (struct sockaddr *)&ss, len); tries++) {
		if (tries > 50)
			die("connect");
		usleep(100000);
		close(fd);
		fd = sock(ss.ss_family, SOCK_STREAM);
	}
	/* One exchange to settle the association before timing. */
	for (i = -1; i < count; i++) {
		size_t got = 0;

		if (i == 0)
			t0 = now();
		buf[0] = (char)i;
		if (write(fd, buf, size) != (ssize_t)size)
			die("write");
		while (got < size) {
			ssize_t n = read(fd, rbuf + got, size - got);

			if (n <= 0)
				die("read");
			got += n;
		}
		if (rbuf[0] != buf[0]) {
			fprintf(stderr, "echo mismatch at %ld\n", i);
			return 1;
		}
	}
	t = now() - t0;
	printf("tps %.1f elapsed %.4f\n", count / t, t);
	close(fd);
	return 0;
}

static int hold_server(int port)
{
	int fd;

	raise_nofile(1024);
	fd = listener(port, SOCK_SEQPACKET);
	printf("listening %d\n", port);
	fflush(stdout);
	for (;;)
		pause();
	return fd;
}

/* N associations, up to WINDOW handshakes in flight at a time. */
#define WINDOW 64

static int hold(const char *addr, int port, int n)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(addr, port, &ss);
	struct pollfd pf[WINDOW];
	int *fds = calloc(n, sizeof(int)), opened = 0, done = 0, np, i;

	raise_nofile(n + 64);
	while (done < n) {
		/* Start handshakes. */
		np = 0;
		while (opened < n && opened - done < WINDOW) {
			int fd = sock(ss.ss_family, SOCK_STREAM);

			fcntl(fd, F_SETFL, O_NONBLOCK);
			if (connect(fd, (struct sockaddr *)&ss, len) &&
			    errno != EINPROGRESS)
				die("connect");
			fds[opened++] = fd;
		}
		for (i = done; i < opened; i++) {
			pf[np].fd = fds[i];
			pf[np].events = POLLOUT;
			np++;
		}
		if (poll(pf, np, 10000) <= 0)
			die("poll: handshakes stalled");
		/* Completed in order of start is good enough: wait for the
		 * oldest ones.
		 */
		for (i = 0; i < np && (pf[i].revents & (POLLOUT | POLLERR));
		     i++) {
			int err = 0;
			socklen_t el = sizeof(err);

			getsockopt(pf[i].fd, SOL_SOCKET, SO_ERROR, &err, &el);
			if (err) {
				errno = err;
				die("association");
			}
			done++;
		}
	}
	printf("held %d\n", n);
	fflush(stdout);
	for (;;)
		pause();
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "server"))
		return serve(atoi(argv[2]));
	if (argc == 6 && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atol(argv[4]),
			      atol(argv[5]));
	if (argc == 3 && !strcmp(argv[1], "hold-server"))
		return hold_server(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "hold"))
		return hold(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: rr server PORT | client ADDR PORT SIZE COUNT |"
		" hold-server PORT | hold ADDR PORT N\n");
	return 2;
}
