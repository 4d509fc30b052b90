/* SPDX-License-Identifier: ISC */
/*
 * events.h - domain events for the clients that registered for them:
 * lifecycle events (started, suspended, stopped, ...) and reboots.  A
 * callback-style registration (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY)
 * gets MESSAGE packets DOMAIN_EVENT_CALLBACK_LIFECYCLE and _REBOOT that
 * carry its callback id; a legacy one (CONNECT_DOMAIN_EVENT_REGISTER_ANY,
 * one per event id and client) gets DOMAIN_EVENT_LIFECYCLE and _REBOOT.
 */
#ifndef HVD_EVENTS_H
#define HVD_EVENTS_H

#include <stdbool.h>

#include "hvuuid.h"

struct client;
struct domain;
struct hvd;

/** EVENT_ID_LIFECYCLE, EVENT_ID_REBOOT - the event ids hvd delivers. */
#define EVENT_ID_LIFECYCLE	0
#define EVENT_ID_REBOOT		1
/** EVENT_ID_LAST - event ids are 0..EVENT_ID_LAST-1 (libvirt 9.0's). */
#define EVENT_ID_LAST		27
/** EVENT_ID_LEGACY_LAST - the legacy registration takes ids below this. */
#define EVENT_ID_LEGACY_LAST	16

/* libvirt's virDomainEventType and the details hvd sends. */
enum {
	EVENT_DEFINED = 0,
	EVENT_UNDEFINED = 1,
	EVENT_STARTED = 2,
	EVENT_SUSPENDED = 3,
	EVENT_RESUMED = 4,
	EVENT_STOPPED = 5,
	EVENT_SHUTDOWN = 6,
	EVENT_CRASHED = 8,
};
enum {
	EVENT_DEFINED_ADDED = 0,
	EVENT_DEFINED_UPDATED = 1,
	EVENT_UNDEFINED_REMOVED = 0,
	EVENT_STARTED_BOOTED = 0,
	EVENT_SUSPENDED_PAUSED = 0,
	EVENT_RESUMED_UNPAUSED = 0,
	EVENT_STOPPED_SHUTDOWN = 0,
	EVENT_STOPPED_DESTROYED = 1,
	EVENT_STOPPED_CRASHED = 2,
	EVENT_STOPPED_FAILED = 5,
	EVENT_SHUTDOWN_FINISHED = 0,
	EVENT_CRASHED_PANICKED = 0,
};

/**
 * struct client_event - one registration of a client.
 * @callback_id: the id the client was given; -1 for a legacy one.
 * @event_id:    the event it wants (EVENT_ID_*).
 * @has_dom:     only for one domain.
 * @dom:         that domain's UUID.
 * @next:        the next registration.
 */
struct client_event {
	int callback_id;
	int event_id;
	bool has_dom;
	struct hvuuid dom;
	struct client_event *next;
};

/**
 * events_register() - register a client for an event.
 * @c:           the client.
 * @event_id:    0..EVENT_ID_LAST-1.
 * @dom:         a domain to watch, or NULL for every domain.
 * @callback_id: set to the registration's id.
 *
 * Return: 0; -EINVAL for an unknown event id; -ENOMEM.
 */
int events_register(struct client *c, int event_id, const struct hvuuid *dom,
    int *callback_id);

/**
 * events_register_legacy() - a legacy registration: at most one per event
 * id, for every domain.
 * @c:        the client.
 * @event_id: 0..EVENT_ID_LEGACY_LAST-1.
 *
 * Return: 0; -EINVAL for an unknown event id; -EEXIST if the client has
 * one for it already; -ENOMEM.
 */
int events_register_legacy(struct client *c, int event_id);

/**
 * events_deregister_legacy() - take a legacy registration back.
 * @c:        the client.
 * @event_id: its event id.
 *
 * Return: 0, or -ENOENT if the client has none for it.
 */
int events_deregister_legacy(struct client *c, int event_id);

/**
 * events_deregister() - take a registration back.
 * @c:           the client.
 * @callback_id: its id.
 *
 * Return: 0, or -ENOENT for an id the client does not have.
 */
int events_deregister(struct client *c, int callback_id);

/**
 * events_client_gone() - free every registration of a client.
 * @c: the client.
 */
void events_client_gone(struct client *c);

/**
 * events_lifecycle() - a domain's lifecycle event, to its watchers.
 * @hvd:    the daemon.
 * @d:      the domain.
 * @event:  EVENT_DEFINED, ...
 * @detail: EVENT_*_* detail of @event.
 */
void events_lifecycle(struct hvd *hvd, const struct domain *d, int event,
    int detail);

/**
 * events_reboot() - a domain rebooted, to its watchers.
 * @hvd: the daemon.
 * @d:   the domain.
 */
void events_reboot(struct hvd *hvd, const struct domain *d);

#endif /* HVD_EVENTS_H */
