/* SPDX-License-Identifier: ISC */
/*
 * s2pt_owner.c - the set-owner visitor: owner ids in invalid entries.
 *
 * Like pKVM's host stage-2, an invalid descriptor may carry who owns the
 * memory it covers, at any level, so that one table records ownership of a
 * whole address space in a few entries.  Changing ownership is a
 * compare-and-set over the range, validated in the dry pass.  A table
 * whose every entry ends up with the same owner is folded back into one
 * annotated entry of its parent, so that ownership given page by page costs
 * no more table pages, once whole, than ownership given at once.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

static uint64_t
annotation(uint8_t owner)
{
	return (uint64_t)owner << S2PT_DESC_OWNER_SHIFT;
}

static long
owner_leaf(struct walk *w, struct span *sp)
{
	uint64_t pte, want = annotation(w->to);
	unsigned int i;
	int ret;

	for (i = 0; i < sp->n; i++) {
		pte = pte_load(&sp->ptep[i]);
		if (s2pt_desc_is_valid(pte)) {
			return -EBUSY;
		}
		if (s2pt_desc_owner(pte) != w->from) {
			return -EPERM;
		}
		if (w->from == w->to) {
			continue;
		}
		if (!span_entry_full(w, sp, i)) {
			if (!w->dry) {
				ret = s2pt_expand(w, sp, i);
				return ret < 0 ? (long)ret : (long)i;
			}
			s2pt_plan_expand(w, sp, i, 1);
			continue;
		}
		if (w->dry) {
			continue;
		}
		s2pt_store(w, &sp->ptep[i], want, sp->level,
		    span_entry_base(sp, i));
		sp->d.live += (want != 0) - (pte != 0);
		sp->d.annot |= want != 0;
	}
	return i;
}

/* A table of one owner's entries folds into one entry of that owner. */
static uint64_t
owner_fold(struct walk *w, const uint64_t *table, unsigned int level)
{
	uint64_t want = annotation(w->to);
	unsigned int i;

	(void)level;
	for (i = 0; i < S2PT_ENTRIES; i++) {
		if (pte_load(&table[i]) != want) {
			return 0;
		}
	}
	return want;
}

int
s2pt_set_owner(struct s2pt *pt, ipa_t ipa, uint64_t size, uint8_t from,
    uint8_t to)
{
	static const struct visitor owner_visitor = {
		.leaf = owner_leaf,
		.fold = owner_fold,
	};
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret != 0) {
		return ret;
	}
	s2pt_walk_init(&w, pt, &owner_visitor, ipa_addr(ipa), size);
	w.from = from;
	w.to = to;
	return s2pt_run(&w);
}
