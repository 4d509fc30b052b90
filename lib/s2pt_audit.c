/* SPDX-License-Identifier: ISC */
/*
 * s2pt_audit.c - recount a table and check the invariants the other
 * visitors keep: entry counts, annotation flags, leaf alignment, and the
 * running statistics.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/**
 * struct audit - what the audit walk found.
 * @tables: table pages reached below the root.
 * @leaves: valid leaves per level.
 * @bad:    an invariant does not hold.
 */
struct audit {
	uint64_t tables;
	uint64_t leaves[S2PT_LEVELS];
	bool bad;
};

static int
audit_pre_table(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t base, struct table_delta *parent)
{
	struct audit *a = w->arg;
	uint64_t pte = pte_load(ptep), e;
	const uint64_t *table = s2pt_table_va(w->pt, s2pt_desc_addr(pte));
	unsigned int i, live = 0;
	bool annot = false;

	(void)base;
	(void)parent;
	for (i = 0; i < S2PT_ENTRIES; i++) {
		e = pte_load(&table[i]);
		live += e != 0;
		annot |= (e != 0 && !s2pt_desc_is_valid(e)) ||
		    (s2pt_desc_is_table(e, level + 1) && (e & S2PT_DESC_ANNOT));
	}
	/* Counts exact, no empty table kept, annotations flagged upwards. */
	if (live != s2pt_desc_count(pte) || live == 0 ||
	    (annot && !(pte & S2PT_DESC_ANNOT))) {
		a->bad = true;
	}
	a->tables++;
	return 0;
}

static long
audit_leaf(struct walk *w, struct span *sp)
{
	struct audit *a = w->arg;
	uint64_t size = S2PT_LEVEL_SIZE(sp->level), pte;
	unsigned int i;

	for (i = 0; i < sp->n; i++) {
		pte = pte_load(&sp->ptep[i]);
		if (!s2pt_desc_is_valid(pte)) {
			continue;
		}
		if (sp->level == 0 || (s2pt_desc_addr(pte) & (size - 1)) != 0 ||
		    s2pt_desc_addr(pte) >= w->pt->pa_limit ||
		    !(pte & S2PT_DESC_AF)) {
			a->bad = true;
		}
		a->leaves[sp->level]++;
	}
	return i;
}

int
s2pt_audit(const struct s2pt *pt, struct s2pt_stats *counted)
{
	static const struct visitor audit_visitor = {
		.pre_table = audit_pre_table,
		.leaf = audit_leaf,
	};
	struct audit a = { .tables = 0, .bad = false };
	struct walk w;
	unsigned int i;

	s2pt_walk_init(&w, s2pt_readonly(pt), &audit_visitor, 0,
	    pt->ipa_limit);
	w.arg = &a;
	(void)s2pt_walk(&w, w.start, w.end);
	a.tables += (uint64_t)1 << pt->root_order;
	if (counted != NULL) {
		*counted = pt->stats;
		counted->table_pages = a.tables;
	}
	if (a.tables != pt->stats.table_pages) {
		a.bad = true;
	}
	for (i = 0; i < S2PT_LEVELS; i++) {
		if (counted != NULL) {
			counted->leaves[i] = a.leaves[i];
		}
		if (a.leaves[i] != pt->stats.leaves[i]) {
			a.bad = true;
		}
	}
	return a.bad ? -EIO : 0;
}
