/* SPDX-License-Identifier: ISC */
/*
 * events.c - domain events to registered clients (events.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "events.h"
#include "hv_protocol.h"
#include "hvd.h"
#include "log.h"
#include "server.h"

int
events_register(struct client *c, int event_id, const struct hvuuid *dom,
    int *callback_id)
{
	struct client_event *e;

	if (event_id < 0 || event_id >= EVENT_ID_LAST) {
		return -EINVAL;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		return -ENOMEM;
	}
	e->callback_id = c->next_callback++;
	e->event_id = event_id;
	if (dom != NULL) {
		e->has_dom = true;
		e->dom = *dom;
	}
	e->next = c->events;
	c->events = e;
	*callback_id = e->callback_id;
	return 0;
}

int
events_register_legacy(struct client *c, int event_id)
{
	struct client_event *e;

	if (event_id < 0 || event_id >= EVENT_ID_LEGACY_LAST) {
		return -EINVAL;
	}
	for (e = c->events; e != NULL; e = e->next) {
		if (e->callback_id < 0 && e->event_id == event_id) {
			return -EEXIST;
		}
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		return -ENOMEM;
	}
	e->callback_id = -1;
	e->event_id = event_id;
	e->next = c->events;
	c->events = e;
	return 0;
}

/* Take out a legacy registration for event @id, or the callback-style
 * one with callback id @id; -ENOENT if there is none. */
static int
events_take(struct client *c, bool legacy, int id)
{
	struct client_event **pp, *e;

	for (pp = &c->events; (e = *pp) != NULL; pp = &e->next) {
		if (legacy ? e->callback_id < 0 && e->event_id == id :
		    e->callback_id == id) {
			*pp = e->next;
			free(e);
			return 0;
		}
	}
	return -ENOENT;
}

int
events_deregister_legacy(struct client *c, int event_id)
{
	return events_take(c, true, event_id);
}

int
events_deregister(struct client *c, int callback_id)
{
	return callback_id < 0 ? -ENOENT : events_take(c, false, callback_id);
}

void
events_client_gone(struct client *c)
{
	struct client_event *e;

	while ((e = c->events) != NULL) {
		c->events = e->next;
		free(e);
	}
}

/**
 * struct event_out - one event in both of its wire forms.
 * @event_id:    EVENT_ID_LIFECYCLE or EVENT_ID_REBOOT.
 * @proc:        the callback-style procedure.
 * @xdr:         its payload's XDR routine.
 * @msg:         its payload.
 * @callback_id: where the payload carries the callback id.
 * @legacy_proc: the legacy procedure.
 * @legacy_xdr:  its payload's XDR routine.
 * @legacy_msg:  its payload (the callback-style one without the id).
 */
struct event_out {
	int event_id;
	int proc;
	xdrproc_t xdr;
	void *msg;
	int *callback_id;
	int legacy_proc;
	xdrproc_t legacy_xdr;
	const void *legacy_msg;
};

/* Send @ev to every registration for it that watches @d. */
static void
events_send(struct hvd *hvd, const struct domain *d,
    const struct event_out *ev)
{
	struct rpc_header hdr = { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, 0,
	    RPC_MESSAGE, 1, RPC_OK };
	struct client_event *e;
	struct client *c;
	int rc;

	for (c = hvd->server.clients; c != NULL; c = c->next) {
		for (e = c->events; e != NULL && !c->dead; e = e->next) {
			if (e->event_id != ev->event_id || (e->has_dom &&
			    !hvuuid_equal(&e->dom, &d->def.uuid))) {
				continue;
			}
			if (e->callback_id < 0) {
				hdr.proc = ev->legacy_proc;
				rc = server_send_body(c, &hdr, ev->legacy_xdr,
				    ev->legacy_msg);
			} else {
				hdr.proc = ev->proc;
				*ev->callback_id = e->callback_id;
				rc = server_send_body(c, &hdr, ev->xdr,
				    ev->msg);
			}
			if (rc < 0) {
				log_debug("client %u: event dropped", c->id);
			}
		}
	}
}

/* The domain triple of an event (the name is borrowed, not copied). */
static void
events_dom(const struct domain *d, remote_nonnull_domain *dom)
{
	dom->name = (char *)(uintptr_t)d->def.name;
	memcpy(dom->uuid, d->def.uuid.bytes, sizeof(dom->uuid));
	dom->id = domain_active(d) ? d->id : -1;
}

void
events_lifecycle(struct hvd *hvd, const struct domain *d, int event,
    int detail)
{
	remote_domain_event_callback_lifecycle_msg msg;
	struct event_out ev = {
		EVENT_ID_LIFECYCLE,
		REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
		(xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg,
		&msg, &msg.callbackID, REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE,
		(xdrproc_t)xdr_remote_domain_event_lifecycle_msg, &msg.msg,
	};

	memset(&msg, 0, sizeof(msg));
	events_dom(d, &msg.msg.dom);
	msg.msg.event = event;
	msg.msg.detail = detail;
	events_send(hvd, d, &ev);
}

void
events_reboot(struct hvd *hvd, const struct domain *d)
{
	remote_domain_event_callback_reboot_msg msg;
	struct event_out ev = {
		EVENT_ID_REBOOT, REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT,
		(xdrproc_t)xdr_remote_domain_event_callback_reboot_msg, &msg,
		&msg.callbackID, REMOTE_PROC_DOMAIN_EVENT_REBOOT,
		(xdrproc_t)xdr_remote_domain_event_reboot_msg, &msg.msg,
	};

	memset(&msg, 0, sizeof(msg));
	events_dom(d, &msg.msg.dom);
	events_send(hvd, d, &ev);
}
