/* SPDX-License-Identifier: ISC */
/*
 * domain.c - hvd's domains and their table (domain.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "domain.h"

/* libvirt's virDomainState. */
enum {
	VIR_STATE_RUNNING = 1,
	VIR_STATE_PAUSED = 3,
	VIR_STATE_SHUTDOWN = 4,
	VIR_STATE_SHUTOFF = 5,
	VIR_STATE_CRASHED = 6,
};

struct domain *
domain_new(struct vmdef *def)
{
	struct domain *d = calloc(1, sizeof(*d));

	if (d == NULL) {
		return NULL;
	}
	d->def = *def;
	memset(def, 0, sizeof(*def));
	d->persistent = true;
	d->state = DOMAIN_SHUTOFF;
	d->why = DOMAIN_WHY_UNKNOWN;
	d->id = -1;
	return d;
}

void
domain_free(struct domain *d)
{
	if (d == NULL) {
		return;
	}
	console_free(d->console);
	vmmem_fini(&d->mem);
	vmdef_fini(&d->def);
	if (d->pending != NULL) {
		vmdef_fini(d->pending);
		free(d->pending);
	}
	free(d->def_path);
	free(d);
}

int
domain_redefine(struct domain *d, struct vmdef *def)
{
	struct vmdef *pending;

	if (!domain_active(d)) {
		vmdef_fini(&d->def);
		d->def = *def;
	} else {
		if ((pending = malloc(sizeof(*pending))) == NULL) {
			return -ENOMEM;
		}
		*pending = *def;
		if (d->pending != NULL) {
			vmdef_fini(d->pending);
			free(d->pending);
		}
		d->pending = pending;
	}
	memset(def, 0, sizeof(*def));
	return 0;
}

void
domain_apply_pending(struct domain *d)
{
	if (d->pending != NULL) {
		vmdef_fini(&d->def);
		d->def = *d->pending;
		free(d->pending);
		d->pending = NULL;
	}
}

bool
domain_active(const struct domain *d)
{
	return d->fw_vm != 0;
}

const char *
domain_state_name(enum domain_state state)
{
	switch (state) {
	case DOMAIN_SHUTOFF:
		return "shut off";
	case DOMAIN_RUNNING:
		return "running";
	case DOMAIN_PAUSED:
		return "paused";
	case DOMAIN_SHUTTING_DOWN:
		return "shutting down";
	case DOMAIN_CRASHED:
		return "crashed";
	}
	return "unknown";
}

const char *
domain_why_name(enum domain_why why)
{
	static const char *const names[] = {
		[DOMAIN_WHY_UNKNOWN] = "unknown",
		[DOMAIN_WHY_BOOTED] = "booted",
		[DOMAIN_WHY_UNPAUSED] = "unpaused",
		[DOMAIN_WHY_USER] = "user",
		[DOMAIN_WHY_SHUTDOWN] = "shutdown",
		[DOMAIN_WHY_DESTROYED] = "destroyed",
		[DOMAIN_WHY_CRASHED] = "crashed",
		[DOMAIN_WHY_BOARD_LOST] = "board lost",
		[DOMAIN_WHY_FAILED] = "failed",
		[DOMAIN_WHY_DAEMON] = "daemon",
	};

	if ((size_t)why >= sizeof(names) / sizeof(names[0])) {
		return "unknown";
	}
	return names[why];
}

const char *
domain_state_text(const struct domain *d, char *buf, size_t len)
{
	if ((d->state == DOMAIN_CRASHED && d->why == DOMAIN_WHY_CRASHED) ||
	    d->why == DOMAIN_WHY_UNKNOWN) {
		snprintf(buf, len, "%s", domain_state_name(d->state));
	} else {
		snprintf(buf, len, "%s (%s)", domain_state_name(d->state),
		    domain_why_name(d->why));
	}
	return buf;
}

int
domain_libvirt_state(const struct domain *d)
{
	switch (d->state) {
	case DOMAIN_RUNNING:
		return VIR_STATE_RUNNING;
	case DOMAIN_PAUSED:
		return VIR_STATE_PAUSED;
	case DOMAIN_SHUTTING_DOWN:
		return VIR_STATE_SHUTDOWN;
	case DOMAIN_CRASHED:
		return VIR_STATE_CRASHED;
	case DOMAIN_SHUTOFF:
		break;
	}
	return VIR_STATE_SHUTOFF;
}

/* libvirt's reason codes, per state (virDomain*Reason). */
static int
domain_shutoff_reason(enum domain_why why)
{
	switch (why) {
	case DOMAIN_WHY_SHUTDOWN:
		return 1;
	case DOMAIN_WHY_DESTROYED:
		return 2;
	case DOMAIN_WHY_CRASHED:
		return 3;
	case DOMAIN_WHY_FAILED:
		return 6;
	case DOMAIN_WHY_DAEMON:
		return 8;
	default:
		return 0;
	}
}

int
domain_libvirt_reason(const struct domain *d)
{
	switch (d->state) {
	case DOMAIN_RUNNING:
		return d->why == DOMAIN_WHY_BOOTED ? 1 :
		    d->why == DOMAIN_WHY_UNPAUSED ? 5 : 0;
	case DOMAIN_PAUSED:
	case DOMAIN_SHUTTING_DOWN:
		return d->why == DOMAIN_WHY_USER ? 1 : 0;
	case DOMAIN_CRASHED:
		return d->why == DOMAIN_WHY_CRASHED ? 1 : 0;
	case DOMAIN_SHUTOFF:
		break;
	}
	return domain_shutoff_reason(d->why);
}

void
domain_table_init(struct domain_table *t)
{
	*t = (struct domain_table){ 0 };
}

void
domain_table_fini(struct domain_table *t)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		domain_free(t->dom[i]);
	}
	free(t->dom);
	*t = (struct domain_table){ 0 };
}

int
domain_table_add(struct domain_table *t, struct domain *d)
{
	struct domain **grown;
	size_t cap;

	if (t->count == t->cap) {
		cap = t->cap == 0 ? 16 : 2 * t->cap;
		grown = realloc(t->dom, cap * sizeof(*grown));
		if (grown == NULL) {
			return -ENOMEM;
		}
		t->dom = grown;
		t->cap = cap;
	}
	t->dom[t->count++] = d;
	return 0;
}

void
domain_table_remove(struct domain_table *t, struct domain *d)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (t->dom[i] == d) {
			memmove(&t->dom[i], &t->dom[i + 1],
			    (t->count - i - 1) * sizeof(t->dom[0]));
			t->count--;
			return;
		}
	}
}

struct domain *
domain_by_name(const struct domain_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (strcmp(t->dom[i]->def.name, name) == 0) {
			return t->dom[i];
		}
	}
	return NULL;
}

struct domain *
domain_by_uuid(const struct domain_table *t, const struct hvuuid *uuid)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (hvuuid_equal(&t->dom[i]->def.uuid, uuid)) {
			return t->dom[i];
		}
	}
	return NULL;
}

struct domain *
domain_by_id(const struct domain_table *t, int id)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (domain_active(t->dom[i]) && t->dom[i]->id == id) {
			return t->dom[i];
		}
	}
	return NULL;
}

struct domain *
domain_by_fw_vm(const struct domain_table *t, uint32_t fw_vm)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		if (domain_active(t->dom[i]) && t->dom[i]->fw_vm == fw_vm) {
			return t->dom[i];
		}
	}
	return NULL;
}
