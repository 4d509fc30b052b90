/* SPDX-License-Identifier: ISC */
/*
 * shared.c - shared regions: found by their exact range, claimed by the
 * first VM that holds one, released after the last lets go.
 */
#include <stdint.h>

#include <hv/errno.h>
#include <hv/types.h>

#include "owner.h"
#include "shared.h"

/**
 * shared_init() - no shared region.
 * @st:     the table.
 * @owners: the ownership table.
 */
void
shared_init(struct shared_table *st, struct owner_table *owners)
{
	*st = (struct shared_table){ .owners = owners };
}

static int
find(const struct shared_table *st, uint64_t pa, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < SHARED_MAX; i++) {
		if (st->region[i].size == size && st->region[i].pa == pa) {
			return (int)i;
		}
	}
	return -ENOENT;
}

/**
 * shared_get() - hold a region, making it if need be.
 * @st:   the table.
 * @pa:   first byte.
 * @size: bytes.
 * @held: the VM's mask.
 *
 * Return: the index, -EPERM, -ENOSPC or what owner_claim() returned.
 */
int
shared_get(struct shared_table *st, pa_t pa, uint64_t size, uint32_t *held)
{
	int i = find(st, pa_addr(pa), size), ret;

	if (i < 0) {
		i = find(st, 0, 0);
		if (i < 0) {
			return -ENOSPC;
		}
		ret = owner_claim(st->owners, pa, size, OWNER_SHARED);
		if (ret != 0) {
			return ret;
		}
		st->region[i] = (struct shared_region){
			.pa = pa_addr(pa), .size = size,
		};
	}
	if ((*held & (1u << i)) == 0) {
		*held |= 1u << i;
		st->region[i].refs++;
	}
	return i;
}

/**
 * shared_put() - let go of a region.
 * @st:    the table.
 * @index: the region.
 * @held:  the VM's mask.
 * @pa:    its first byte if this was the last holder.
 * @size:  its size then, else 0.
 */
void
shared_put(struct shared_table *st, unsigned int index, uint32_t *held,
    uint64_t *pa, uint64_t *size)
{
	struct shared_region *r = &st->region[index];

	*pa = 0;
	*size = 0;
	if ((*held & (1u << index)) == 0) {
		return;
	}
	*held &= ~(1u << index);
	if (--r->refs == 0) {
		*pa = r->pa;
		*size = r->size;
		*r = (struct shared_region){ 0 };
	}
}

/**
 * shared_release() - a scrubbed region back to nobody.
 * @st:   the table.
 * @pa:   first byte.
 * @size: bytes.
 *
 * Return: what owner_release() returned.
 */
int
shared_release(struct shared_table *st, uint64_t pa, uint64_t size)
{
	return owner_release(st->owners, pa_init(pa), size, OWNER_SHARED);
}
