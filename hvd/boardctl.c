/* SPDX-License-Identifier: ISC */
/*
 * boardctl.c - hvd's board: up, events, lost, left (boardctl.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "boardctl.h"
#include "hvd.h"
#include "log.h"
#include "vmrun.h"

/* The serial line rang: the firmware has events. */
static void
boardctl_ready(void *ctx, int fd, short revents)
{
	(void)fd;
	(void)revents;
	boardctl_pump(ctx);
}

int
boardctl_take(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	int rc;

	rc = board_hello(&bc->board, &bc->hello);
	if (rc == 0) {
		rc = guestmem_init(&bc->gm, &bc->hello);
	}
	if (rc == 0) {
		bc->watch = loop_watch_add(&hvd->loop, bc->board.serial,
		    POLLIN, boardctl_ready, hvd);
		rc = bc->watch == NULL ? -ENOMEM : 0;
	}
	if (rc < 0) {
		log_error("the board does not answer HELLO: %s",
		    board_error(&bc->board));
		guestmem_fini(&bc->gm);
		board_stop(&bc->board);
		return rc;
	}
	bc->up = true;
	bc->drain = true;
	bc->vm_used = 0;
	bc->lost[0] = '\0';
	log_info("board up: %u CPUs, %llu MiB of RAM (%llu MiB for guests), "
	    "VMIDs of %u bits, up to %u VMs", bc->hello.cpu_count,
	    (unsigned long long)(bc->hello.ram_size >> 20),
	    (unsigned long long)(guestmem_free_bytes(&bc->gm) >> 20),
	    bc->hello.vmid_bits, bc->hello.vm_max);
	return 0;
}

int
boardctl_up(struct hvd *hvd, char *err, size_t len)
{
	struct boardctl *bc = &hvd->bc;
	const struct board_config cfg = {
		.qemu = hvd->conf.qemu,
		.firmware = hvd->conf.firmware,
		.cpu = hvd->conf.cpu,
		.cpu_count = (unsigned int)hvd->conf.cpus,
		.ram_mib = (unsigned int)(hvd->conf.memory >> 20),
		.keep_dir = hvd->paths.board_dir,
	};
	int rc;

	if (bc->up) {
		return 0;
	}
	log_info("starting the board: %s -cpu %s -smp %u -m %uM, firmware %s",
	    cfg.qemu, cfg.cpu, cfg.cpu_count, cfg.ram_mib, cfg.firmware);
	rc = board_start(&bc->board, &cfg);
	if (rc == 0) {
		rc = boardctl_take(hvd);
	} else {
		log_error("the board did not start: %s",
		    board_error(&bc->board));
	}
	if (rc < 0) {
		snprintf(err, len, "the board did not start: %s",
		    board_error(&bc->board));
		return rc;
	}
	bc->starts++;
	return 0;
}

/* Forget the board: its memory, ids and watch (QEMU is gone or stopped). */
static void
boardctl_forget(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;

	loop_watch_remove(&hvd->loop, bc->watch);
	bc->watch = NULL;
	vmmem_shared_fini(&bc->shared);
	guestmem_fini(&bc->gm);
	bc->vm_used = 0;
	bc->up = false;
}

/* The board is gone: every active domain crashed with it. */
static void
boardctl_lose(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	size_t i = 0;

	log_error("board lost: %s", bc->lost);
	bc->up = false;
	while (i < hvd->doms.count) {
		struct domain *d = hvd->doms.dom[i];

		if (domain_active(d)) {
			/* May free @d (transient): look at @i again. */
			vmrun_shut_off(hvd, d, DOMAIN_WHY_BOARD_LOST);
			continue;
		}
		i++;
	}
	board_stop(&bc->board);
	boardctl_forget(hvd);
	bc->lost[0] = '\0';
	vmrun_after_board_lost(hvd);
}

void
boardctl_leave(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	size_t i, active = 0;

	if (!bc->up) {
		return;
	}
	for (i = 0; i < hvd->doms.count; i++) {
		active += domain_active(hvd->doms.dom[i]);
	}
	if (active == 0) {
		log_info("stopping the board: no VM is active");
		board_stop(&bc->board);
	} else {
		log_info("leaving the board running with %zu active VM%s",
		    active, active == 1 ? "" : "s");
		board_detach(&bc->board);
	}
	boardctl_forget(hvd);
}

int
boardctl_check(struct hvd *hvd, int rc)
{
	struct boardctl *bc = &hvd->bc;

	if ((rc == -EPIPE || rc == -ETIMEDOUT || rc == -EPROTO) &&
	    bc->up && bc->lost[0] == '\0') {
		snprintf(bc->lost, sizeof(bc->lost), "%s",
		    board_error(&bc->board));
		if (bc->lost[0] == '\0') {
			snprintf(bc->lost, sizeof(bc->lost), "%s",
			    strerror(-rc));
		}
	}
	return rc;
}

/* A LOG line of the firmware, to hvd's log. */
static void
boardctl_log(const struct abi_text *t, uint32_t len)
{
	const char *s = (const char *)t->bytes;
	int n = (int)len;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) {
		n--;
	}
	switch (t->level) {
	case ABI_LOG_ERR:
		log_error("firmware: %.*s", n, s);
		break;
	case ABI_LOG_WARN:
		log_warnx("firmware: %.*s", n, s);
		break;
	case ABI_LOG_INFO:
		log_info("firmware: %.*s", n, s);
		break;
	default:
		log_debug("firmware: %.*s", n, s);
		break;
	}
}

/* The domain an event names, or NULL (logged). */
static struct domain *
boardctl_event_domain(struct hvd *hvd, uint32_t vm, const char *what)
{
	struct domain *d = domain_by_fw_vm(&hvd->doms, vm);

	if (d == NULL) {
		log_debug("%s of firmware VM %u, which is no domain's", what,
		    vm);
	}
	return d;
}

/* One event. */
static void
boardctl_event(struct hvd *hvd, const struct board_reply *ev)
{
	const struct abi_view *v = &ev->view;
	struct domain *d;

	switch (v->type) {
	case ABI_MSG_CONSOLE_OUT:
		d = boardctl_event_domain(hvd, v->msg.text->vm, "output");
		if (d != NULL) {
			vmrun_console_out(hvd, d, v->msg.text->bytes, v->count);
		}
		break;
	case ABI_MSG_FAULT:
		d = boardctl_event_domain(hvd, v->msg.fault->vm, "a fault");
		if (d != NULL) {
			vmrun_fault(hvd, d, &v->msg.fault->info);
		}
		break;
	case ABI_MSG_VM_EXITED:
		d = boardctl_event_domain(hvd, v->msg.vm_exited->vm, "an exit");
		if (d != NULL) {
			vmrun_exited(hvd, d, v->msg.vm_exited);
		}
		break;
	case ABI_MSG_LOG:
		boardctl_log(v->msg.text, v->count);
		break;
	default:
		log_debug("event of type %#x ignored", v->type);
		break;
	}
}

void
boardctl_pump(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	struct board_reply ev;
	int rc;

	while (bc->up && bc->lost[0] == '\0') {
		rc = board_next_event(&bc->board, 0, &ev);
		if (rc == -ETIMEDOUT) {
			break;
		}
		if (boardctl_check(hvd, rc) < 0) {
			break;
		}
		boardctl_event(hvd, &ev);
	}
	bc->doorbells = bc->board.doorbells;
	bc->drain = false;
	if (bc->up && bc->lost[0] != '\0') {
		boardctl_lose(hvd);
	}
}

void
boardctl_idle(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;

	if (bc->up && (bc->drain || bc->lost[0] != '\0' ||
	    bc->board.queue_count > 0 || bc->board.doorbells != bc->doorbells)) {
		boardctl_pump(hvd);
	}
}

int
boardctl_s2_walk(struct hvd *hvd, uint32_t vm, uint64_t ipa, uint64_t size,
    uint64_t *cursor, boardctl_s2_fn fn, void *ctx)
{
	/* Too big for the stack; hvd is single-threaded. */
	static struct board_reply r;
	const struct abi_s2_dump_reply *dr;
	int rc;

	do {
		rc = boardctl_check(hvd, board_s2_dump(&hvd->bc.board, vm, ipa,
		    size, *cursor, &r));
		if (rc < 0 || (rc = fn(ctx, &r)) != 0) {
			return rc < 0 ? rc : 0;
		}
		dr = r.view.msg.s2_dump_reply;
		*cursor = dr->next;
	} while (dr->flags & ABI_DUMP_MORE);
	return 0;
}

uint32_t
boardctl_vm_alloc(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	uint32_t vm, max = bc->hello.vm_max < BOARDCTL_VM_MAX ?
	    bc->hello.vm_max : BOARDCTL_VM_MAX;

	for (vm = 1; vm <= max; vm++) {
		if (!(bc->vm_used & (1ull << vm))) {
			bc->vm_used |= 1ull << vm;
			return vm;
		}
	}
	return 0;
}

void
boardctl_vm_free(struct hvd *hvd, uint32_t vm)
{
	if (vm >= 1 && vm <= BOARDCTL_VM_MAX) {
		hvd->bc.vm_used &= ~(1ull << vm);
	}
}

int
boardctl_vm_take(struct hvd *hvd, uint32_t vm)
{
	struct boardctl *bc = &hvd->bc;

	if (vm < 1 || vm > BOARDCTL_VM_MAX || vm > bc->hello.vm_max ||
	    (bc->vm_used & (1ull << vm))) {
		return -EBUSY;
	}
	bc->vm_used |= 1ull << vm;
	return 0;
}
