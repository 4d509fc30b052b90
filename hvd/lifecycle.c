/* SPDX-License-Identifier: ISC */
/*
 * lifecycle.c - what clients ask of domains (lifecycle.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "hvd.h"
#include "lifecycle.h"
#include "log.h"
#include "rpc_error.h"
#include "store.h"
#include "vmrun.h"

/* Fail with @code and a message. */
static int
lifecycle_fail(int code, char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
lifecycle_fail(int code, char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return code;
}

/* A step of @what on @d failed with @err: say so, keeping the reason. */
static int
lifecycle_failed(const struct domain *d, const char *what, char *err,
    size_t len)
{
	char reason[1024];

	snprintf(reason, sizeof(reason), "%s", err);
	return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
	    "cannot %s domain '%s': %s", what, d->def.name, reason);
}

/* Give an existing domain @def: now if inactive, at its stop if not. */
static int
lifecycle_redefine(struct hvd *hvd, struct domain *d, struct vmdef *def,
    char *err, size_t len)
{
	if (domain_redefine(d, def) < 0) {
		return lifecycle_fail(VIR_ERR_NO_MEMORY, err, len,
		    "out of memory");
	}
	d->persistent = true;
	if (store_def_save(hvd, d) < 0) {
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "cannot write the definition of '%s' into %s", d->def.name,
		    hvd->paths.vm_dir);
	}
	events_lifecycle(hvd, d, EVENT_DEFINED, EVENT_DEFINED_UPDATED);
	return 0;
}

/* Undo a domain that was just made: out of the table (if it got there)
 * and freed, its definition given back to @def, the caller's. */
static void
lifecycle_unmake(struct hvd *hvd, struct domain *d, struct vmdef *def)
{
	domain_table_remove(&hvd->doms, d);
	*def = d->def;
	memset(&d->def, 0, sizeof(d->def));
	domain_free(d);
}

/* A domain that is new to hvd. */
static int
lifecycle_add(struct hvd *hvd, struct vmdef *def, bool persistent,
    struct domain **out, char *err, size_t len)
{
	struct domain *d;

	if (hvd->doms.count >= hvd->conf.max_vms) {
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "%zu domains exist already (limits.max_vms)",
		    hvd->doms.count);
	}
	if ((d = domain_new(def)) == NULL ||
	    domain_table_add(&hvd->doms, d) < 0) {
		if (d != NULL) {
			lifecycle_unmake(hvd, d, def);
		}
		return lifecycle_fail(VIR_ERR_NO_MEMORY, err, len,
		    "out of memory");
	}
	d->persistent = persistent;
	if (persistent && store_def_save(hvd, d) < 0) {
		lifecycle_unmake(hvd, d, def);
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "cannot write the definition into %s", hvd->paths.vm_dir);
	}
	if (persistent) {
		events_lifecycle(hvd, d, EVENT_DEFINED, EVENT_DEFINED_ADDED);
	}
	*out = d;
	return 0;
}

int
lifecycle_define(struct hvd *hvd, struct vmdef *def, bool persistent,
    struct domain **out, char *err, size_t len)
{
	struct domain *by_name = domain_by_name(&hvd->doms, def->name);
	struct domain *by_uuid;
	char uuid[HVUUID_TEXT_MAX];

	if (by_name != NULL && def->uuid_generated) {
		def->uuid = by_name->def.uuid;
		def->uuid_generated = false;
	}
	by_uuid = domain_by_uuid(&hvd->doms, &def->uuid);
	hvuuid_format(&def->uuid, uuid);
	if (by_uuid != NULL && by_uuid != by_name) {
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "uuid %s belongs to domain '%s'", uuid, by_uuid->def.name);
	}
	if (by_name != NULL && by_uuid == NULL) {
		hvuuid_format(&by_name->def.uuid, uuid);
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "domain '%s' exists already with uuid %s", def->name, uuid);
	}
	if (by_name != NULL && !persistent) {
		return lifecycle_fail(VIR_ERR_DOM_EXIST, err, len,
		    "domain '%s' exists already", def->name);
	}
	if (by_name != NULL) {
		*out = by_name;
		return lifecycle_redefine(hvd, by_name, def, err, len);
	}
	return lifecycle_add(hvd, def, persistent, out, err, len);
}

int
lifecycle_undefine(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	if (!d->persistent) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "cannot undefine transient domain '%s'", d->def.name);
	}
	store_def_remove(hvd, d);
	d->persistent = false;
	events_lifecycle(hvd, d, EVENT_UNDEFINED, EVENT_UNDEFINED_REMOVED);
	if (domain_active(d)) {
		store_run_save(hvd, d);
		log_info("%s: undefined; transient until it stops", d->def.name);
		return 0;
	}
	log_info("%s: undefined", d->def.name);
	domain_table_remove(&hvd->doms, d);
	domain_free(d);
	return 0;
}

/* Does every peer of @d's shared regions define the region alike? */
static int
lifecycle_check_shared(struct hvd *hvd, const struct domain *d, char *err,
    size_t len)
{
	const struct vmdef_region *r, *pr;
	const struct domain *peer;
	size_t i, j, k;

	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		for (j = 0; j < r->shared_count; j++) {
			peer = domain_by_name(&hvd->doms, r->shared_with[j]);
			for (k = 0, pr = NULL; peer != NULL &&
			    k < peer->def.region_count; k++) {
				if (strcmp(peer->def.regions[k].name,
				    r->name) == 0) {
					pr = &peer->def.regions[k];
				}
			}
			if (pr == NULL || pr->size != r->size) {
				return lifecycle_fail(VIR_ERR_OPERATION_INVALID,
				    err, len, "region '%s' is shared with "
				    "'%s', which %s", r->name, r->shared_with[j],
				    peer == NULL ? "is not defined" :
				    pr == NULL ? "has no region of that name" :
				    "defines it with another size");
			}
		}
	}
	return 0;
}

int
lifecycle_start(struct hvd *hvd, struct domain *d, bool paused, char *err,
    size_t len)
{
	int rc;

	if (domain_active(d)) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is already running", d->def.name);
	}
	if ((rc = lifecycle_check_shared(hvd, d, err, len)) != 0) {
		return rc;
	}
	if (vmrun_start(hvd, d, paused, err, len) < 0) {
		return lifecycle_failed(d, "start", err, len);
	}
	return 0;
}

int
lifecycle_create(struct hvd *hvd, struct vmdef *def, bool paused,
    struct domain **out, char *err, size_t len)
{
	struct domain *d;
	int rc;

	if (domain_by_name(&hvd->doms, def->name) != NULL ||
	    domain_by_uuid(&hvd->doms, &def->uuid) != NULL) {
		return lifecycle_fail(VIR_ERR_DOM_EXIST, err, len,
		    "domain '%s' exists already", def->name);
	}
	if ((rc = lifecycle_define(hvd, def, false, &d, err, len)) != 0) {
		return rc;
	}
	if ((rc = lifecycle_start(hvd, d, paused, err, len)) != 0) {
		lifecycle_unmake(hvd, d, def);
		return rc;
	}
	*out = d;
	return 0;
}

int
lifecycle_destroy(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	if (!domain_active(d)) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is not running", d->def.name);
	}
	vmrun_shut_off(hvd, d, DOMAIN_WHY_DESTROYED);
	return 0;
}

int
lifecycle_shutdown(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	if (d->state == DOMAIN_PAUSED) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is paused: a paused guest cannot hear a "
		    "shutdown request (resume or destroy it)", d->def.name);
	}
	if (d->state != DOMAIN_RUNNING && d->state != DOMAIN_SHUTTING_DOWN) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is not running", d->def.name);
	}
	if (vmrun_request_shutdown(hvd, d, err, len) < 0) {
		return lifecycle_failed(d, "shut down", err, len);
	}
	return 0;
}

int
lifecycle_reboot(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	char name[VMDEF_NAME_MAX + 1], reason[1024];

	if (!domain_active(d) || d->state == DOMAIN_CRASHED) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is not running", d->def.name);
	}
	/* A failed boot shuts @d off, and a transient @d goes with it. */
	snprintf(name, sizeof(name), "%s", d->def.name);
	if (vmrun_reboot(hvd, d, reason, sizeof(reason)) < 0) {
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "cannot reboot domain '%s': %s", name, reason);
	}
	return 0;
}

int
lifecycle_suspend(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	if (d->state == DOMAIN_PAUSED) {
		return 0;
	}
	if (d->state != DOMAIN_RUNNING && d->state != DOMAIN_SHUTTING_DOWN) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is not running", d->def.name);
	}
	if (vmrun_pause(hvd, d, err, len) < 0) {
		return lifecycle_failed(d, "pause", err, len);
	}
	return 0;
}

int
lifecycle_resume(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	if (d->state != DOMAIN_PAUSED) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "domain '%s' is not paused", d->def.name);
	}
	if (vmrun_resume(hvd, d, err, len) < 0) {
		return lifecycle_failed(d, "resume", err, len);
	}
	return 0;
}

int
lifecycle_set_autostart(struct hvd *hvd, struct domain *d, bool autostart,
    char *err, size_t len)
{
	if (!d->persistent) {
		return lifecycle_fail(VIR_ERR_OPERATION_INVALID, err, len,
		    "cannot set autostart for transient domain '%s'",
		    d->def.name);
	}
	if (d->def.autostart == autostart) {
		return 0;
	}
	d->def.autostart = autostart;
	if (d->pending != NULL) {
		d->pending->autostart = autostart;
	}
	if (store_def_save(hvd, d) < 0) {
		d->def.autostart = !autostart;
		return lifecycle_fail(VIR_ERR_OPERATION_FAILED, err, len,
		    "cannot write the definition of '%s'", d->def.name);
	}
	return 0;
}

void
lifecycle_autostart(struct hvd *hvd)
{
	char err[1024];
	struct domain *d;
	size_t i;

	for (i = 0; i < hvd->doms.count; i++) {
		d = hvd->doms.dom[i];
		if (d->def.autostart && !domain_active(d)) {
			log_info("%s: autostart", d->def.name);
			if (lifecycle_start(hvd, d, false, err,
			    sizeof(err)) != 0) {
				log_error("%s: autostart failed: %s",
				    d->def.name, err);
			}
		}
	}
}
