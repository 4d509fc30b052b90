/* SPDX-License-Identifier: ISC */
/*
 * vmrun.c - start, pause, resume, the shutdown request, and shutting a
 * domain off (vmrun.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "console.h"
#include "events.h"
#include "hvd.h"
#include "log.h"
#include "store.h"
#include "vmrun.h"
#include "vmrun_impl.h"

/* The domain's console, made on first need. */
int
vmrun_console_ready(struct hvd *hvd, struct domain *d)
{
	if (d->console == NULL) {
		d->console = console_new(hvd->paths.console_dir, d->def.name,
		    d->def.console_log_size);
	} else {
		d->console->limit = d->def.console_log_size;
	}
	return d->console == NULL ? -ENOMEM : 0;
}

/*
 * Give back what an active domain holds on the board: its VM (if @made:
 * a start may fail before the firmware made it), its memory, its id.
 */
static void
vmrun_release(struct hvd *hvd, struct domain *d, bool made)
{
	struct boardctl *bc = &hvd->bc;
	int rc;

	if (bc->up && made) {
		rc = boardctl_check(hvd, board_destroy(&bc->board, d->fw_vm));
		if (rc < 0) {
			log_warnx("%s: the firmware did not destroy VM %u: %s",
			    d->def.name, d->fw_vm, board_error(&bc->board));
		}
	}
	if (bc->up) {
		vmmem_release(&d->mem, &bc->gm, &bc->shared);
	} else {
		vmmem_fini(&d->mem);
	}
	boardctl_vm_free(hvd, d->fw_vm);
	d->fw_vm = 0;
}

/* The VM is made and mapped: enter it. */
static int
vmrun_enter(struct hvd *hvd, struct domain *d, const struct vmrun_boot *boot,
    bool paused, char *err, size_t len)
{
	struct board *b = &hvd->bc.board;
	int rc;

	rc = boardctl_check(hvd, board_set_vcpu(b, d->fw_vm, 0, boot->entry,
	    boot->x0, ABI_VCPU_ON));
	if (rc == 0 && !paused) {
		rc = boardctl_check(hvd, board_run(b, d->fw_vm));
	}
	if (rc < 0) {
		snprintf(err, len, "the firmware refused to %s it: %s",
		    paused ? "set up" : "run", board_error(b));
	}
	return rc;
}

/* An active domain's new state, saved for a restarted hvd. */
static void
vmrun_set_state(struct hvd *hvd, struct domain *d, enum domain_state state,
    enum domain_why why)
{
	d->state = state;
	d->why = why;
	store_run_save(hvd, d);
}

/* The domain now runs (or is paused): its new state, saved.  Told by the
 * caller: a start is STARTED, a reset in place only a reboot event. */
static void
vmrun_started(struct hvd *hvd, struct domain *d, bool paused)
{
	d->started = time(NULL);
	d->faults = 0;
	d->has_crash = false;
	d->map_count = 0;
	vmrun_set_state(hvd, d, paused ? DOMAIN_PAUSED : DOMAIN_RUNNING,
	    paused ? DOMAIN_WHY_USER : DOMAIN_WHY_BOOTED);
	log_info("%s: started as domain %d on firmware VM %u, %llu MiB "
	    "placed%s", d->def.name, d->id, d->fw_vm,
	    (unsigned long long)(d->mem.bytes >> 20), paused ? ", paused" : "");
}

/* Boot the domain's VM: everything of a start but its new state. */
static int
vmrun_boot(struct hvd *hvd, struct domain *d, bool paused, char *err,
    size_t len)
{
	struct boardctl *bc = &hvd->bc;
	struct vmrun_boot boot;
	bool created = false;
	int rc;

	if ((rc = vmrun_console_ready(hvd, d)) < 0) {
		snprintf(err, len, "out of memory");
		return rc;
	}
	if ((rc = boardctl_up(hvd, err, len)) < 0) {
		return rc;
	}
	if ((d->fw_vm = boardctl_vm_alloc(hvd)) == 0) {
		snprintf(err, len, "the board runs %u VMs, its firmware's "
		    "limit", bc->hello.vm_max);
		return -EBUSY;
	}
	rc = vmrun_mem_place(hvd, d, err, len);
	if (rc == 0) {
		rc = vmrun_mem_load(hvd, d, &boot, err, len);
	}
	if (rc == 0) {
		rc = boardctl_check(hvd, board_create_vm(&bc->board, d->fw_vm,
		    d->def.vcpus, vmrun_ipa_bits(hvd)));
		created = rc == 0;
		if (rc < 0) {
			snprintf(err, len, "the firmware refused to create "
			    "it: %s", board_error(&bc->board));
		}
	}
	if (rc == 0) {
		rc = vmrun_mem_map_all(hvd, d, err, len);
	}
	if (rc == 0) {
		console_boot(d->console);
		rc = vmrun_enter(hvd, d, &boot, paused, err, len);
	}
	if (rc < 0) {
		log_warnx("%s: start failed: %s", d->def.name, err);
		vmrun_release(hvd, d, created);
	}
	return rc;
}

int
vmrun_start(struct hvd *hvd, struct domain *d, bool paused, char *err,
    size_t len)
{
	int rc = vmrun_boot(hvd, d, paused, err, len);

	if (rc == 0) {
		d->id = hvd->next_id++;
		vmrun_started(hvd, d, paused);
		events_lifecycle(hvd, d, EVENT_STARTED, EVENT_STARTED_BOOTED);
		if (paused) {
			events_lifecycle(hvd, d, EVENT_SUSPENDED,
			    EVENT_SUSPENDED_PAUSED);
		}
	}
	return rc;
}

static void vmrun_now_off(struct hvd *hvd, struct domain *d,
    enum domain_why why);

int
vmrun_reboot(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	int rc;

	vmrun_release(hvd, d, true);
	rc = vmrun_boot(hvd, d, false, err, len);
	if (rc < 0) {
		vmrun_now_off(hvd, d, DOMAIN_WHY_FAILED);
		return rc;
	}
	log_info("%s: rebooted as domain %d on firmware VM %u", d->def.name,
	    d->id, d->fw_vm);
	vmrun_started(hvd, d, false);
	/* Never stopped, so not STARTED again: libvirt's drivers tell a reset
	 * with the reboot event alone (qemuProcessHandleReset). */
	events_reboot(hvd, d);
	return 0;
}

/* What follows a shut-off: restart, or a transient domain's end. */
static void
vmrun_after(struct hvd *hvd, struct domain *d, enum domain_why why)
{
	char err[512];
	bool again = d->reboot || (why == DOMAIN_WHY_CRASHED &&
	    d->def.on_crash == VMDEF_ON_CRASH_RESTART);

	d->reboot = false;
	if (again) {
		log_info("%s: starting again (%s)", d->def.name,
		    why == DOMAIN_WHY_CRASHED ? "on_crash: restart" : "reboot");
		if (vmrun_start(hvd, d, false, err, sizeof(err)) == 0) {
			return;
		}
	}
	if (d->console != NULL) {
		console_eof(d->console);
	}
	if (!d->persistent) {
		log_info("%s: transient domain gone", d->def.name);
		events_lifecycle(hvd, d, EVENT_UNDEFINED,
		    EVENT_UNDEFINED_REMOVED);
		domain_table_remove(&hvd->doms, d);
		domain_free(d);
	}
}

/* The STOPPED detail for a reason. */
static int
vmrun_stopped_detail(enum domain_why why)
{
	switch (why) {
	case DOMAIN_WHY_SHUTDOWN:
		return EVENT_STOPPED_SHUTDOWN;
	case DOMAIN_WHY_CRASHED:
	case DOMAIN_WHY_BOARD_LOST:
		return EVENT_STOPPED_CRASHED;
	case DOMAIN_WHY_FAILED:
		return EVENT_STOPPED_FAILED;
	default:
		return EVENT_STOPPED_DESTROYED;
	}
}

/* The domain holds nothing any more: it is off, for @why. */
static void
vmrun_now_off(struct hvd *hvd, struct domain *d, enum domain_why why)
{
	char text[64];

	d->id = -1;
	d->state = why == DOMAIN_WHY_BOARD_LOST ? DOMAIN_CRASHED :
	    DOMAIN_SHUTOFF;
	d->why = why;
	log_info("%s: %s", d->def.name, domain_state_text(d, text,
	    sizeof(text)));
	store_run_remove(hvd, d);
	domain_apply_pending(d);
	events_lifecycle(hvd, d, EVENT_STOPPED, vmrun_stopped_detail(why));
	vmrun_after(hvd, d, why);
}

void
vmrun_shut_off(struct hvd *hvd, struct domain *d, enum domain_why why)
{
	vmrun_release(hvd, d, true);
	vmrun_now_off(hvd, d, why);
}

int
vmrun_pause(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	struct board *b = &hvd->bc.board;
	int rc;

	rc = boardctl_check(hvd, board_pause(b, d->fw_vm));
	if (rc < 0) {
		snprintf(err, len, "the firmware did not pause it: %s",
		    board_error(b));
		return rc;
	}
	vmrun_set_state(hvd, d, DOMAIN_PAUSED, DOMAIN_WHY_USER);
	events_lifecycle(hvd, d, EVENT_SUSPENDED, EVENT_SUSPENDED_PAUSED);
	return 0;
}

void
vmrun_cpu_use(struct hvd *hvd, const struct domain *d, uint64_t *ns,
    uint64_t *exits)
{
	struct abi_stats_reply st = { 0 };

	/* board_stats() fills @st only when the firmware answers. */
	if (domain_active(d) && hvd->bc.up && hvd->bc.lost[0] == '\0') {
		boardctl_check(hvd, board_stats(&hvd->bc.board, d->fw_vm,
		    &st));
	}
	*ns = st.vm_cpu_ns;
	*exits = st.vm_exits;
}

int
vmrun_resume(struct hvd *hvd, struct domain *d, char *err, size_t len)
{
	struct board *b = &hvd->bc.board;
	int rc;

	rc = boardctl_check(hvd, board_run(b, d->fw_vm));
	if (rc < 0) {
		snprintf(err, len, "the firmware did not run it: %s",
		    board_error(b));
		return rc;
	}
	vmrun_set_state(hvd, d, DOMAIN_RUNNING, DOMAIN_WHY_UNPAUSED);
	events_lifecycle(hvd, d, EVENT_RESUMED, EVENT_RESUMED_UNPAUSED);
	return 0;
}

int
vmrun_request_shutdown(struct hvd *hvd, struct domain *d, char *err,
    size_t len)
{
	struct board *b = &hvd->bc.board;
	int rc;

	rc = boardctl_check(hvd, board_console_break(b, d->fw_vm));
	if (rc == 0) {
		rc = boardctl_check(hvd, board_console_in(b, d->fw_vm, "o", 1));
	}
	if (rc < 0) {
		snprintf(err, len, "the shutdown request did not reach the "
		    "guest: %s", board_error(b));
		return rc;
	}
	vmrun_set_state(hvd, d, DOMAIN_SHUTTING_DOWN, DOMAIN_WHY_USER);
	return 0;
}
