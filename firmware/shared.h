/* SPDX-License-Identifier: ISC */
/*
 * shared.h - RAM that hvd declares shared between VMs.
 *
 * A page belongs to one VM, or to the firmware, or to nobody (owner.h).  A
 * shared region is the one exception: a range of RAM claimed once from
 * nobody by OWNER_SHARED and then mapped into every VM that asks for
 * exactly that range with the shared flag.  Each VM that holds it counts
 * once, whatever it maps or unmaps of it later; when the last one is
 * destroyed, the region's pages are scrubbed and go back to nobody.
 *
 * Exactly the same range, not an overlapping one: a region is a unit hvd
 * names (a definition's shared memory region), and a page that is in one
 * region cannot be part of another, since the claim of the second would
 * find it owned.
 *
 * Portable C on owner.h; the caller serialises calls.
 */
#ifndef HVFW_SHARED_H
#define HVFW_SHARED_H

#include <stdint.h>

#include <hv/types.h>

#include "owner.h"

/** SHARED_MAX - shared regions at once (bits of a VM's mask). */
#define SHARED_MAX		32

/**
 * struct shared_region - one region.
 * @pa:   first byte (0 size: the slot is free).
 * @size: bytes.
 * @refs: VMs that hold it.
 */
struct shared_region {
	uint64_t pa;
	uint64_t size;
	unsigned int refs;
};

/**
 * struct shared_table - every shared region.
 * @owners: the ownership table the regions are claimed in.
 * @region: the regions.
 */
struct shared_table {
	struct owner_table *owners;
	struct shared_region region[SHARED_MAX];
};

/**
 * shared_init() - no shared region.
 * @st:     the table.
 * @owners: the ownership table.
 */
void shared_init(struct shared_table *st, struct owner_table *owners);

/**
 * shared_get() - hold the region [@pa, @pa + @size) for a VM.
 * @st:   the table.
 * @pa:   first byte, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 * @held: the VM's mask of regions held; the region's bit is set.
 *
 * The region is found by its exact range, or made: its pages claimed from
 * nobody by OWNER_SHARED.  A VM holding it already holds it once.
 *
 * Return: the region's index; -EPERM if a page is owned by someone else
 * (another region included); -ENOSPC if SHARED_MAX regions exist; else
 * what owner_claim() returned.
 */
int shared_get(struct shared_table *st, pa_t pa, uint64_t size,
    uint32_t *held);

/**
 * shared_put() - a VM lets go of region @index.
 * @st:    the table.
 * @index: the region.
 * @held:  the VM's mask; the bit is cleared.
 * @pa:    set to its first byte if it was the last holder.
 * @size:  set to its size then, else 0.
 *
 * When the last holder lets go, the slot is freed and the caller must
 * scrub the pages and then call shared_release().
 */
void shared_put(struct shared_table *st, unsigned int index, uint32_t *held,
    uint64_t *pa, uint64_t *size);

/**
 * shared_release() - give a scrubbed region's pages back to nobody.
 * @st:   the table.
 * @pa:   as shared_put() said.
 * @size: as shared_put() said.
 *
 * Return: what owner_release() returned (0).
 */
int shared_release(struct shared_table *st, uint64_t pa, uint64_t size);

#endif /* HVFW_SHARED_H */
