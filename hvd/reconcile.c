/* SPDX-License-Identifier: ISC */
/*
 * reconcile.c - a starting hvd's state made to agree with the board's
 * (reconcile.h).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvd.h"
#include "hvpaths.h"
#include "log.h"
#include "reconcile.h"
#include "store.h"
#include "vmrun.h"
#include "yamldoc.h"

/* The backing key of memory at @ipa in @d, or "" for its own memory. */
static void
reconcile_key(const struct domain *d, uint64_t ipa, char *key, size_t len)
{
	const struct vmdef_region *r;
	size_t i;

	key[0] = '\0';
	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		if (r->shared_count > 0 && ipa >= r->ipa &&
		    ipa - r->ipa < r->size) {
			vmrun_region_key(d, r, key, len);
			return;
		}
	}
	for (i = 0; i < d->map_count; i++) {
		if (d->maps[i].peer[0] != '\0' && ipa >= d->maps[i].ipa &&
		    ipa - d->maps[i].ipa < d->maps[i].size) {
			vmrun_map_key(d->def.name, d->maps[i].peer,
			    d->maps[i].ipa, key, len);
			return;
		}
	}
}

/* One mapped run of @d's stage 2, into its record and the allocator. */
static int
reconcile_run(struct hvd *hvd, struct domain *d, const struct abi_s2_run *run)
{
	struct boardctl *bc = &hvd->bc;
	struct guestmem_extent ext = { pa_init(run->pa), run->size };
	struct vmmem_backing *b = NULL;
	char key[VMMEM_KEY_MAX];
	int rc;

	reconcile_key(d, run->ipa, key, sizeof(key));
	if (key[0] != '\0') {
		rc = vmmem_backing_adopt(&bc->shared, key, &b);
		if (rc == 0 && (rc = vmmem_backing_add_piece(b, run->pa,
		    run->size)) == 1) {
			rc = guestmem_reserve(&bc->gm, &ext);
		}
	} else {
		rc = guestmem_reserve(&bc->gm, &ext);
	}
	if (rc < 0) {
		return rc;
	}
	return vmmem_add(&d->mem, run->ipa, run->pa, run->size, run->perm, b);
}

/* What reconcile_runs() works on. */
struct reconcile_walk {
	struct hvd *hvd;
	struct domain *d;
};

/* boardctl_s2_walk()'s function: the mapped runs of one reply. */
static int
reconcile_runs(void *ctx, const struct board_reply *r)
{
	const struct abi_s2_dump_reply *dr = r->view.msg.s2_dump_reply;
	struct reconcile_walk *w = ctx;
	uint32_t i;
	int rc;

	for (i = 0; i < r->view.count; i++) {
		if (dr->run[i].valid &&
		    (rc = reconcile_run(w->hvd, w->d, &dr->run[i])) < 0) {
			return rc;
		}
	}
	return 0;
}

/* Rebuild @d's record from its VM's stage-2 dump. */
static int
reconcile_memory(struct hvd *hvd, struct domain *d)
{
	struct reconcile_walk w = { hvd, d };
	uint64_t cursor = 0;

	return boardctl_s2_walk(hvd, d->fw_vm, 0,
	    1ull << hvd->bc.hello.ipa_bits, &cursor, reconcile_runs, &w);
}

/* The domain a run state names: persistent ones are in the table;
 * transient ones come back from the definition the state kept. */
static struct domain *
reconcile_domain(struct hvd *hvd, const struct store_run *rs)
{
	char error[YAMLDOC_ERROR_MAX];
	struct domain *d;
	struct vmdef def;

	d = domain_by_uuid(&hvd->doms, &rs->uuid);
	if (d != NULL || rs->definition == NULL) {
		return d;
	}
	if (vmdef_load_buffer(&def, rs->name, NULL, rs->definition,
	    strlen(rs->definition), VMDEF_NO_FILE_CHECK, error,
	    sizeof(error)) < 0) {
		log_error("%s: its kept definition does not load: %s", rs->name,
		    error);
		vmdef_fini(&def);
		return NULL;
	}
	if ((d = domain_new(&def)) == NULL ||
	    domain_table_add(&hvd->doms, d) < 0) {
		vmdef_fini(&def);
		domain_free(d);
		return NULL;
	}
	d->persistent = false;
	return d;
}

/* Take up one domain the run state says was active on a live board. */
static void
reconcile_active(struct hvd *hvd, struct domain *d, const struct store_run *rs)
{
	if (board_stats(&hvd->bc.board, rs->fw_vm, NULL) < 0 ||
	    boardctl_vm_take(hvd, rs->fw_vm) < 0) {
		log_info("%s: its firmware VM %u is gone: shut off",
		    d->def.name, rs->fw_vm);
		d->state = DOMAIN_SHUTOFF;
		d->why = DOMAIN_WHY_DAEMON;
		store_run_remove(hvd, d);
		return;
	}
	d->fw_vm = rs->fw_vm;
	d->id = rs->id;
	d->state = (enum domain_state)rs->state;
	d->why = (enum domain_why)rs->why;
	d->started = rs->started;
	d->faults = rs->faults;
	memcpy(d->maps, rs->maps, sizeof(d->maps));
	d->map_count = rs->map_count;
	if (reconcile_memory(hvd, d) < 0 || vmrun_console_ready(hvd, d) < 0) {
		log_error("%s: its memory could not be taken up again: "
		    "destroyed", d->def.name);
		vmrun_shut_off(hvd, d, DOMAIN_WHY_DAEMON);
		return;
	}
	log_info("%s: found running again as domain %d on firmware VM %u "
	    "(%" PRIu64 " MiB)", d->def.name, d->id, d->fw_vm,
	    d->mem.bytes >> 20);
}

/* One run state file. */
static void
reconcile_file(struct hvd *hvd, const char *path, bool board)
{
	struct store_run rs;
	struct domain *d;

	if (store_run_read(path, &rs) < 0) {
		unlink(path);
		return;
	}
	d = reconcile_domain(hvd, &rs);
	free(rs.definition);
	if (d == NULL) {
		log_warnx("%s: no such domain any more: its run state is "
		    "dropped", rs.name);
		unlink(path);
		return;
	}
	if (rs.id >= hvd->next_id) {
		hvd->next_id = rs.id + 1;
	}
	if (board) {
		reconcile_active(hvd, d, &rs);
		return;
	}
	log_warnx("%s: the board is gone: crashed (board lost)", d->def.name);
	d->state = DOMAIN_CRASHED;
	d->why = DOMAIN_WHY_BOARD_LOST;
	unlink(path);
}

/* Is @e a run state file (*.json)? */
static int
reconcile_is_json(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return e->d_name[0] != '.' && len > 5 &&
	    strcmp(e->d_name + len - 5, ".json") == 0;
}

/* Destroy firmware VMs no domain claimed. */
static void
reconcile_orphans(struct hvd *hvd)
{
	struct boardctl *bc = &hvd->bc;
	uint32_t vm;

	for (vm = 1; vm <= bc->hello.vm_max && vm <= BOARDCTL_VM_MAX; vm++) {
		if (!(bc->vm_used & (1ull << vm)) &&
		    board_stats(&bc->board, vm, NULL) == 0) {
			log_warnx("firmware VM %u belongs to no domain: "
			    "destroyed", vm);
			board_destroy(&bc->board, vm);
		}
	}
}

/* Take the kept board up; true if one runs. */
static bool
reconcile_board(struct hvd *hvd)
{
	int rc = board_reattach(&hvd->bc.board, hvd->paths.board_dir, 0);

	if (rc == 0) {
		log_info("board found running again");
		return boardctl_take(hvd) == 0;
	}
	if (rc != -ENOENT) {
		log_warnx("the kept board in %s is not usable: %s",
		    hvd->paths.board_dir, board_error(&hvd->bc.board));
		board_stop(&hvd->bc.board);
	}
	return false;
}

void
reconcile(struct hvd *hvd)
{
	bool board = reconcile_board(hvd);
	char path[PATH_MAX];
	struct dirent **list;
	int i, n;

	n = scandir(hvd->paths.run_dir, &list, reconcile_is_json, alphasort);
	for (i = 0; i < n; i++) {
		if (hvpaths_join(path, sizeof(path), hvd->paths.run_dir,
		    list[i]->d_name) == 0) {
			reconcile_file(hvd, path, board);
		}
		free(list[i]);
	}
	if (n >= 0) {
		free(list);
	}
	if (board) {
		reconcile_orphans(hvd);
	}
}
