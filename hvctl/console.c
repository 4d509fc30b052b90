/* SPDX-License-Identifier: ISC */
/*
 * console.c - hvctl console (console.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"
#include "req.h"

/**
 * struct console_session - one attach.
 * @h:      the run.
 * @hdr:    the header of the stream's packets.
 * @tty:    stdin is a terminal (in raw mode).
 * @saved:  its settings before.
 * @in_eof: stdin ended (no terminal): only output is left to show.
 * @ended:  the stream ended: the server sent its end or an error.
 * @status: the exit status.
 */
struct console_session {
	struct hvctl *h;
	struct rpc_header hdr;
	bool tty;
	struct termios saved;
	bool in_eof;
	bool ended;
	int status;
};

/* Raw mode on a terminal stdin. */
static void
console_raw(struct console_session *s)
{
	struct termios raw;

	s->tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO,
	    &s->saved) == 0;
	if (!s->tty) {
		return;
	}
	raw = s->saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
}

static void
console_restore(struct console_session *s)
{
	if (s->tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &s->saved);
	}
}

/* Write all of the guest's bytes to stdout. */
static void
console_show(const uint8_t *bytes, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(STDOUT_FILENO, bytes, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return;
		}
		bytes += n;
		len -= (size_t)n;
	}
}

/* A packet from the server. */
static void
console_packet(struct console_session *s, const struct rpc_packet *pkt)
{
	if (pkt->hdr.type != RPC_STREAM || pkt->hdr.serial != s->hdr.serial) {
		return;		/* an event or a keepalive */
	}
	if (pkt->hdr.status == RPC_CONTINUE &&
	    rpc_packet_payload_len(pkt) > 0) {
		console_show(rpc_packet_payload(pkt),
		    rpc_packet_payload_len(pkt));
		return;
	}
	if (pkt->hdr.status == RPC_ERROR) {
		fprintf(stderr, "\r\nhvctl: the console stream failed\r\n");
		s->status = 1;
	}
	s->ended = true;	/* the end of the stream, or a finish */
}

/* Bytes typed; false once the user detaches or stdin ends. */
static bool
console_typed(struct console_session *s)
{
	struct rpc_header h = s->hdr;
	uint8_t buf[1024];
	ssize_t n;
	char *esc;

	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n <= 0) {
		s->in_eof = true;
		return !s->tty;
	}
	esc = s->tty ? memchr(buf, CONSOLE_ESCAPE, (size_t)n) : NULL;
	if (esc != NULL) {
		n = esc - (char *)buf;
	}
	h.status = RPC_CONTINUE;
	if (n > 0 && rpc_client_send_raw(&s->h->rpc, &h, buf,
	    (size_t)n) < 0) {
		s->ended = true;
		s->status = 1;
	}
	return esc == NULL;
}

/* Finish the stream and wait for the server's answer to the finish. */
static void
console_finish(struct console_session *s)
{
	struct rpc_header h = s->hdr;
	struct rpc_packet pkt;

	h.status = RPC_OK;
	if (rpc_client_send_raw(&s->h->rpc, &h, NULL, 0) < 0) {
		return;
	}
	while (rpc_client_recv(&s->h->rpc, &pkt, 5000) == 0) {
		bool done = pkt.hdr.type == RPC_STREAM &&
		    pkt.hdr.serial == s->hdr.serial &&
		    pkt.hdr.status != RPC_CONTINUE;

		rpc_packet_free(&pkt);
		if (done) {
			return;
		}
	}
}

/* Shuttle bytes until the stream ends or the user detaches. */
static void
console_loop(struct console_session *s)
{
	struct pollfd p[2] = {
		{ .fd = s->h->rpc.fd, .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	struct rpc_packet pkt;

	while (!s->ended) {
		p[1].fd = s->in_eof ? -1 : STDIN_FILENO;
		if (s->h->rpc.in_off == s->h->rpc.in_len &&
		    poll(p, 2, -1) < 0 && errno != EINTR) {
			break;
		}
		if ((p[1].revents & (POLLIN | POLLHUP)) && !console_typed(s)) {
			console_finish(s);
			return;
		}
		if (s->h->rpc.in_off < s->h->rpc.in_len ||
		    (p[0].revents & (POLLIN | POLLHUP))) {
			if (rpc_client_recv(&s->h->rpc, &pkt, -1) < 0) {
				s->status = conn_fail(s->h, NULL);
				return;
			}
			console_packet(s, &pkt);
			rpc_packet_free(&pkt);
		}
	}
	console_finish(s);
}

int
console_run(struct hvctl *h, const remote_nonnull_domain *dom, bool replay)
{
	struct console_session s = { .h = h };
	hvd_domain_open_console_args args = { *dom,
	    replay ? HVD_CONSOLE_REPLAY : 0 };

	if (rpc_client_call(&h->rpc, HVD_PROGRAM, HVD_PROC_DOMAIN_OPEN_CONSOLE,
	    (xdrproc_t)xdr_hvd_domain_open_console_args, &args, NULL,
	    NULL) < 0) {
		return conn_fail(h, NULL);
	}
	s.hdr = (struct rpc_header){ HVD_PROGRAM, 1,
	    HVD_PROC_DOMAIN_OPEN_CONSOLE, RPC_STREAM,
	    rpc_client_last_serial(&h->rpc), RPC_OK };
	console_raw(&s);
	if (s.tty) {
		fprintf(stderr, "Connected to domain '%s'\r\nEscape "
		    "character is ^]\r\n", dom->name);
	}
	console_loop(&s);
	console_restore(&s);
	if (s.tty) {
		fprintf(stderr, "\n");
	}
	return s.status;
}

static int
console_attach(struct hvctl *h, remote_nonnull_domain *dom, void *ctx)
{
	(void)ctx;
	return console_run(h, dom, false);
}

int
verb_console(struct hvctl *h, int argc, char **argv)
{
	char **args;
	int rc;

	if ((rc = verb_parse("console", argc, argv, NULL, 0, &args, 1)) != 0) {
		return rc;
	}
	return req_on_domain(h, args[0], console_attach, NULL);
}
