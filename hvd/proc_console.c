/* SPDX-License-Identifier: ISC */
/*
 * proc_console.c - console streams (proc_console.h).
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "dispatch.h"
#include "domain.h"
#include "hvd.h"
#include "log.h"
#include "proc_console.h"
#include "rpc_error.h"
#include "server.h"
#include "vmrun.h"

/* REMOTE OPEN_CONSOLE's flags (libvirt's virDomainConsoleFlags). */
#define CONSOLE_FORCE	1u	/* end the domain's libvirt session first */
#define CONSOLE_SAFE	2u	/* only where sessions exclude each other */

/**
 * struct client_stream - one console stream of a client.
 * @cl:      the client.
 * @hdr:     the header its packets carry (prog, proc, serial; STREAM).
 * @uuid:    the domain's UUID.
 * @console: the console it is attached to, or NULL once it ended.
 * @peer:    its peer there.
 * @next:    the client's next stream.
 */
struct client_stream {
	struct client *cl;
	struct rpc_header hdr;
	struct hvuuid uuid;
	struct console *console;
	struct console_peer *peer;
	struct client_stream *next;
};

/* Output for the client: a CONTINUE packet (dropped, and counted, when
 * the client does not read). */
static void
stream_data(void *ctx, const void *bytes, size_t len)
{
	struct client_stream *s = ctx;
	struct rpc_header h = s->hdr;
	struct rpc_packet pkt;

	h.status = RPC_CONTINUE;
	while (len > 0) {
		size_t n = len < 65536 ? len : 65536;

		if (rpc_packet_encode_raw(&pkt, &h, bytes, n) == 0) {
			server_send(s->cl, &pkt);
		}
		bytes = (const uint8_t *)bytes + n;
		len -= n;
	}
}

/* The domain stopped: end of stream; the client's finish comes next. */
static void
stream_eof(void *ctx)
{
	struct client_stream *s = ctx;
	struct rpc_header h = s->hdr;

	h.status = RPC_CONTINUE;
	server_send_body(s->cl, &h, NULL, NULL);
	s->console = NULL;
	s->peer = NULL;
}

static const struct console_peer_ops stream_ops = {
	stream_data, stream_eof,
};

/* Take a stream off its client's list and its console; free it. */
static void
stream_free(struct client_stream *s)
{
	struct client_stream **pp;

	for (pp = &s->cl->streams; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	if (s->console != NULL) {
		console_detach(s->console, s->peer);
	}
	free(s);
}

void
proc_console_client_gone(struct client *c)
{
	while (c->streams != NULL) {
		stream_free(c->streams);
	}
}

/* The client's stream with the packet's serial, or NULL. */
static struct client_stream *
stream_find(struct client *c, const struct rpc_header *h)
{
	struct client_stream *s;

	for (s = c->streams; s != NULL; s = s->next) {
		if (s->hdr.serial == h->serial && s->hdr.prog == h->prog &&
		    s->hdr.proc == h->proc) {
			return s;
		}
	}
	return NULL;
}

void
proc_console_stream(struct client *c, const struct rpc_packet *pkt)
{
	struct client_stream *s = stream_find(c, &pkt->hdr);
	struct rpc_header h;
	struct domain *d;

	if (s == NULL) {
		log_debug("client %u: stream packet for serial %u, which has "
		    "no stream", c->id, pkt->hdr.serial);
		return;
	}
	if (pkt->hdr.status != RPC_CONTINUE) {
		/* A finish or an abort: answer with an empty STREAM OK. */
		h = s->hdr;
		h.status = RPC_OK;
		stream_free(s);
		server_send_body(c, &h, NULL, NULL);
		return;
	}
	d = domain_by_uuid(&c->hvd->doms, &s->uuid);
	if (d != NULL && domain_active(d) && rpc_packet_payload_len(pkt) > 0 &&
	    vmrun_console_in(c->hvd, d, rpc_packet_payload(pkt),
	    rpc_packet_payload_len(pkt)) < 0) {
		log_debug("%s: typed bytes dropped: too many wait",
		    d->def.name);
	}
}

/* After the reply: attach the stream (its first data follows the reply);
 * a stream replaying a boot that has ended gets that output and its end. */
static void
stream_attach(struct call *c, void *ctx)
{
	struct client_stream *s = ctx;
	struct domain *d = domain_by_uuid(&c->hvd->doms, &s->uuid);
	bool replay = s->hdr.prog == HVD_PROGRAM &&
	    (((const hvd_domain_open_console_args *)c->args)->flags &
	    HVD_CONSOLE_REPLAY);

	s->next = c->cl->streams;
	c->cl->streams = s;
	if (!domain_active(d)) {
		console_replay(d->console, &stream_ops, s);
		stream_eof(s);
		return;
	}
	s->console = d->console;
	s->peer = console_attach(d->console, &stream_ops, s, replay);
	if (s->peer == NULL) {
		s->console = NULL;
		stream_eof(s);
	}
}

/* The attached REMOTE console stream of @d, of any client, or NULL. */
static struct client_stream *
libvirt_session(struct hvd *hvd, const struct domain *d)
{
	struct client_stream *s;
	struct client *cl;

	for (cl = hvd->server.clients; cl != NULL; cl = cl->next) {
		for (s = cl->streams; s != NULL; s = s->next) {
			if (s->hdr.prog == REMOTE_PROGRAM && s->console != NULL &&
			    hvuuid_equal(&s->uuid, &d->def.uuid)) {
				return s;
			}
		}
	}
	return NULL;
}

/*
 * Both OPEN_CONSOLEs: check, and attach once the reply is out.  A domain
 * must be active, except for HVD's replay of a boot that has ended
 * already (hvctl start --console of a guest quicker than the attach).
 * REMOTE's sessions exclude each other as libvirt's do: a second is
 * refused, or with CONSOLE_FORCE (@force) ends the first (its client sees
 * the end of its stream); hvd's own streams watch alongside.
 */
static int
console_open(struct call *c, const remote_nonnull_domain *dom, bool replay,
    bool force)
{
	struct domain *d = call_domain(c, dom);
	struct client_stream *s;

	if (d == NULL) {
		return -1;
	}
	if ((!domain_active(d) && !(replay && d->console != NULL)) ||
	    vmrun_console_ready(c->hvd, d) < 0) {
		return call_fail(c, VIR_ERR_OPERATION_INVALID, "domain '%s' "
		    "is not running", d->def.name);
	}
	if (c->hdr.prog == REMOTE_PROGRAM &&
	    (s = libvirt_session(c->hvd, d)) != NULL) {
		if (!force) {
			/* libvirt's words, so that virsh says the same. */
			return call_fail(c, VIR_ERR_OPERATION_FAILED, "operation "
			    "failed: Active console session exists for this "
			    "domain");
		}
		log_info("%s: console session of client %u ended by client "
		    "%u (force)", d->def.name, s->cl->id, c->cl->id);
		console_detach(s->console, s->peer);
		stream_eof(s);
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	s->cl = c->cl;
	s->hdr = c->hdr;
	s->hdr.type = RPC_STREAM;
	s->uuid = d->def.uuid;
	c->after = stream_attach;
	c->after_ctx = s;
	return 0;
}

static int
handle_remote_open_console(struct call *c)
{
	const remote_domain_open_console_args *args = c->args;

	if (call_flags(c, args->flags, CONSOLE_FORCE | CONSOLE_SAFE,
	    "console") < 0) {
		return -1;
	}
	if (args->dev_name != NULL && strcmp(*args->dev_name, "console0") != 0 &&
	    strcmp(*args->dev_name, "serial0") != 0) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "no console device "
		    "'%s': hv VMs have console0 (serial0)", *args->dev_name);
	}
	return console_open(c, &args->dom, false,
	    (args->flags & CONSOLE_FORCE) != 0);
}

static int
handle_hvd_open_console(struct call *c)
{
	const hvd_domain_open_console_args *args = c->args;

	return console_open(c, &args->dom, args->flags & HVD_CONSOLE_REPLAY,
	    false);
}

static const struct handler proc_console_handlers[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
	    handle_remote_open_console, HANDLER_WRITES },
	{ HVD_PROGRAM, HVD_PROC_DOMAIN_OPEN_CONSOLE, handle_hvd_open_console,
	    HANDLER_WRITES },
};

const struct handler_table proc_console_table = {
	proc_console_handlers,
	sizeof(proc_console_handlers) / sizeof(proc_console_handlers[0]),
};
