/* SPDX-License-Identifier: ISC */
/*
 * dispatch.c - a client's packet: calls to their handlers, keepalive,
 * stream data (dispatch.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "hvd.h"
#include "log.h"
#include "proc_console.h"
#include "rpc_error.h"
#include "server.h"

static const struct handler_table *const dispatch_tables[] = {
	&proc_connect_table, &proc_domain_table, &proc_lifecycle_table,
	&proc_event_table, &proc_console_table, &proc_hvd_table,
};

/* The handler of a procedure, or NULL. */
static const struct handler *
dispatch_find(uint32_t prog, int32_t proc)
{
	const struct handler_table *t;
	size_t i, j;

	for (i = 0; i < sizeof(dispatch_tables) / sizeof(dispatch_tables[0]);
	    i++) {
		t = dispatch_tables[i];
		for (j = 0; j < t->count; j++) {
			if (t->handler[j].prog == prog &&
			    t->handler[j].proc == proc) {
				return &t->handler[j];
			}
		}
	}
	return NULL;
}

int
call_fail(struct call *c, int code, const char *fmt, ...)
{
	char msg[CALL_ERROR_MAX];
	va_list ap;

	c->err_code = code;
	switch (code) {
	case VIR_ERR_NO_DOMAIN:
	case VIR_ERR_DOM_EXIST:
	case VIR_ERR_OPERATION_INVALID:
	case VIR_ERR_XML_ERROR:
	case VIR_ERR_CONFIG_UNSUPPORTED:
		c->err_domain = VIR_FROM_DOMAIN;
		break;
	case VIR_ERR_RPC:
		c->err_domain = VIR_FROM_RPC;
		break;
	default:
		c->err_domain = VIR_FROM_REMOTE;
		break;
	}
	/* The message may be made of c->err_msg itself. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(c->err_msg, msg, sizeof(msg));
	return -1;
}

int
call_flags(struct call *c, unsigned int flags, unsigned int known,
    const char *what)
{
	if (flags & ~known) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "%s: unsupported flags "
		    "(0x%x)", what, flags & ~known);
	}
	return 0;
}

struct domain *
call_domain(struct call *c, const remote_nonnull_domain *dom)
{
	struct hvuuid uuid;
	struct domain *d;

	memcpy(uuid.bytes, dom->uuid, sizeof(uuid.bytes));
	d = domain_by_uuid(&c->hvd->doms, &uuid);
	if (d == NULL && dom->name != NULL) {
		d = domain_by_name(&c->hvd->doms, dom->name);
	}
	if (d == NULL) {
		call_fail(c, VIR_ERR_NO_DOMAIN, "Domain not found: no domain "
		    "with matching name '%s'", dom->name != NULL ? dom->name :
		    "");
	}
	return d;
}

struct domain *
call_args_domain(struct call *c)
{
	return call_domain(c, &((const remote_domain_args *)c->args)->dom);
}

int
call_strdup(struct call *c, char **out, const char *s)
{
	if ((*out = strdup(s)) == NULL) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	return 0;
}

int
call_set_domain(struct call *c, remote_nonnull_domain *out,
    const struct domain *d)
{
	memcpy(out->uuid, d->def.uuid.bytes, sizeof(out->uuid));
	out->id = domain_active(d) ? d->id : -1;
	return call_strdup(c, &out->name, d->def.name);
}

/* Send the call's reply: its ret, or its error. */
static void
dispatch_reply(struct call *c)
{
	struct rpc_header h = rpc_header_reply(&c->hdr, RPC_OK);
	int rc;

	if (c->err_code != 0) {
		rc = server_send_error(c->cl, &h, c->err_code, c->err_domain,
		    c->err_msg);
	} else {
		rc = server_send_body(c->cl, &h, c->proc->ret, c->ret);
		if (rc == -EINVAL || rc == -EMSGSIZE) {
			rc = server_send_error(c->cl, &h, VIR_ERR_RPC,
			    VIR_FROM_RPC, rc == -EMSGSIZE ? "the reply is "
			    "larger than the protocol allows" : "the reply "
			    "cannot be encoded");
		}
	}
	if (rc < 0 && rc != -EPIPE) {
		log_warnx("client %u: reply to %s: %s", c->cl->id,
		    c->proc->name, strerror(-rc));
	}
}

/* Is the call refused before its handler runs?  Fails it if so. */
static bool
dispatch_refused(struct call *c, const struct handler *h)
{
	if (h == NULL) {
		call_fail(c, VIR_ERR_NO_SUPPORT, "hvd does not support %s",
		    c->proc->name);
		return true;
	}
	if (!(h->flags & HANDLER_BEFORE_OPEN) && !c->cl->open) {
		call_fail(c, VIR_ERR_INTERNAL_ERROR, "hypervisor connection "
		    "not open");
		return true;
	}
	if ((h->flags & HANDLER_WRITES) && c->cl->readonly) {
		call_fail(c, VIR_ERR_OPERATION_DENIED, "read-only connection: "
		    "%s changes the host and is refused", c->proc->name);
		return true;
	}
	return false;
}

/* Decode, handle and answer a call of a known procedure. */
static void
dispatch_known(struct call *c, const struct rpc_packet *pkt)
{
	const struct handler *h = dispatch_find(c->hdr.prog, c->hdr.proc);

	if (dispatch_refused(c, h)) {
		dispatch_reply(c);
		return;
	}
	c->args = c->proc->args_size ? calloc(1, c->proc->args_size) : NULL;
	c->ret = c->proc->ret_size ? calloc(1, c->proc->ret_size) : NULL;
	if ((c->proc->args_size && c->args == NULL) ||
	    (c->proc->ret_size && c->ret == NULL)) {
		call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	} else if (rpc_packet_decode(pkt, c->proc->args, c->args) < 0) {
		call_fail(c, VIR_ERR_RPC, "malformed arguments of %s",
		    c->proc->name);
	} else if (h->fn(c) == 0) {
		c->err_code = 0;
	}
	dispatch_reply(c);
	if (c->err_code == 0 && c->after != NULL && !c->cl->dead) {
		c->after(c, c->after_ctx);
	}
	if (c->args != NULL) {
		rpc_body_free(c->proc->args, c->args);
		free(c->args);
	}
	if (c->ret != NULL) {
		rpc_body_free(c->proc->ret, c->ret);
		free(c->ret);
	}
}

/* A CALL. */
static void
dispatch_call(struct client *cl, const struct rpc_packet *pkt)
{
	struct call *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		server_drop(cl, "out of memory");
		return;
	}
	c->hvd = cl->hvd;
	c->cl = cl;
	c->hdr = pkt->hdr;
	c->proc = rpc_proc_find(pkt->hdr.prog, pkt->hdr.vers, pkt->hdr.proc);
	if (!rpc_proc_prog_known(pkt->hdr.prog, pkt->hdr.vers)) {
		call_fail(c, VIR_ERR_RPC, "Cannot find program %u version %u",
		    pkt->hdr.prog, pkt->hdr.vers);
	} else if (c->proc == NULL || c->proc->kind == RPC_PROC_EVENT) {
		call_fail(c, VIR_ERR_NO_SUPPORT, "hvd does not support "
		    "procedure %d of program %#x", pkt->hdr.proc,
		    pkt->hdr.prog);
	} else {
		dispatch_known(c, pkt);
		free(c);
		return;
	}
	server_send_error(cl, &(struct rpc_header){ pkt->hdr.prog,
	    pkt->hdr.vers, pkt->hdr.proc, RPC_REPLY, pkt->hdr.serial,
	    RPC_ERROR }, c->err_code, c->err_domain, c->err_msg);
	free(c);
}

/* A MESSAGE: keepalive; anything else is ignored. */
static void
dispatch_message(struct client *cl, const struct rpc_packet *pkt)
{
	struct rpc_header pong = { KEEPALIVE_PROGRAM,
	    KEEPALIVE_PROTOCOL_VERSION, KEEPALIVE_PROC_PONG, RPC_MESSAGE, 0,
	    RPC_OK };

	if (pkt->hdr.prog == KEEPALIVE_PROGRAM &&
	    pkt->hdr.proc == KEEPALIVE_PROC_PING) {
		server_send_body(cl, &pong, NULL, NULL);
	} else if (!(pkt->hdr.prog == KEEPALIVE_PROGRAM &&
	    pkt->hdr.proc == KEEPALIVE_PROC_PONG)) {
		log_debug("client %u: ignored a message of program %#x "
		    "procedure %d", cl->id, pkt->hdr.prog, pkt->hdr.proc);
	}
}

void
dispatch_packet(struct client *cl, const struct rpc_packet *pkt)
{
	char why[96];

	switch (pkt->hdr.type) {
	case RPC_CALL:
		dispatch_call(cl, pkt);
		break;
	case RPC_MESSAGE:
		dispatch_message(cl, pkt);
		break;
	case RPC_STREAM:
		proc_console_stream(cl, pkt);
		break;
	case RPC_CALL_WITH_FDS:
		server_send_error(cl, &(struct rpc_header){ pkt->hdr.prog,
		    pkt->hdr.vers, pkt->hdr.proc, RPC_REPLY, pkt->hdr.serial,
		    RPC_ERROR }, VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_RPC,
		    "hvd takes no file descriptors");
		break;
	default:
		snprintf(why, sizeof(why), "sent a packet of type %u, which "
		    "clients never send", pkt->hdr.type);
		server_drop(cl, why);
		break;
	}
}
