/* SPDX-License-Identifier: ISC */
/*
 * s2pt_unmap.c - the unmap visitor.
 *
 * A table that lies wholly inside the range and holds no owner annotations
 * is dropped whole: one store unlinks it, its leaves are counted from the
 * entry counts its descriptors already keep, and it is freed after the
 * batched invalidation.  Everything else is cleared entry by entry.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/* Take the leaves of an annotation-free subtree out of the statistics. */
static void
forget_leaves(struct s2pt *pt, const uint64_t *table, unsigned int level,
    unsigned int count)
{
	unsigned int i;
	uint64_t pte;

	if (level == 3) {
		pt->stats.leaves[3] -= count;
		return;
	}
	for (i = 0; i < S2PT_ENTRIES; i++) {
		pte = pte_load(&table[i]);
		if (s2pt_desc_is_table(pte, level)) {
			forget_leaves(pt, s2pt_table_va(pt, s2pt_desc_addr(pte)),
			    level + 1, s2pt_desc_count(pte));
		} else if (s2pt_desc_is_valid(pte)) {
			pt->stats.leaves[level]--;
		}
	}
}

static int
unmap_pre_table(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t base, struct table_delta *parent)
{
	uint64_t pte = pte_load(ptep);
	uint64_t *table;

	if (w->dry) {
		return WALK_SKIP;	/* nothing inside can need a table */
	}
	if (pte & S2PT_DESC_ANNOT) {
		return 0;		/* annotations stay: go entry by entry */
	}
	table = s2pt_table_va(w->pt, s2pt_desc_addr(pte));
	forget_leaves(w->pt, table, level + 1, s2pt_desc_count(pte));
	s2pt_store(w, ptep, 0, level, base);
	parent->live--;
	s2pt_tlb_batch_add(w, base, S2PT_LEVEL_SIZE(level), 0);
	s2pt_defer_free(w, table, level + 1, base);
	return WALK_SKIP;
}

/* Clear the valid entries from @i up to @end, all wholly inside the range. */
static unsigned int
unmap_run(struct walk *w, struct span *sp, unsigned int i, unsigned int end)
{
	uint64_t size = S2PT_LEVEL_SIZE(sp->level);
	unsigned int j, cleared = 0;

	for (j = i; j < end; j++) {
		if (s2pt_desc_is_valid(pte_load(&sp->ptep[j]))) {
			s2pt_store(w, &sp->ptep[j], 0, sp->level,
			    span_entry_base(sp, j));
			cleared++;
		}
	}
	if (cleared != 0) {
		w->pt->stats.leaves[sp->level] -= cleared;
		sp->d.live -= (int)cleared;
		s2pt_tlb_batch_add(w, span_entry_base(sp, i),
		    (uint64_t)(end - i) * size, sp->level);
	}
	return end - i;
}

static long
unmap_leaf(struct walk *w, struct span *sp)
{
	unsigned int i = 0, end;
	int ret;

	while (i < sp->n) {
		if (span_entry_full(w, sp, i)) {
			end = span_full_end(w, sp);
			i += w->dry ? end - i : unmap_run(w, sp, i, end);
			continue;
		}
		if (!s2pt_desc_is_valid(pte_load(&sp->ptep[i]))) {
			i++;
			continue;
		}
		/* A block partly inside: split it, then clear inside. */
		if (!w->dry) {
			ret = s2pt_expand(w, sp, i);
			return ret < 0 ? (long)ret : (long)i;
		}
		s2pt_plan_expand(w, sp, i, 1);
		i++;
	}
	return i;
}

int
s2pt_unmap(struct s2pt *pt, ipa_t ipa, uint64_t size)
{
	static const struct visitor unmap_visitor = {
		.pre_table = unmap_pre_table,
		.leaf = unmap_leaf,
	};
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret != 0) {
		return ret;
	}
	s2pt_walk_init(&w, pt, &unmap_visitor, ipa_addr(ipa), size);
	return s2pt_run(&w);
}
