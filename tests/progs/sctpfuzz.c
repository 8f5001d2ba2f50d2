// SPDX-License-Identifier: GPL-2.0
/*
 * sctpfuzz: hostile traffic for the receive path of sctp-udp (issue 8,
 * tests/cases/40-hostile.sh).  Sends datagrams to the encapsulation port
 * of another namespace and prints, per category, what it sent and what
 * the receiver must therefore count, so that a test can hold the module's
 * drop counters (and SCTP's and UDP's MIBs) against it.
 *
 *   sctpfuzz [-4 SRC,DST] [-6 SRC,DST] [--port 9899] [--count N]
 *            [--seed S] [--listen P] [--live4 SPORT] [--live6 SPORT]
 *            [--mode mix|fraginit] [--init-tag T]
 *
 * -4/-6: source and destination addresses (the source must be local:
 *        it is where the receiver's answers go).
 * --listen P: SCTP port a server listens on at DST (INIT floods go there).
 * --live4/--live6 SPORT: a live association exists from SRC:SPORT to
 *        DST:P; packets aimed at it carry wrong or zero verification
 *        tags, or are INITs from new UDP ports.
 * --mode fraginit: only INITs for the live association(s) from new UDP
 *        ports, each split into two IP fragments right after the chunk
 *        header (the INIT's body is outside the first fragment), with
 *        Initiate Tag T, T+1, ...
 *
 * What is sent (at least N datagrams in all, mode mix):
 *  - a length sweep through UDP sockets: UDP payloads of every length
 *    0-40 (many times), every length 41-2100 (around the IPv4/IPv6 MTU),
 *    then lengths sampled up to 65507 (IP-fragmented), random bytes;
 *  - random bytes of random length up to the MTU, from many UDP sockets;
 *  - through raw sockets (all UDP and IP headers made here, source ports
 *    of our choosing, never the destination port itself):
 *    SCTP packets with bad CRC32c; wrong and zero verification tags on
 *    the live association; INIT floods (to the listener, to closed
 *    ports, to the live association from new UDP ports); out-of-the-
 *    blue ABORT / SHUTDOWN COMPLETE; chunks with lying lengths (0-3,
 *    past the end, odd, bundled INITs, INIT parameters that lie); UDP
 *    length fields that lie (longer than the datagram, shorter than 8,
 *    shorter than the datagram, 0 on IPv6 = "jumbo"); bad and zero
 *    UDP checksums; ICMP and ICMPv6 errors quoting truncated or forged
 *    UDP/SCTP headers of packets the receiver might have sent.
 *
 * Output, "name value" lines (receiver's view, DST's namespace):
 *   sent                datagrams handed to the kernel
 *   udp_ok_v4/_v6       datagrams with a valid UDP header and checksum:
 *                       each reaches the module (rx_packets)
 *   udp_bad_v4/_v6      dropped by UDP itself (UDP InErrors)
 *   icmp_v4/_v6         ICMP errors (Icmp InMsgs / Icmp6 InMsgs)
 *   exp_short           UDP payload < 16: rx_drop_short
 *   exp_new_port_init   INIT for the live association from a new port
 *   exp_decap           handed to sctp_rcv (rx_decap)
 *   exp_refused_vtag    live association, wrong tag (rx_learn_refused_vtag)
 *   exp_noassoc_badcrc  no association, bad CRC (rx_learn_refused_crc)
 *   exp_badcrc          bad CRC32c seen by sctp_rcv (SctpChecksumErrors)
 *   exp_ootb_discard    dropped by sctp_rcv as OOTB (SctpOutOfBlues)
 *   cat_*               datagrams per category
 *   send_errors         datagrams the kernel refused (not counted above)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define MAXDGRAM	65536
#define MTU		1500
#define NUDP		16		/* UDP sockets per family */

enum { F4, F6, NFAM };

/* What happens to a datagram at the receiver. */
enum kind { K_UDP, K_UDPBAD, K_ICMP, K_FRAG };

enum cat {
	C_SWEEP, C_RANDOM, C_BADCRC, C_LIVE_VTAG, C_LIVE_ZERO, C_INIT_LISTEN,
	C_INIT_CLOSED, C_INIT_LIVE, C_OOTB, C_CHUNKLEN, C_ULEN, C_UDPCSUM,
	C_ICMP, C_FRAGINIT, NCAT
};

static const char *const cat_names[NCAT] = {
	"sweep", "random", "badcrc", "live_vtag", "live_zero_vtag",
	"init_listen", "init_closed", "init_live", "ootb", "chunklen",
	"udp_len_lie", "udp_csum", "icmp", "fraginit",
};

struct meta {
	unsigned char fam, kind, cat;
	unsigned int off;	/* UDP payload in the buffer */
	unsigned int plen;	/* UDP payload as delivered (after UDP trim) */
};

struct sender {
	int fd, fam, raw;
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_storage to[BATCH];
	struct meta meta[BATCH];
	unsigned char *buf[BATCH];
	int n;
};

static struct {
	struct in_addr src4, dst4;
	struct in6_addr src6, dst6;
	int have[NFAM];
	int port, listen;
	int live[NFAM];
	unsigned long count;
	unsigned int init_tag;
} cfg = { .port = 9899, .listen = 5001, .count = 1000000 };

static struct {
	unsigned long queued, sent, send_errors;
	unsigned long udp_ok[NFAM], udp_bad[NFAM], icmp[NFAM];
	unsigned long short_, new_port_init, decap, refused_vtag;
	unsigned long noassoc_badcrc, badcrc, ootb;
	unsigned long cat[NCAT];
} st;

/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static unsigned int rndn(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static void rnd_fill(unsigned char *p, size_t n)
{
	while (n >= 8) {
		uint64_t v = rnd();

		memcpy(p, &v, 8);
		p += 8;
		n -= 8;
	}
	while (n--)
		*p++ = (unsigned char)rnd();
}

static uint32_t crc_tab[8][256];

static void crc_init(void)
{
	for (int i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
		crc_tab[0][i] = c;
	}
	for (int i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_tab[t][i] = (crc_tab[t - 1][i] >> 8) ^
					crc_tab[0][crc_tab[t - 1][i] & 0xff];
}

/* CRC32c of an SCTP packet with its checksum field taken as zero. */
static uint32_t sctp_crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffff;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char b = (i >= 8 && i < 12) ? 0 : p[i];

		if (i >= 12 && n - i >= 8) {
			uint32_t lo, hi;

			memcpy(&lo, p + i, 4);
			memcpy(&hi, p + i + 4, 4);
			lo ^= c;
			c = crc_tab[7][lo & 0xff] ^ crc_tab[6][(lo >> 8) & 0xff] ^
			    crc_tab[5][(lo >> 16) & 0xff] ^ crc_tab[4][lo >> 24] ^
			    crc_tab[3][hi & 0xff] ^ crc_tab[2][(hi >> 8) & 0xff] ^
			    crc_tab[1][(hi >> 16) & 0xff] ^ crc_tab[0][hi >> 24];
			i += 7;
			continue;
		}
		c = crc_tab[0][(c ^ b) & 0xff] ^ (c >> 8);
	}
	return ~c;
}

/* The checksum as stored on the wire (little-endian, as Linux does). */
static void sctp_set_crc(unsigned char *p, size_t n)
{
	uint32_t c = sctp_crc(p, n);

	p[8] = c & 0xff;
	p[9] = (c >> 8) & 0xff;
	p[10] = (c >> 16) & 0xff;
	p[11] = c >> 24;
}

static int sctp_crc_ok(const unsigned char *p, size_t n)
{
	uint32_t c = sctp_crc(p, n);

	return p[8] == (c & 0xff) && p[9] == ((c >> 8) & 0xff) &&
	       p[10] == ((c >> 16) & 0xff) && p[11] == (c >> 24);
}

static void sctp_break_crc(unsigned char *p, size_t n)
{
	if (sctp_crc_ok(p, n))
		p[8] ^= 0x5a;
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n > 1) {
		sum += (p[0] << 8) | p[1];
		p += 2;
		n -= 2;
	}
	if (n)
		sum += p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static unsigned int get16(const unsigned char *p)
{
	return (p[0] << 8) | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* ------------------------------------------------------------------ */
/* What the receiver does with a UDP payload that reached the module. */

static int is_live(int fam, const unsigned char *sh)
{
	return cfg.live[fam] && get16(sh) == (unsigned int)cfg.live[fam] &&
	       get16(sh + 2) == (unsigned int)cfg.listen;
}

/* sctp_rcv_ootb() of Linux 5.10: 1 if the OOTB packet is discarded. */
static int ootb_discard(const unsigned char *p, size_t n)
{
	size_t off = 12, end;

	do {
		unsigned int len;

		if (off + 4 > n)
			break;
		len = get16(p + off + 2);
		if (len < 4)
			break;
		end = off + ((len + 3) & ~3u);
		if (end > n)
			break;
		if (p[off] == 6 || p[off] == 14)	/* ABORT, SHUTDOWN COMPLETE */
			return 1;
		if (p[off] == 1 && off != 12)		/* bundled INIT */
			return 1;
		off = end;
	} while (end < n);
	return 0;
}

static void classify(int fam, const unsigned char *p, size_t n)
{
	int live, crc;

	st.udp_ok[fam]++;
	if (n < 16) {
		st.short_++;
		return;
	}
	live = is_live(fam, p);
	if (live && get32(p + 4) == 0 && p[12] == 1) {
		if (n >= 12 + 20) {
			st.new_port_init++;
			return;
		}
	} else if (live) {
		st.refused_vtag++;
	}
	st.decap++;
	crc = sctp_crc_ok(p, n);
	if (!live && !crc)
		st.noassoc_badcrc++;
	if (!crc)
		st.badcrc++;
	else if (!live && ootb_discard(p, n))
		st.ootb++;
}

static void account(const struct sender *s, int i)
{
	const struct meta *m = &s->meta[i];

	if (m->kind == K_FRAG)		/* a datagram's second fragment */
		return;
	st.sent++;
	st.cat[m->cat]++;
	switch (m->kind) {
	case K_UDP:
		classify(m->fam, s->buf[i] + m->off, m->plen);
		break;
	case K_UDPBAD:
		st.udp_bad[m->fam]++;
		break;
	case K_ICMP:
		st.icmp[m->fam]++;
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Sending, in batches of up to BATCH datagrams per sendmmsg(). */

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void sender_init(struct sender *s, int fd, int fam, int raw)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->fam = fam;
	s->raw = raw;
	for (int i = 0; i < BATCH; i++) {
		s->buf[i] = malloc(MAXDGRAM);
		if (!s->buf[i])
			die("malloc");
	}
}

static void flush(struct sender *s)
{
	int done = 0;

	while (done < s->n) {
		int r = sendmmsg(s->fd, s->msg + done, s->n - done, 0);

		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == EINTR) {
				usleep(1000);
				continue;
			}
			/* This datagram is refused: skip it, not counted. */
			if (st.send_errors++ < 5)
				fprintf(stderr, "sctpfuzz: %s datagram of %zu bytes (cat %s): %s\n",
					s->fam == F4 ? "IPv4" : "IPv6",
					s->iov[done].iov_len,
					cat_names[s->meta[done].cat],
					strerror(errno));
			done++;
			continue;
		}
		for (int i = done; i < done + r; i++)
			account(s, i);
		done += r;
	}
	s->n = 0;
}

/* The next free slot of a sender; its buffer in *buf. */
static int slot(struct sender *s, unsigned char **buf)
{
	if (s->n == BATCH)
		flush(s);
	*buf = s->buf[s->n];
	return s->n;
}

static void queue(struct sender *s, int i, size_t len, int kind, int cat,
		  unsigned int off, unsigned int plen)
{
	struct sockaddr_in *a4 = (void *)&s->to[i];
	struct sockaddr_in6 *a6 = (void *)&s->to[i];

	memset(&s->to[i], 0, sizeof(s->to[i]));
	if (s->fam == F4) {
		a4->sin_family = AF_INET;
		a4->sin_addr = cfg.dst4;
		/* Raw sockets: the port field must be 0 or the protocol. */
		a4->sin_port = s->raw ? 0 : htons(cfg.port);
	} else {
		a6->sin6_family = AF_INET6;
		a6->sin6_addr = cfg.dst6;
		a6->sin6_port = s->raw ? 0 : htons(cfg.port);
	}
	s->iov[i].iov_base = s->buf[i];
	s->iov[i].iov_len = len;
	memset(&s->msg[i], 0, sizeof(s->msg[i]));
	s->msg[i].msg_hdr.msg_iov = &s->iov[i];
	s->msg[i].msg_hdr.msg_iovlen = 1;
	s->msg[i].msg_hdr.msg_name = &s->to[i];
	s->msg[i].msg_hdr.msg_namelen = s->fam == F4 ? sizeof(*a4) :
						       sizeof(*a6);
	s->meta[i].fam = s->fam;
	s->meta[i].kind = kind;
	s->meta[i].cat = cat;
	s->meta[i].off = off;
	s->meta[i].plen = plen;
	s->n++;
	if (kind != K_FRAG)
		st.queued++;
}

static struct sender udp[NFAM][NUDP], raw[NFAM];

static void open_senders(void)
{
	for (int f = 0; f < NFAM; f++) {
		int dom = f == F4 ? AF_INET : AF_INET6, fd;

		if (!cfg.have[f])
			continue;
		for (int i = 0; i < NUDP; i++) {
			int one = 1, big = 4 << 20;

			fd = socket(dom, SOCK_DGRAM, 0);
			if (fd < 0)
				die("socket(UDP)");
			if (f == F6)
				setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
					   &one, sizeof(one));
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big,
				   sizeof(big));
			/* Ephemeral port, never cfg.port. */
			sender_init(&udp[f][i], fd, f, 0);
		}
		fd = socket(dom, SOCK_RAW, IPPROTO_RAW);
		if (fd < 0)
			die("socket(SOCK_RAW)");
		sender_init(&raw[f], fd, f, 1);
	}
}

static void flush_all(void)
{
	for (int f = 0; f < NFAM; f++) {
		if (!cfg.have[f])
			continue;
		for (int i = 0; i < NUDP; i++)
			flush(&udp[f][i]);
		flush(&raw[f]);
	}
}

/* ------------------------------------------------------------------ */
/* Packet makers.  Ports: bad-CRC packets go to SCTP ports 10000-29999,
 * valid out-of-the-blue ones to 30000-59999, so that a path the receiver
 * learned from a valid packet is never hit by a bad one. */

static unsigned int port_bad(void)
{
	return 10000 + rndn(20000);
}

static unsigned int port_good(void)
{
	return 30000 + rndn(30000);
}

/* A UDP source port: anything but the encapsulation port itself. */
static unsigned int uport(void)
{
	unsigned int p;

	do {
		p = 1 + rndn(65535);
	} while (p == (unsigned int)cfg.port);
	return p;
}

/* An SCTP source port that is not the live association's. */
static unsigned int sport_not_live(int fam)
{
	unsigned int p;

	do {
		p = port_good();
	} while (p == (unsigned int)cfg.live[fam]);
	return p;
}

static uint32_t vtag_nonzero(void)
{
	uint32_t v;

	do {
		v = (uint32_t)rnd();
	} while (!v);
	return v;
}

static void sctp_hdr(unsigned char *p, unsigned int sport,
		     unsigned int dport, uint32_t vtag)
{
	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, vtag);
	memset(p + 8, 0, 4);
}

/* A chunk of @type with @body bytes of random data, padded; returns the
 * padded size. */
static size_t chunk(unsigned char *p, int type, int flags, size_t body)
{
	p[0] = type;
	p[1] = flags;
	put16(p + 2, 4 + body);
	rnd_fill(p + 4, body);
	memset(p + 4 + body, 0, (4 - (body & 3)) & 3);
	return 4 + ((body + 3) & ~(size_t)3);
}

/* A well-formed INIT chunk (20 bytes + a cookie-preservative parameter). */
static size_t init_chunk(unsigned char *p, uint32_t tag)
{
	p[0] = 1;
	p[1] = 0;
	put16(p + 2, 28);
	put32(p + 4, tag ? tag : 1);
	put32(p + 8, 65536);
	put16(p + 12, 10);
	put16(p + 14, 10);
	put32(p + 16, (uint32_t)rnd());
	put16(p + 20, 9);		/* Cookie Preservative */
	put16(p + 22, 8);
	put32(p + 24, 1000);
	return 28;
}

/* IP + UDP header in front of @plen bytes at buf + hdr_len(fam);
 * @ulen: the UDP length field; @check: 1 valid, 0 zero, -1 wrong.
 * @csum_len: bytes covered by the checksum (the trimmed datagram). */
static size_t ip_hdr_len(int fam)
{
	return fam == F4 ? 20 : 40;
}

static void ip_udp(int fam, unsigned char *buf, size_t plen,
		   unsigned int sport, unsigned int ulen, int check,
		   size_t csum_len)
{
	unsigned char *uh = buf + ip_hdr_len(fam);
	size_t tot = ip_hdr_len(fam) + 8 + plen;
	uint32_t sum;
	uint16_t c;

	if (fam == F4) {
		memset(buf, 0, 20);
		buf[0] = 0x45;
		put16(buf + 2, tot);
		buf[6] = 0x40;		/* DF */
		buf[8] = 64;
		buf[9] = IPPROTO_UDP;
		memcpy(buf + 12, &cfg.src4, 4);
		memcpy(buf + 16, &cfg.dst4, 4);
	} else {
		memset(buf, 0, 40);
		buf[0] = 0x60;
		put16(buf + 4, 8 + plen);
		buf[6] = IPPROTO_UDP;
		buf[7] = 64;
		memcpy(buf + 8, &cfg.src6, 16);
		memcpy(buf + 24, &cfg.dst6, 16);
	}
	put16(uh, sport);
	put16(uh + 2, cfg.port);
	put16(uh + 4, ulen);
	put16(uh + 6, 0);
	if (!check)
		return;
	if (fam == F4)
		sum = csum_add(0, buf + 12, 8);
	else
		sum = csum_add(0, buf + 8, 32);
	sum += IPPROTO_UDP + (uint32_t)csum_len;
	sum = csum_add(sum, uh, csum_len);
	c = csum_fold(sum);
	if (!c)
		c = 0xffff;
	if (check < 0)
		c = c == 0x1234 ? 0x4321 : 0x1234;
	put16(uh + 6, c);
}

/* A raw UDP datagram with a correct header around @plen payload bytes
 * already at buf + hdr; counted as reaching the module. */
static void raw_udp(int fam, int i, size_t plen, int cat, unsigned int sport)
{
	struct sender *s = &raw[fam];
	size_t h = ip_hdr_len(fam);

	ip_udp(fam, s->buf[i], plen, sport, 8 + plen, 1, 8 + plen);
	queue(s, i, h + 8 + plen, K_UDP, cat, h + 8, plen);
}

/* ------------------------------------------------------------------ */
/* The categories. */

/* Payload of @len random bytes through a UDP socket, SCTP destination
 * port in the "bad" range when there is one. */
static void send_udp_random(int fam, size_t len, int cat)
{
	static unsigned int rr;
	struct sender *s = &udp[fam][rr++ % NUDP];
	unsigned char *b;
	int i = slot(s, &b);

	rnd_fill(b, len);
	if (len >= 4)
		put16(b + 2, port_bad());
	if (len >= 12)
		sctp_break_crc(b, len);
	queue(s, i, len, K_UDP, cat, 0, len);
}

static void do_badcrc(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	size_t n;

	p = b + ip_hdr_len(fam) + 8;
	sctp_hdr(p, port_good(), port_bad(), (uint32_t)rnd());
	n = 12;
	switch (rndn(4)) {
	case 0:
		n += init_chunk(p + n, (uint32_t)rnd());
		put32(p + 4, 0);
		break;
	case 1:
		n += chunk(p + n, 0, 3, 4 + rndn(1200));	/* DATA */
		break;
	default:
		n += chunk(p + n, rndn(256), rndn(256), rndn(400));
		break;
	}
	sctp_set_crc(p, n);
	p[8 + rndn(4)] ^= 1 << rndn(8);
	raw_udp(fam, i, n, C_BADCRC, uport());
}

/* Wrong (or zero) tags on the live association, valid CRC. */
static void do_live(int fam, int zero)
{
	static const unsigned char types[] = { 0, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					       12, 13, 14, 15, 128, 130, 192 };
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b), t;
	size_t n = 12;

	p = b + ip_hdr_len(fam) + 8;
	sctp_hdr(p, cfg.live[fam], cfg.listen, zero ? 0 : vtag_nonzero());
	t = types[rndn(sizeof(types))];
	n += chunk(p + n, t, rndn(2) ? 0 : 1, t == 0 ? 16 + rndn(600) :
							rndn(64));
	if (rndn(4) == 0)			/* and a chunk that lies */
		n += chunk(p + n, rndn(256), 0, 4), put16(p + n - 6, rndn(4));
	sctp_set_crc(p, n);
	if (rndn(8) == 0)
		sctp_break_crc(p, n);
	raw_udp(fam, i, n, zero ? C_LIVE_ZERO : C_LIVE_VTAG, uport());
}

static void do_init(int fam, int cat)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	unsigned int sport, dport;
	size_t n = 12;

	p = b + ip_hdr_len(fam) + 8;
	if (cat == C_INIT_LIVE) {
		sport = cfg.live[fam];
		dport = cfg.listen;
	} else if (cat == C_INIT_LISTEN) {
		sport = sport_not_live(fam);
		dport = cfg.listen;
	} else {
		sport = port_good();
		dport = port_good();
	}
	sctp_hdr(p, sport, dport, 0);
	n += init_chunk(p + n, vtag_nonzero());
	sctp_set_crc(p, n);
	raw_udp(fam, i, n, cat, uport());
}

static void do_ootb(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	size_t n = 12;

	p = b + ip_hdr_len(fam) + 8;
	sctp_hdr(p, port_good(), port_good(), (uint32_t)rnd());
	if (rndn(2))
		n += chunk(p + n, 4, 0, 8 + rndn(64));	/* HEARTBEAT first */
	n += chunk(p + n, rndn(2) ? 6 : 14, rndn(2), rndn(2) ? 0 : 8);
	sctp_set_crc(p, n);
	raw_udp(fam, i, n, C_OOTB, uport());
}

/* Valid CRC, chunks whose lengths lie; to closed ports and the listener. */
static void do_chunklen(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	size_t n = 12;
	unsigned int dport = rndn(2) ? (unsigned int)cfg.listen : port_good();

	p = b + ip_hdr_len(fam) + 8;
	sctp_hdr(p, sport_not_live(fam), dport, rndn(2) ? 0 : (uint32_t)rnd());
	switch (rndn(6)) {
	case 0:		/* length 0-3 */
		n += chunk(p + n, rndn(256), 0, rndn(32));
		put16(p + 14, rndn(4));
		break;
	case 1:		/* past the end */
		n += chunk(p + n, rndn(256), 0, rndn(32));
		put16(p + 14, n - 12 + 1 + rndn(60000));
		break;
	case 2:		/* odd length, no padding */
		n += 4 + 1 + 2 * rndn(20);
		p[12] = rndn(256);
		p[13] = 0;
		put16(p + 14, n - 12);
		rnd_fill(p + 16, n - 16);
		break;
	case 3:		/* an INIT bundled after another chunk */
		n += chunk(p + n, 4, 0, 12);
		n += init_chunk(p + n, vtag_nonzero());
		break;
	case 4: {	/* INIT whose parameters lie */
		size_t c = n;

		put32(p + 4, 0);
		n += init_chunk(p + n, vtag_nonzero());
		put16(p + c + 22, rndn(2) ? rndn(4) : 200 + rndn(2000));
		if (rndn(2))
			put16(p + c + 2, 20 + rndn(8));
		break;
	}
	default: {	/* many tiny chunks, the last one lies */
		size_t last = n;

		for (int k = rndn(40); k >= 0; k--) {
			last = n;
			n += chunk(p + n, rndn(256), 0, rndn(8));
		}
		put16(p + last + 2, rndn(2) ? rndn(4) : 65535);
		break;
	}
	}
	sctp_set_crc(p, n);
	raw_udp(fam, i, n, C_CHUNKLEN, uport());
}

/* UDP length fields that lie.  Payload: random, bad CRC. */
static void do_ulen(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	size_t h = ip_hdr_len(fam), plen = rndn(200), d;
	unsigned int ulen;

	p = b + h + 8;
	rnd_fill(p, plen);
	if (plen >= 4)
		put16(p + 2, port_bad());
	switch (rndn(fam == F6 ? 4 : 3)) {
	case 0:		/* longer than the datagram */
		ulen = 8 + plen + 1 + rndn(65535 - 8 - plen);
		ip_udp(fam, b, plen, uport(), ulen, 1, 8 + plen);
		queue(s, i, h + 8 + plen, K_UDPBAD, C_ULEN, 0, 0);
		return;
	case 1:		/* shorter than the UDP header */
		ulen = fam == F6 ? 1 + rndn(7) : rndn(8);
		ip_udp(fam, b, plen, uport(), ulen, 1, 8 + plen);
		queue(s, i, h + 8 + plen, K_UDPBAD, C_ULEN, 0, 0);
		return;
	case 2:		/* shorter than the datagram: trimmed */
		if (!plen)
			plen = 1 + rndn(199), rnd_fill(p, plen);
		d = rndn(plen);			/* delivered payload */
		if (d >= 12)
			sctp_break_crc(p, d);
		ip_udp(fam, b, plen, uport(), 8 + d, 1, 8 + d);
		queue(s, i, h + 8 + plen, K_UDP, C_ULEN, h + 8, d);
		return;
	default:	/* IPv6, 0: a "jumbogram" length, i.e. all of it */
		if (plen >= 12)
			sctp_break_crc(p, plen);
		ip_udp(fam, b, plen, uport(), 0, 1, 8 + plen);
		queue(s, i, h + 8 + plen, K_UDP, C_ULEN, h + 8, plen);
		return;
	}
}

/* Bad UDP checksums; zero checksums (fine on IPv4, refused on IPv6). */
static void do_udpcsum(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p;
	int i = slot(s, &b);
	size_t h = ip_hdr_len(fam), plen = 16 + rndn(300);
	int zero = rndn(2);

	p = b + h + 8;
	sctp_hdr(p, port_good(), port_bad(), (uint32_t)rnd());
	chunk(p + 12, rndn(256), 0, plen - 16);
	sctp_set_crc(p, plen);
	sctp_break_crc(p, plen);
	ip_udp(fam, b, plen, uport(), 8 + plen, zero ? 0 : -1, 8 + plen);
	if (zero && fam == F4)
		queue(s, i, h + 8 + plen, K_UDP, C_UDPCSUM, h + 8, plen);
	else
		queue(s, i, h + 8 + plen, K_UDPBAD, C_UDPCSUM, 0, 0);
}

/* An ICMP(v6) error quoting a packet the receiver might have sent:
 * DST:port -> SRC:?, UDP, then 0..28 bytes of SCTP header and chunk. */
static void do_icmp(int fam)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *q, *ic;
	int i = slot(s, &b);
	size_t h = ip_hdr_len(fam), qlen, l4;
	uint32_t sum;
	unsigned int sport = rndn(4) ? (unsigned int)cfg.port : uport();
	unsigned int dport = rndn(2) ? (unsigned int)cfg.port : uport();
	int live = cfg.live[fam] && rndn(2);

	ic = b + h;
	q = ic + 8;			/* the quoted packet */
	/* quoted L4 bytes: 0..8 of UDP (truncated), or UDP + 0..28 */
	l4 = rndn(4) ? 8 + rndn(29) : rndn(9);
	if (fam == F4) {
		memset(q, 0, 20);
		q[0] = 0x45;
		if (rndn(16) == 0)
			q[0] = 0x40 | rndn(16);		/* bogus ihl */
		put16(q + 2, 20 + 8 + 12 + 4 + rndn(1400));
		q[8] = 1 + rndn(64);
		q[9] = rndn(8) ? IPPROTO_UDP : IPPROTO_SCTP;
		memcpy(q + 12, &cfg.dst4, 4);
		memcpy(q + 16, &cfg.src4, 4);
		qlen = 20;
	} else {
		memset(q, 0, 40);
		q[0] = 0x60;
		put16(q + 4, 8 + 12 + 4 + rndn(1400));
		q[6] = rndn(8) ? IPPROTO_UDP : IPPROTO_SCTP;
		q[7] = 64;
		memcpy(q + 8, &cfg.dst6, 16);
		memcpy(q + 24, &cfg.src6, 16);
		qlen = 40;
	}
	rnd_fill(q + qlen, l4);
	if (l4 >= 4) {
		put16(q + qlen, sport);
		put16(q + qlen + 2, dport);
	}
	if (l4 >= 6)
		put16(q + qlen + 4, 8 + 12 + 4 + rndn(1400));
	if (l4 >= 8 + 4) {			/* SCTP ports */
		put16(q + qlen + 8, cfg.listen);
		put16(q + qlen + 10, live ? (unsigned int)cfg.live[fam] : port_good());
	}
	if (l4 >= 8 + 8)
		put32(q + qlen + 12, vtag_nonzero());	/* never the real one */
	qlen += l4;

	memset(ic, 0, 8);
	if (fam == F4) {
		static const unsigned char types[][2] = {
			{ 3, 3 }, { 3, 4 }, { 3, 1 }, { 3, 2 }, { 3, 13 },
			{ 11, 0 }, { 12, 0 }, { 4, 0 },
		};
		int t = rndn(sizeof(types) / 2);

		ic[0] = types[t][0];
		ic[1] = types[t][1];
		if (ic[0] == 3 && ic[1] == 4)	/* forged next-hop MTU */
			put16(ic + 6, rndn(4) ? rndn(1500) : rndn(65536));
		if (ic[0] == 12)
			ic[4] = rndn(64);
		put16(ic + 2, csum_fold(csum_add(0, ic, 8 + qlen)));
		memset(b, 0, 20);
		b[0] = 0x45;
		b[8] = 64;
		b[9] = IPPROTO_ICMP;
		memcpy(b + 12, &cfg.src4, 4);
		memcpy(b + 16, &cfg.dst4, 4);
		put16(b + 2, 20 + 8 + qlen);
	} else {
		static const unsigned char types[][2] = {
			{ 1, 4 }, { 1, 0 }, { 1, 1 }, { 1, 3 }, { 2, 0 },
			{ 3, 0 }, { 4, 0 }, { 4, 1 },
		};
		int t = rndn(sizeof(types) / 2);

		ic[0] = types[t][0];
		ic[1] = types[t][1];
		if (ic[0] == 2)		/* Packet Too Big: any MTU */
			put32(ic + 4, rndn(2) ? rndn(1280) : (uint32_t)rnd());
		if (ic[0] == 4)
			put32(ic + 4, rndn(80));
		memset(b, 0, 40);
		b[0] = 0x60;
		put16(b + 4, 8 + qlen);
		b[6] = 58;
		b[7] = 255;
		memcpy(b + 8, &cfg.src6, 16);
		memcpy(b + 24, &cfg.dst6, 16);
		sum = csum_add(0, b + 8, 32);
		sum += 58 + (uint32_t)(8 + qlen);
		sum = csum_add(sum, ic, 8 + qlen);
		put16(ic + 2, csum_fold(sum));
	}
	queue(s, i, h + 8 + qlen, K_ICMP, C_ICMP, 0, 0);
}

/* INIT for the live association from a new UDP port, in two IP fragments:
 * the first ends right after the chunk header. */
static void do_fraginit(int fam, uint32_t tag)
{
	struct sender *s = &raw[fam];
	unsigned char *b, *p, *f2;
	int i = slot(s, &b), j;
	size_t h = ip_hdr_len(fam), n = 12, first = 8 + 12 + 4, rest;
	uint32_t id = (uint32_t)rnd();
	unsigned int sp = uport();

	p = b + h + 8;
	sctp_hdr(p, cfg.live[fam], cfg.listen, 0);
	n += init_chunk(p + n, tag);
	sctp_set_crc(p, n);
	ip_udp(fam, b, n, sp, 8 + n, 1, 8 + n);
	rest = 8 + n - first;
	/* The datagram, whole, is what is counted; it goes out in pieces. */
	if (fam == F4) {
		j = i;
		put16(b + 4, id & 0xffff);
		put16(b + 6, 0x2000);			/* MF, offset 0 */
		put16(b + 2, 20 + first);
		queue(s, j, 20 + first, K_UDP, C_FRAGINIT, h + 8, n);
		j = slot(s, &f2);
		memcpy(f2, b, 20);
		put16(f2 + 6, first / 8);		/* offset, no MF */
		put16(f2 + 2, 20 + rest);
		memcpy(f2 + 20, b + 20 + first, rest);
		queue(s, j, 20 + rest, K_FRAG, C_FRAGINIT, 0, 0);
	} else {
		unsigned char hdr[40];

		memcpy(hdr, b, 40);
		memmove(b + 48, b + 40, 8 + n);
		memcpy(b, hdr, 40);
		b[6] = 44;				/* Fragment header */
		put16(b + 4, 8 + first);
		memset(b + 40, 0, 8);
		b[40] = IPPROTO_UDP;
		put16(b + 42, 1);			/* offset 0, M */
		put32(b + 44, id);
		queue(s, i, 48 + first, K_UDP, C_FRAGINIT, 48 + 8, n);
		j = slot(s, &f2);
		memcpy(f2, b, 48);
		put16(f2 + 4, 8 + rest);
		put16(f2 + 42, first);			/* offset first/8 << 3 */
		memcpy(f2 + 48, b + 48 + first, rest);
		queue(s, j, 48 + rest, K_FRAG, C_FRAGINIT, 0, 0);
	}
}

/* ------------------------------------------------------------------ */

static void sweep(void)
{
	static const size_t marks[] = { 1472, 1452, 2048, 4096, 8192, 16384,
					32768, 65000, 65507 };

	for (int f = 0; f < NFAM; f++) {
		size_t len;

		if (!cfg.have[f])
			continue;
		for (int r = 0; r < 100; r++)
			for (len = 0; len <= 40; len++)
				send_udp_random(f, len, C_SWEEP);
		for (len = 41; len <= 2100; len++)
			send_udp_random(f, len, C_SWEEP);
		for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
			for (len = marks[m] - 3; len <= marks[m] + 3 &&
			     len <= 65507; len++)
				send_udp_random(f, len, C_SWEEP);
		for (int k = 0; k < 300; k++)
			send_udp_random(f, 2101 + rndn(65507 - 2100), C_SWEEP);
	}
}

static void mix(void)
{
	/* Weights per 1000 datagrams. */
	static const struct { int cat, w; } w[] = {
		{ C_RANDOM, 380 }, { C_BADCRC, 120 }, { C_LIVE_VTAG, 60 },
		{ C_LIVE_ZERO, 20 }, { C_INIT_LISTEN, 50 },
		{ C_INIT_CLOSED, 40 }, { C_INIT_LIVE, 20 }, { C_OOTB, 60 },
		{ C_CHUNKLEN, 100 }, { C_ULEN, 70 }, { C_UDPCSUM, 40 },
		{ C_ICMP, 40 },
	};
	while (st.queued < cfg.count) {
		for (int k = 0; k < 1000; k++) {
			int f = rndn(2), x = rndn(1000), c = 0;

			if (!cfg.have[f])
				f = !f;
			for (size_t m = 0; m < sizeof(w) / sizeof(w[0]); m++) {
				if (x < w[m].w) {
					c = w[m].cat;
					break;
				}
				x -= w[m].w;
			}
			if ((c == C_LIVE_VTAG || c == C_LIVE_ZERO ||
			     c == C_INIT_LIVE) && !cfg.live[f])
				c = C_BADCRC;
			switch (c) {
			case C_RANDOM:
				send_udp_random(f, rndn(f == F4 ? 1473 : 1453),
						C_RANDOM);
				break;
			case C_BADCRC: do_badcrc(f); break;
			case C_LIVE_VTAG: do_live(f, 0); break;
			case C_LIVE_ZERO: do_live(f, 1); break;
			case C_INIT_LISTEN:
			case C_INIT_CLOSED:
			case C_INIT_LIVE: do_init(f, c); break;
			case C_OOTB: do_ootb(f); break;
			case C_CHUNKLEN: do_chunklen(f); break;
			case C_ULEN: do_ulen(f); break;
			case C_UDPCSUM: do_udpcsum(f); break;
			default: do_icmp(f); break;
			}
		}
	}
}

static int parse_pair(int fam, char *arg)
{
	char *comma = strchr(arg, ',');

	if (!comma)
		return -1;
	*comma = 0;
	if (fam == F4)
		return inet_pton(AF_INET, arg, &cfg.src4) == 1 &&
		       inet_pton(AF_INET, comma + 1, &cfg.dst4) == 1 ? 0 : -1;
	return inet_pton(AF_INET6, arg, &cfg.src6) == 1 &&
	       inet_pton(AF_INET6, comma + 1, &cfg.dst6) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", 1, NULL, 'p' }, { "count", 1, NULL, 'n' },
		{ "seed", 1, NULL, 's' }, { "listen", 1, NULL, 'l' },
		{ "live4", 1, NULL, 'L' }, { "live6", 1, NULL, 'M' },
		{ "mode", 1, NULL, 'm' }, { "init-tag", 1, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *mode = "mix";
	unsigned long seed = (unsigned long)time(NULL);
	struct timespec t0, t1;
	int c;

	while ((c = getopt_long(argc, argv, "4:6:p:n:s:", opts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			if (parse_pair(c == '4' ? F4 : F6, optarg)) {
				fprintf(stderr, "-%c SRC,DST\n", c);
				return 2;
			}
			cfg.have[c == '4' ? F4 : F6] = 1;
			break;
		case 'p': cfg.port = atoi(optarg); break;
		case 'n': cfg.count = strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 'l': cfg.listen = atoi(optarg); break;
		case 'L': cfg.live[F4] = atoi(optarg); break;
		case 'M': cfg.live[F6] = atoi(optarg); break;
		case 'm': mode = optarg; break;
		case 't': cfg.init_tag = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: see the head of sctpfuzz.c\n");
			return 2;
		}
	}
	if (!cfg.have[F4] && !cfg.have[F6]) {
		fprintf(stderr, "sctpfuzz: -4 and/or -6 needed\n");
		return 2;
	}
	rng_state ^= seed * 0x100000001b3ull;
	rnd();
	crc_init();
	open_senders();
	clock_gettime(CLOCK_MONOTONIC, &t0);

	if (!strcmp(mode, "fraginit")) {
		for (unsigned long k = 0; k < cfg.count; k++)
			for (int f = 0; f < NFAM; f++)
				if (cfg.have[f] && cfg.live[f])
					do_fraginit(f, cfg.init_tag + k);
	} else {
		sweep();
		flush_all();
		mix();
	}
	flush_all();
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("seed %lu\n", seed);
	printf("seconds %.1f\n", (t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("sent %lu\nsend_errors %lu\n", st.sent, st.send_errors);
	printf("udp_ok_v4 %lu\nudp_ok_v6 %lu\n", st.udp_ok[F4], st.udp_ok[F6]);
	printf("udp_bad_v4 %lu\nudp_bad_v6 %lu\n", st.udp_bad[F4],
	       st.udp_bad[F6]);
	printf("icmp_v4 %lu\nicmp_v6 %lu\n", st.icmp[F4], st.icmp[F6]);
	printf("exp_short %lu\nexp_new_port_init %lu\nexp_decap %lu\n",
	       st.short_, st.new_port_init, st.decap);
	printf("exp_refused_vtag %lu\nexp_noassoc_badcrc %lu\n",
	       st.refused_vtag, st.noassoc_badcrc);
	printf("exp_badcrc %lu\nexp_ootb_discard %lu\n", st.badcrc, st.ootb);
	for (int k = 0; k < NCAT; k++)
		printf("cat_%s %lu\n", cat_names[k], st.cat[k]);
	return st.send_errors > st.sent / 100 ? 1 : 0;
}
