/* SPDX-License-Identifier: ISC */
/*
 * vmrun_event.c - what the firmware tells hvd about a VM: console output,
 * exits and crashes; and console input on its way to the firmware
 * (vmrun.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "events.h"
#include "hvd.h"
#include "log.h"
#include "store.h"
#include "vmrun.h"
#include "vmrun_impl.h"

/** VMRUN_INPUT_RETRY_MS - how soon typed bytes the firmware had no room
 * for are offered again. */
#define VMRUN_INPUT_RETRY_MS	20

void
vmrun_console_out(struct hvd *hvd, struct domain *d, const void *bytes,
    size_t len)
{
	int rc;

	if (vmrun_console_ready(hvd, d) < 0) {
		return;
	}
	rc = console_output(d->console, bytes, len);
	if (rc < 0) {
		log_debug("%s: console log: %s", d->def.name, strerror(-rc));
	}
}

static void vmrun_input_retry(void *ctx);

/* Offer a domain's waiting bytes; -EAGAIN when the firmware is full. */
static int
vmrun_console_send(struct hvd *hvd, struct domain *d)
{
	struct console *c = d->console;
	size_t n;
	int rc;

	while (c != NULL && c->input_len > 0 && domain_active(d)) {
		n = c->input_len < ABI_CONSOLE_MAX ? c->input_len :
		    ABI_CONSOLE_MAX;
		rc = boardctl_check(hvd, board_console_in(&hvd->bc.board,
		    d->fw_vm, c->input, n));
		if (rc == -EAGAIN) {
			return rc;
		}
		if (rc < 0) {
			log_warnx("%s: console input dropped: %s", d->def.name,
			    board_error(&hvd->bc.board));
			console_input_taken(c, c->input_len);
			return rc;
		}
		console_input_taken(c, n);
	}
	return 0;
}

void
vmrun_console_flush(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	bool again = false;
	size_t i;

	for (i = 0; bc->up && i < hvd->doms.count; i++) {
		again |= vmrun_console_send(hvd, hvd->doms.dom[i]) == -EAGAIN;
	}
	if (again && bc->input_timer == NULL) {
		bc->input_timer = loop_timer_add(&hvd->loop,
		    VMRUN_INPUT_RETRY_MS, vmrun_input_retry, hvd);
	}
}

/* The retry timer. */
static void
vmrun_input_retry(void *ctx)
{
	struct hvd *hvd = ctx;

	hvd->bc.input_timer = NULL;
	vmrun_console_flush(hvd);
}

int
vmrun_console_in(struct hvd *hvd, struct domain *d, const void *bytes,
    size_t len)
{
	int rc;

	if ((rc = vmrun_console_ready(hvd, d)) < 0) {
		return rc;
	}
	if ((rc = console_input(d->console, bytes, len)) < 0) {
		return rc;
	}
	vmrun_console_flush(hvd);
	return 0;
}

/* The region of @d nearest to @ipa, RAM included, into @d->crash_region. */
static void
vmrun_nearest_region(struct domain *d, uint64_t ipa)
{
	uint64_t best = VMDEF_IPA_LIMIT, dist;
	const struct vmdef_region *r;
	size_t i;

	snprintf(d->crash_region, sizeof(d->crash_region), "ram");
	if (ipa >= VMDEF_RAM_BASE + d->def.memory) {
		best = ipa - (VMDEF_RAM_BASE + d->def.memory) + 1;
	} else if (ipa < VMDEF_RAM_BASE) {
		best = VMDEF_RAM_BASE - ipa;
	} else {
		return;
	}
	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		dist = ipa < r->ipa ? r->ipa - ipa :
		    ipa - r->ipa < r->size ? 0 : ipa - (r->ipa + r->size) + 1;
		if (dist < best) {
			best = dist;
			snprintf(d->crash_region, sizeof(d->crash_region), "%s",
			    r->name);
		}
	}
}

/* An access in words. */
static const char *
vmrun_access_name(unsigned int access)
{
	switch (access) {
	case ABI_ACCESS_READ:
		return "read";
	case ABI_ACCESS_WRITE:
		return "write";
	case ABI_ACCESS_EXEC:
		return "exec";
	}
	return "access";
}

void
vmrun_crash(struct hvd *hvd, struct domain *d)
{
	const struct abi_fault_info *c = &d->crash;

	vmrun_nearest_region(d, c->ipa);
	log_error("%s: crashed: vCPU %u, %s at IPA 0x%" PRIx64 " (nearest "
	    "region: %s), ESR 0x%" PRIx64 ", PC 0x%" PRIx64 "; on_crash: %s",
	    d->def.name, c->vcpu, vmrun_access_name(c->access), c->ipa,
	    d->crash_region, c->esr, c->pc,
	    vmdef_on_crash_names[d->def.on_crash]);
	if (d->def.on_crash != VMDEF_ON_CRASH_PRESERVE) {
		vmrun_shut_off(hvd, d, DOMAIN_WHY_CRASHED);
		return;
	}
	d->state = DOMAIN_CRASHED;
	d->why = DOMAIN_WHY_CRASHED;
	store_run_save(hvd, d);
	events_lifecycle(hvd, d, EVENT_CRASHED, EVENT_CRASHED_PANICKED);
}

void
vmrun_exited(struct hvd *hvd, struct domain *d, const struct abi_vm_exited *e)
{
	char err[512];

	switch (e->reason) {
	case ABI_EXIT_OFF:
		vmrun_shut_off(hvd, d, DOMAIN_WHY_SHUTDOWN);
		break;
	case ABI_EXIT_RESET:
		log_info("%s: the guest reset itself", d->def.name);
		vmrun_reboot(hvd, d, err, sizeof(err));
		break;
	default:
		d->has_crash = true;
		d->crash = e->crash;
		vmrun_crash(hvd, d);
		break;
	}
}

void
vmrun_after_board_lost(struct hvd *hvd)
{
	char err[512];
	struct domain *d;
	size_t i;

	for (i = 0; i < hvd->doms.count; i++) {
		d = hvd->doms.dom[i];
		if (d->state == DOMAIN_CRASHED &&
		    d->why == DOMAIN_WHY_BOARD_LOST && !domain_active(d) &&
		    d->def.on_crash == VMDEF_ON_CRASH_RESTART) {
			log_info("%s: starting again on a new board "
			    "(on_crash: restart)", d->def.name);
			vmrun_start(hvd, d, false, err, sizeof(err));
		}
	}
}
