/* SPDX-License-Identifier: ISC */
/*
 * proc_event.c - REMOTE's event registrations: callback style (what virsh
 * event and libvirt API programs with an event loop register) and the
 * legacy kind.
 */
#include <errno.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "events.h"
#include "hvd.h"
#include "rpc_error.h"
#include "server.h"

static int
handle_register_any(struct call *c)
{
	const remote_connect_domain_event_callback_register_any_args *args =
	    c->args;
	remote_connect_domain_event_callback_register_any_ret *ret = c->ret;
	struct hvuuid uuid;
	int rc;

	if (args->dom != NULL) {
		memcpy(uuid.bytes, args->dom->uuid, sizeof(uuid.bytes));
	}
	rc = events_register(c->cl, args->eventID,
	    args->dom != NULL ? &uuid : NULL, &ret->callbackID);
	if (rc == -EINVAL) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "unsupported event "
		    "ID %d", args->eventID);
	}
	if (rc < 0) {
		return call_fail(c, VIR_ERR_NO_MEMORY, "out of memory");
	}
	return 0;
}

static int
handle_deregister_any(struct call *c)
{
	const remote_connect_domain_event_callback_deregister_any_args *args =
	    c->args;

	if (events_deregister(c->cl, args->callbackID) < 0) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "callback %d is not "
		    "registered", args->callbackID);
	}
	return 0;
}

static int
handle_register_legacy(struct call *c)
{
	const remote_connect_domain_event_register_any_args *args = c->args;
	int rc = events_register_legacy(c->cl, args->eventID);

	if (rc == -EINVAL) {
		return call_fail(c, VIR_ERR_INVALID_ARG, "unsupported event "
		    "ID %d", args->eventID);
	}
	if (rc == -EEXIST) {
		return call_fail(c, VIR_ERR_INTERNAL_ERROR, "domain event %d "
		    "already registered", args->eventID);
	}
	return rc < 0 ? call_fail(c, VIR_ERR_NO_MEMORY, "out of memory") : 0;
}

static int
handle_deregister_legacy(struct call *c)
{
	const remote_connect_domain_event_deregister_any_args *args = c->args;

	if (events_deregister_legacy(c->cl, args->eventID) < 0) {
		return call_fail(c, VIR_ERR_INTERNAL_ERROR, "domain event %d "
		    "not registered", args->eventID);
	}
	return 0;
}

static const struct handler proc_event_handlers[] = {
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
	    handle_register_any, 0 },
	{ REMOTE_PROGRAM,
	    REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
	    handle_deregister_any, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY,
	    handle_register_legacy, 0 },
	{ REMOTE_PROGRAM, REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY,
	    handle_deregister_legacy, 0 },
};

const struct handler_table proc_event_table = {
	proc_event_handlers,
	sizeof(proc_event_handlers) / sizeof(proc_event_handlers[0]),
};
