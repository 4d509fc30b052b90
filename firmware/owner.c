/* SPDX-License-Identifier: ISC */
/*
 * owner.c - the ownership table: owner ids of physical pages, kept in the
 * invalid entries of a stage-2 table that no CPU ever walks.
 */
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/s2pt.h>
#include <hv/types.h>

#include "owner.h"

#define PAGE_MASK	(S2PT_PAGE_SIZE - 1)

static void *
table_alloc(void *ctx, unsigned int order)
{
	return pagepool_alloc(ctx, order);
}

static void
table_free(void *ctx, void *table, unsigned int order)
{
	pagepool_free(ctx, table, order);
}

/*
 * The table is never loaded into VTTBR_EL2, so no TLB or walk cache can
 * hold anything of it: s2pt's invalidations (for tables it frees) have
 * nothing to do.
 */
static void
tlb_flush_ipa(void *ctx, vmid_t vmid, ipa_t ipa, uint64_t size,
    unsigned int level)
{
	(void)ctx;
	(void)vmid;
	(void)ipa;
	(void)size;
	(void)level;
}

static void
tlb_flush_vmid(void *ctx, vmid_t vmid)
{
	(void)ctx;
	(void)vmid;
}

/* No cache hooks and no barrier: nothing but the firmware reads it. */
static const struct s2pt_mm_ops owner_mm_ops = {
	.table_alloc = table_alloc,
	.table_free = table_free,
	.tlb_flush_ipa = tlb_flush_ipa,
	.tlb_flush_vmid = tlb_flush_vmid,
};

/**
 * owner_init() - an empty ownership table.
 * @ot:      the table.
 * @pool:    its table pages.
 * @pa_bits: the PA size.
 *
 * Return: 0 or -ENOMEM.
 */
int
owner_init(struct owner_table *ot, struct pagepool *pool, unsigned int pa_bits)
{
	struct s2pt_config cfg = {
		.ipa_bits = pa_bits,
		.ops = &owner_mm_ops,
		.ctx = pool,
	};

	if (cfg.ipa_bits < OWNER_BITS_MIN) {
		cfg.ipa_bits = OWNER_BITS_MIN;
	} else if (cfg.ipa_bits > OWNER_BITS_MAX) {
		cfg.ipa_bits = OWNER_BITS_MAX;
	}
	ot->limit = (uint64_t)1 << cfg.ipa_bits;
	return s2pt_init(&ot->pt, &cfg);
}

/**
 * owner_fini() - free the table.
 * @ot: the table.
 */
void
owner_fini(struct owner_table *ot)
{
	s2pt_fini(&ot->pt);
}

/**
 * owner_limit() - the end of the PA space covered.
 * @ot: the table.
 *
 * Return: the limit.
 */
uint64_t
owner_limit(const struct owner_table *ot)
{
	return ot->limit;
}

/**
 * owner_claim() - NONE -> @owner over a range.
 * @ot:    the table.
 * @pa:    first byte.
 * @size:  bytes.
 * @owner: the new owner.
 *
 * Return: 0, -EPERM, -EINVAL, -ERANGE or -ENOMEM.
 */
int
owner_claim(struct owner_table *ot, pa_t pa, uint64_t size, uint8_t owner)
{
	if (owner == OWNER_NONE) {
		return -EINVAL;
	}
	return s2pt_set_owner(&ot->pt, ipa_init(pa_addr(pa)), size, OWNER_NONE,
	    owner);
}

/**
 * owner_release() - @owner -> NONE over a range.
 * @ot:    the table.
 * @pa:    first byte.
 * @size:  bytes.
 * @owner: the owner now.
 *
 * Return: 0, -EPERM, -EINVAL or -ERANGE.
 */
int
owner_release(struct owner_table *ot, pa_t pa, uint64_t size, uint8_t owner)
{
	if (owner == OWNER_NONE) {
		return -EINVAL;
	}
	return s2pt_set_owner(&ot->pt, ipa_init(pa_addr(pa)), size, owner,
	    OWNER_NONE);
}

/* The owner of the entry covering @a, and where that entry ends. */
static uint8_t
entry_owner(const struct owner_table *ot, uint64_t a, uint64_t *next)
{
	struct s2pt_leaf leaf;

	(void)s2pt_lookup(&ot->pt, ipa_init(a), &leaf);
	*next = ipa_addr(leaf.base) + leaf.size;
	return leaf.owner;
}

/**
 * owner_find_other() - the first run in a range not owned by @owner.
 * @ot:    the table.
 * @pa:    first byte.
 * @size:  bytes.
 * @owner: the owner looked past.
 * @run:   filled in.
 *
 * One lookup per entry: owners are recorded with the largest entries
 * their ranges allow, so a range costs few.
 *
 * Return: 0, -ENOENT, -EINVAL or -ERANGE.
 */
int
owner_find_other(const struct owner_table *ot, pa_t pa, uint64_t size,
    uint8_t owner, struct owner_run *run)
{
	uint64_t a = pa_addr(pa), end = a + size, next, after;
	uint8_t who;

	if (((a | size) & PAGE_MASK) != 0 || size == 0) {
		return -EINVAL;
	}
	if (end < a || end > owner_limit(ot)) {
		return -ERANGE;
	}
	for (; a < end; a = next) {
		who = entry_owner(ot, a, &next);
		if (who != owner) {
			break;
		}
	}
	if (a >= end) {
		return -ENOENT;
	}
	run->pa = pa_init(a);
	run->owner = who;
	while (next < end && entry_owner(ot, next, &after) == who) {
		next = after;
	}
	run->size = (next < end ? next : end) - a;
	return 0;
}

/**
 * owner_of() - the owner of one page.
 * @ot: the table.
 * @pa: the address.
 *
 * Return: the owner id.
 */
uint8_t
owner_of(const struct owner_table *ot, pa_t pa)
{
	struct s2pt_leaf leaf;

	(void)s2pt_lookup(&ot->pt, ipa_init(pa_addr(pa)), &leaf);
	return leaf.owner;
}
