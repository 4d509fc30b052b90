/* SPDX-License-Identifier: ISC */
/*
 * s2pt_map.c - the map and protect visitors.
 *
 * Both write leaf attributes; map also fills empty entries with the largest
 * leaf the alignment allows.  Runs of entries wholly inside the range are
 * handled in tight loops (map_run(), protect_run()) so that mapping or
 * re-protecting a gigabyte of pages costs little more than storing its
 * descriptors.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

static uint64_t
leaf_type(unsigned int level)
{
	return level == 3 ? S2PT_DESC_VALID | S2PT_DESC_TABLE : S2PT_DESC_VALID;
}

/* Fill the empty entries from @i on, each wholly inside the range. */
static unsigned int
map_run(struct walk *w, struct span *sp, unsigned int i)
{
	uint64_t size = S2PT_LEVEL_SIZE(sp->level);
	unsigned int j, end = span_full_end(w, sp);
	uint64_t ipa = span_entry_base(sp, i);
	uint64_t desc = (ipa + w->pa_off) | w->attr_bits | leaf_type(sp->level);
	uint64_t *ptep = sp->ptep;

	if (w->dry) {
		for (j = i; j < end && pte_load(&ptep[j]) == 0; j++) {
			continue;
		}
		return j - i;
	}
	if (w->pt->ops->trace_store != NULL) {
		for (j = i; j < end && pte_load(&ptep[j]) == 0; j++) {
			s2pt_store(w, &ptep[j], desc, sp->level, ipa);
			desc += size;
			ipa += size;
		}
		w->pt->stats.desc_writes -= j - i;
	} else {
		for (j = i; j < end && pte_load(&ptep[j]) == 0; j++) {
			__atomic_store_n(&ptep[j], desc, __ATOMIC_RELAXED);
			desc += size;
		}
	}
	w->pt->stats.desc_writes += j - i;
	w->pt->stats.leaves[sp->level] += j - i;
	sp->d.live += (int)(j - i);
	return j - i;
}

/* The attributes entry @old gets from the walk. */
static uint64_t
retype(const struct walk *w, uint64_t old)
{
	return (old & ~S2PT_DESC_ATTR_MASK) | w->attr_bits;
}

static void
mark(uint64_t *mask, unsigned int i)
{
	mask[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool
marked(const uint64_t *mask, unsigned int i)
{
	return (mask[i / 64] >> (i % 64) & 1) != 0;
}

/* Invalidate the I-cache for a leaf that becomes executable. */
static void
gain_exec(const struct walk *w, const struct span *sp, uint64_t old,
    uint64_t new)
{
	const struct s2pt *pt = w->pt;

	if ((old & S2PT_DESC_XN) && !(new & S2PT_DESC_XN) &&
	    pt->ops->icache_inval != NULL) {
		pt->ops->icache_inval(pt->ctx, pa_init(s2pt_desc_addr(new)),
		    S2PT_LEVEL_SIZE(sp->level));
	}
}

/* Break-before-make for the entries of the run marked in @mask. */
static void
protect_bbm(struct walk *w, struct span *sp, unsigned int i, unsigned int end,
    const uint64_t *mask)
{
	uint64_t *ptep = sp->ptep, old, new;
	unsigned int j;

	s2pt_bbm_break(w, &ptep[i], end - i, sp->level, span_entry_base(sp, i),
	    sp->level, mask);
	for (j = i; j < end; j++) {
		if (marked(mask, j - i)) {
			old = pte_load(&ptep[j]) | S2PT_DESC_VALID;
			new = retype(w, old);
			s2pt_store(w, &ptep[j], new, sp->level,
			    span_entry_base(sp, j));
			gain_exec(w, sp, old, new);
		}
	}
}

/*
 * Give every valid entry in [@i, @end) of @sp (all wholly inside the range)
 * the walk's attributes.  A change of permissions only is a store,
 * invalidated with the batch; entries whose memory type changes are broken
 * together with one invalidation, then made (break-before-make).
 */
static unsigned int
protect_run(struct walk *w, struct span *sp, unsigned int i, unsigned int end)
{
	uint64_t mask[S2PT_ENTRIES / 64];
	uint64_t *ptep = sp->ptep, old, new;
	unsigned int j, changed = 0, broken = 0;
	bool trace = w->pt->ops->trace_store != NULL;

	if (w->dry) {
		return end - i;
	}
	for (j = i; j < end; j++) {
		old = pte_load(&ptep[j]);
		new = retype(w, old);
		if (!s2pt_desc_is_valid(old) || new == old) {
			continue;
		}
		if (((old ^ new) & S2PT_DESC_MEMATTR_MASK) != 0) {
			if (broken++ == 0) {
				for (unsigned int m = 0; m < S2PT_ENTRIES / 64; m++) {
					mask[m] = 0;
				}
			}
			mark(mask, j - i);
			continue;
		}
		if (trace) {
			s2pt_store(w, &ptep[j], new, sp->level,
			    span_entry_base(sp, j));
		} else {
			__atomic_store_n(&ptep[j], new, __ATOMIC_RELAXED);
			w->pt->stats.desc_writes++;
		}
		gain_exec(w, sp, old, new);
		changed++;
	}
	if (changed != 0) {
		s2pt_tlb_batch_add(w, span_entry_base(sp, i),
		    (uint64_t)(end - i) * S2PT_LEVEL_SIZE(sp->level), sp->level);
	}
	if (broken != 0) {
		protect_bbm(w, sp, i, end, mask);
	}
	return end - i;
}

/*
 * A valid leaf only partly inside the range gets other attributes: split it
 * (or, in the dry pass, count the tables that takes).  Return 1 to move on,
 * 0 to descend, or -errno.
 */
static long
retype_partial(struct walk *w, struct span *sp, unsigned int i)
{
	uint64_t old = pte_load(&sp->ptep[i]);

	if (retype(w, old) == old) {
		return 1;
	}
	if (w->dry) {
		s2pt_plan_expand(w, sp, i, 1);
		return 1;
	}
	return s2pt_expand(w, sp, i);
}

/* Entries from @i on that are valid, wholly inside, and map at the offset. */
static long
map_valid_run(struct walk *w, struct span *sp, unsigned int i)
{
	unsigned int j, end = span_full_end(w, sp);
	uint64_t pte;

	for (j = i; j < end; j++) {
		pte = pte_load(&sp->ptep[j]);
		if (!s2pt_desc_is_valid(pte)) {
			break;
		}
		if (s2pt_desc_addr(pte) - span_entry_base(sp, j) != w->pa_off) {
			return -EEXIST;
		}
	}
	return protect_run(w, sp, i, j);
}

static long
map_leaf(struct walk *w, struct span *sp)
{
	unsigned int i = 0;
	uint64_t pte;
	long k;

	while (i < sp->n) {
		pte = pte_load(&sp->ptep[i]);
		if (pte == 0 && span_entry_full(w, sp, i) && sp->level >= w->mbl) {
			i += map_run(w, sp, i);
			continue;
		}
		if (pte == 0) {
			if (!w->dry) {
				k = s2pt_expand(w, sp, i);
				return k < 0 ? k : i;
			}
			s2pt_plan_expand(w, sp, i, w->mbl);
			i++;
			continue;
		}
		if (!s2pt_desc_is_valid(pte)) {
			return -EPERM;
		}
		if (s2pt_desc_addr(pte) - span_entry_base(sp, i) != w->pa_off) {
			return -EEXIST;
		}
		k = span_entry_full(w, sp, i) ? map_valid_run(w, sp, i) :
		    retype_partial(w, sp, i);
		if (k <= 0) {
			return k < 0 ? k : i;
		}
		i += (unsigned int)k;
	}
	return i;
}

static long
protect_leaf(struct walk *w, struct span *sp)
{
	unsigned int i = 0, end = span_full_end(w, sp);
	long k;

	while (i < sp->n) {
		if (span_entry_full(w, sp, i)) {
			i += protect_run(w, sp, i, end);
			continue;
		}
		if (!s2pt_desc_is_valid(pte_load(&sp->ptep[i]))) {
			i++;
			continue;
		}
		k = retype_partial(w, sp, i);
		if (k <= 0) {
			return k < 0 ? k : i;
		}
		i++;
	}
	return i;
}

/* Protect needs no planning inside a table it covers whole. */
static int
protect_pre_table(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t base, struct table_delta *parent)
{
	(void)ptep;
	(void)level;
	(void)base;
	(void)parent;
	return w->dry ? WALK_SKIP : 0;
}

/* Make guest memory coherent before any of it becomes visible. */
static void
map_clean(struct walk *w)
{
	const struct s2pt *pt = w->pt;
	pa_t pa = pa_init(w->start + w->pa_off);
	uint64_t size = w->end - w->start;

	if (pt->ops->dcache_clean_poc != NULL &&
	    (w->attr_bits & S2PT_DESC_MEMATTR_MASK) !=
	    S2PT_MEMATTR_DEVICE_nGnRE << S2PT_DESC_MEMATTR_SHIFT) {
		pt->ops->dcache_clean_poc(pt->ctx, pa, size);
	}
	if (pt->ops->icache_inval != NULL && !(w->attr_bits & S2PT_DESC_XN)) {
		pt->ops->icache_inval(pt->ctx, pa, size);
	}
}

/* The coarsest leaf level that PA - IPA alignment allows. */
static unsigned int
coarsest_level(const struct s2pt *pt, uint64_t pa_off)
{
	unsigned int level;

	for (level = 1; level < 3; level++) {
		if (level >= pt->start_level &&
		    (pa_off & (S2PT_LEVEL_SIZE(level) - 1)) == 0) {
			break;
		}
	}
	return level;
}

int
s2pt_map(struct s2pt *pt, ipa_t ipa, pa_t pa, uint64_t size,
    struct s2pt_attr attr)
{
	static const struct visitor map_visitor = { .leaf = map_leaf };
	uint64_t p = pa_addr(pa);
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret == 0 && (p & (S2PT_PAGE_SIZE - 1)) != 0) {
		ret = -EINVAL;
	}
	if (ret == 0) {
		ret = s2pt_attr_check(attr);
	}
	if (ret == 0 && (p + size < p || p + size > pt->pa_limit)) {
		ret = -ERANGE;
	}
	if (ret != 0) {
		return ret;
	}
	s2pt_walk_init(&w, pt, &map_visitor, ipa_addr(ipa), size);
	w.pa_off = p - ipa_addr(ipa);
	w.attr_bits = s2pt_attr_bits(attr);
	w.mbl = coarsest_level(pt, w.pa_off);
	if (pt->ops->dcache_clean_poc != NULL || pt->ops->icache_inval != NULL) {
		w.before_commit = map_clean;
	}
	return s2pt_run(&w);
}

int
s2pt_protect(struct s2pt *pt, ipa_t ipa, uint64_t size, struct s2pt_attr attr)
{
	static const struct visitor protect_visitor = {
		.pre_table = protect_pre_table,
		.leaf = protect_leaf,
	};
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret == 0) {
		ret = s2pt_attr_check(attr);
	}
	if (ret != 0) {
		return ret;
	}
	s2pt_walk_init(&w, pt, &protect_visitor, ipa_addr(ipa), size);
	w.attr_bits = s2pt_attr_bits(attr);
	return s2pt_run(&w);
}
