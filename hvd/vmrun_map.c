/* SPDX-License-Identifier: ISC */
/*
 * vmrun_map.c - memory that changes while a domain runs: pages placed on
 * demand faults, and what hvctl map, unmap and protect ask (vmrun.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hvd.h"
#include "log.h"
#include "store.h"
#include "vmrun.h"
#include "vmrun_impl.h"

#define VMRUN_PAGE	0x1000ull

/* The demand region of @d that holds @ipa, or NULL. */
static const struct vmdef_region *
vmrun_demand_region(const struct domain *d, uint64_t ipa)
{
	const struct vmdef_region *r;
	size_t i;

	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		if (r->mode == VMDEF_MODE_DEMAND && ipa >= r->ipa &&
		    ipa - r->ipa < r->size) {
			return r;
		}
	}
	return NULL;
}

void
vmrun_fault(struct hvd *hvd, struct domain *d,
    const struct abi_fault_info *info)
{
	const struct vmdef_region *r = vmrun_demand_region(d, info->ipa);
	struct boardctl *bc = &hvd->bc;
	uint64_t page = info->ipa & ~(VMRUN_PAGE - 1);
	unsigned int perm;
	pa_t pa;
	int rc;

	if (r == NULL || vmmem_find(&d->mem, page) != NULL) {
		/* Not hvd's to place, or placed for another vCPU already. */
		log_debug("%s: fault at 0x%" PRIx64 " needs nothing",
		    d->def.name, info->ipa);
		return;
	}
	perm = vmrun_perm(r->perm);
	rc = guestmem_alloc_page(&bc->gm, &pa);
	if (rc == 0) {
		rc = boardctl_check(hvd, board_map(&bc->board, d->fw_vm, page,
		    pa_addr(pa), VMRUN_PAGE, perm, ABI_MEM_NORMAL_WB, 0));
		if (rc == 0) {
			rc = vmmem_add(&d->mem, page, pa_addr(pa), VMRUN_PAGE,
			    perm, NULL);
		}
		if (rc < 0) {
			guestmem_free(&bc->gm, &(struct guestmem_extent){ pa,
			    VMRUN_PAGE }, 1);
		}
	}
	if (rc < 0) {
		log_error("%s: cannot place a page for region '%s' at 0x%"
		    PRIx64 ": %s", d->def.name, r->name, page, rc == -ENOMEM ?
		    "no free board memory" : board_error(&bc->board));
		d->has_crash = true;
		d->crash = *info;
		vmrun_crash(hvd, d);
		return;
	}
	d->faults++;
}

/* Is [@ipa, @ipa + @size) free in @d: not its definition's, not mapped? */
static bool
vmrun_range_free(const struct domain *d, uint64_t ipa, uint64_t size)
{
	const struct vmdef_region *r;
	size_t i;

	if (ipa < VMDEF_RAM_BASE + d->def.memory &&
	    VMDEF_RAM_BASE < ipa + size) {
		return false;
	}
	for (i = 0; i < d->def.region_count; i++) {
		r = &d->def.regions[i];
		if (ipa < r->ipa + r->size && r->ipa < ipa + size) {
			return false;
		}
	}
	return !vmmem_overlaps(&d->mem, ipa, size);
}

/* The checks of a runtime map; 0, or -errno with @err set. */
static int
vmrun_map_check(struct hvd *hvd, const struct domain *d, uint64_t ipa,
    uint64_t size, const struct domain *peer, char *err, size_t len)
{
	uint64_t limit = 1ull << vmrun_ipa_bits(hvd);

	if (ipa % VMRUN_PAGE != 0 || size % VMRUN_PAGE != 0 || size == 0 ||
	    ipa + size < ipa || ipa + size > limit) {
		snprintf(err, len, "[0x%" PRIx64 ", +0x%" PRIx64 ") is not a "
		    "4K-aligned range inside the %u-bit IPA space", ipa, size,
		    vmrun_ipa_bits(hvd));
		return -EINVAL;
	}
	if (ipa < VMDEF_DEVICE_END && VMDEF_DEVICE_BASE < ipa + size) {
		snprintf(err, len, "[0x%" PRIx64 ", 0x%" PRIx64 ") overlaps "
		    "the devices at [0x%llx, 0x%llx)", ipa, ipa + size,
		    VMDEF_DEVICE_BASE, VMDEF_DEVICE_END);
		return -EINVAL;
	}
	if (!vmrun_range_free(d, ipa, size) ||
	    (peer != NULL && !vmrun_range_free(peer, ipa, size))) {
		snprintf(err, len, "[0x%" PRIx64 ", 0x%" PRIx64 ") is in use "
		    "in %s (RAM, a region or a map)", ipa, ipa + size,
		    !vmrun_range_free(d, ipa, size) ? d->def.name :
		    peer->def.name);
		return -EEXIST;
	}
	if (d->map_count == DOMAIN_MAPS_MAX ||
	    (peer != NULL && peer->map_count == DOMAIN_MAPS_MAX)) {
		snprintf(err, len, "a domain has %d runtime maps already",
		    DOMAIN_MAPS_MAX);
		return -ENOSPC;
	}
	return 0;
}

/* MAP the part of @d's record inside [@ipa, @ipa + @size). */
static int
vmrun_map_recorded(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size)
{
	struct board *b = &hvd->bc.board;
	const struct vmmem_map *m;
	uint64_t at;
	int rc = 0;

	for (at = ipa; rc == 0 && at < ipa + size; at = m->ipa + m->size) {
		m = vmmem_find(&d->mem, at);
		rc = boardctl_check(hvd, board_map(b, d->fw_vm, m->ipa, m->pa,
		    m->size, m->perm, ABI_MEM_NORMAL_WB,
		    m->backing != NULL ? ABI_RANGE_SHARED : 0));
	}
	return rc;
}

/* Record a runtime map in @d's list. */
static void
vmrun_note_map(struct domain *d, uint64_t ipa, uint64_t size,
    unsigned int perm, const struct domain *peer)
{
	struct domain_map *m = &d->maps[d->map_count++];

	m->ipa = ipa;
	m->size = size;
	m->perm = perm;
	snprintf(m->peer, sizeof(m->peer), "%s",
	    peer != NULL ? peer->def.name : "");
}

void
vmrun_map_key(const char *a, const char *b, uint64_t ipa, char *key,
    size_t len)
{
	bool first = strcmp(a, b) < 0;

	snprintf(key, len, "map 0x%" PRIx64 " of %s,%s", ipa, first ? a : b,
	    first ? b : a);
}

/* Place the memory of a runtime map in the record(s). */
static int
vmrun_map_place(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, unsigned int perm, struct domain *peer)
{
	struct boardctl *bc = &hvd->bc;
	char key[VMMEM_KEY_MAX];
	struct vmmem_backing *b = NULL;
	int rc;

	if (peer == NULL) {
		return vmrun_place_own(hvd, d, ipa, size, perm);
	}
	vmrun_map_key(d->def.name, peer->def.name, ipa, key, sizeof(key));
	rc = vmmem_backing_get(&bc->shared, key, ipa, size, &bc->gm, &b);
	if (rc == 0 && (rc = vmrun_add_backing(d, b, ipa, perm)) == 0) {
		rc = vmrun_add_backing(peer, b, ipa, perm);
	}
	if (b != NULL) {
		vmmem_backing_drop_unused(&bc->shared, b, &bc->gm);
	}
	return rc;
}

int
vmrun_map(struct hvd *hvd, struct domain *d, uint64_t ipa, uint64_t size,
    unsigned int perm, struct domain *peer, char *err, size_t len)
{
	struct boardctl *bc = &hvd->bc;
	int rc;

	if ((rc = vmrun_map_check(hvd, d, ipa, size, peer, err, len)) < 0) {
		return rc;
	}
	rc = vmrun_map_place(hvd, d, ipa, size, perm, peer);
	if (rc == 0) {
		rc = vmrun_map_recorded(hvd, d, ipa, size);
	}
	if (rc == 0 && peer != NULL) {
		rc = vmrun_map_recorded(hvd, peer, ipa, size);
	}
	if (rc < 0) {
		snprintf(err, len, "%s", rc == -ENOMEM ? "not enough free "
		    "board memory" : board_error(&bc->board));
		if (bc->up) {
			board_unmap(&bc->board, d->fw_vm, ipa, size);
			vmmem_remove(&d->mem, ipa, size, &bc->gm, &bc->shared);
			if (peer != NULL) {
				board_unmap(&bc->board, peer->fw_vm, ipa, size);
				vmmem_remove(&peer->mem, ipa, size, &bc->gm,
				    &bc->shared);
			}
		}
		return rc;
	}
	vmrun_note_map(d, ipa, size, perm, peer);
	store_run_save(hvd, d);
	if (peer != NULL) {
		vmrun_note_map(peer, ipa, size, perm, d);
		store_run_save(hvd, peer);
	}
	return 0;
}

/* Forget the runtime maps of @d inside [@ipa, @ipa + @size). */
static void
vmrun_forget_maps(struct domain *d, uint64_t ipa, uint64_t size)
{
	size_t i = 0;

	while (i < d->map_count) {
		if (d->maps[i].ipa >= ipa &&
		    d->maps[i].ipa + d->maps[i].size <= ipa + size) {
			d->maps[i] = d->maps[--d->map_count];
		} else {
			i++;
		}
	}
}

int
vmrun_unmap(struct hvd *hvd, struct domain *d, uint64_t ipa, uint64_t size,
    char *err, size_t len)
{
	struct boardctl *bc = &hvd->bc;
	int rc;

	if (ipa % VMRUN_PAGE != 0 || size % VMRUN_PAGE != 0 || size == 0 ||
	    ipa + size < ipa) {
		snprintf(err, len, "[0x%" PRIx64 ", +0x%" PRIx64 ") is not a "
		    "4K-aligned range", ipa, size);
		return -EINVAL;
	}
	if (vmmem_cuts_shared(&d->mem, ipa, size)) {
		snprintf(err, len, "[0x%" PRIx64 ", 0x%" PRIx64 ") holds part "
		    "of shared memory: unmap all of it", ipa, ipa + size);
		return -EINVAL;
	}
	rc = boardctl_check(hvd, board_unmap(&bc->board, d->fw_vm, ipa, size));
	if (rc < 0) {
		snprintf(err, len, "the firmware refused: %s",
		    board_error(&bc->board));
		return rc;
	}
	vmmem_remove(&d->mem, ipa, size, &bc->gm, &bc->shared);
	vmrun_forget_maps(d, ipa, size);
	store_run_save(hvd, d);
	return 0;
}

int
vmrun_protect(struct hvd *hvd, struct domain *d, uint64_t ipa,
    uint64_t size, unsigned int perm, char *err, size_t len)
{
	struct boardctl *bc = &hvd->bc;
	const struct abi_range e = { ipa, 0, size, (uint8_t)perm,
	    ABI_MEM_NORMAL_WB, 0, 0 };
	int rc;

	rc = boardctl_check(hvd, board_batch(&bc->board, ABI_MSG_PROTECT,
	    d->fw_vm, &e, 1, NULL));
	if (rc < 0) {
		snprintf(err, len, "the firmware refused: %s",
		    board_error(&bc->board));
	}
	return rc;
}
