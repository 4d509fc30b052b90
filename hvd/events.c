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
events_deregister(struct client *c, int callback_id)
{
	struct client_event **pp, *e;

	for (pp = &c->events; (e = *pp) != NULL; pp = &e->next) {
		if (e->callback_id == callback_id) {
			*pp = e->next;
			free(e);
			return 0;
		}
	}
	return -ENOENT;
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

/* Send one event to every registration for @event_id that watches @d;
 * @msg's callbackID (its first member) is set per registration. */
static void
events_send(struct hvd *hvd, const struct domain *d, int event_id, int proc,
    xdrproc_t xdr, void *msg, int *callback_id)
{
	const struct rpc_header hdr = { REMOTE_PROGRAM,
	    REMOTE_PROTOCOL_VERSION, proc, RPC_MESSAGE, 1, RPC_OK };
	struct client_event *e;
	struct client *c;

	for (c = hvd->server.clients; c != NULL; c = c->next) {
		for (e = c->events; e != NULL && !c->dead; e = e->next) {
			if (e->event_id != event_id || (e->has_dom &&
			    !hvuuid_equal(&e->dom, &d->def.uuid))) {
				continue;
			}
			*callback_id = e->callback_id;
			if (server_send_body(c, &hdr, xdr, msg) < 0) {
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

	memset(&msg, 0, sizeof(msg));
	events_dom(d, &msg.msg.dom);
	msg.msg.event = event;
	msg.msg.detail = detail;
	events_send(hvd, d, EVENT_ID_LIFECYCLE,
	    REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
	    (xdrproc_t)xdr_remote_domain_event_callback_lifecycle_msg, &msg,
	    &msg.callbackID);
}

void
events_reboot(struct hvd *hvd, const struct domain *d)
{
	remote_domain_event_callback_reboot_msg msg;

	memset(&msg, 0, sizeof(msg));
	events_dom(d, &msg.msg.dom);
	events_send(hvd, d, EVENT_ID_REBOOT,
	    REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT,
	    (xdrproc_t)xdr_remote_domain_event_callback_reboot_msg, &msg,
	    &msg.callbackID);
}
