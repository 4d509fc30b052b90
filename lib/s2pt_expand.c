/* SPDX-License-Identifier: ISC */
/*
 * s2pt_expand.c - table pages: reserving them, turning a uniform entry into
 * an equivalent table, counting how many tables a range needs, and freeing
 * detached tables once their invalidation is done.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

int
s2pt_reserve(struct walk *w, uint64_t count)
{
	struct s2pt *pt = w->pt;
	void **page;

	while (count-- > 0) {
		page = pt->ops->table_alloc(pt->ctx, 0);
		if (page == NULL) {
			return -ENOMEM;
		}
		*page = w->reserve;
		w->reserve = page;
	}
	return 0;
}

void
s2pt_unreserve(struct walk *w)
{
	void **page;

	while ((page = w->reserve) != NULL) {
		w->reserve = *page;
		*page = NULL;
		w->pt->ops->table_free(w->pt->ctx, page, 0);
	}
}

uint64_t *
s2pt_reserve_take(struct walk *w)
{
	void **page = w->reserve;

	if (page == NULL) {
		/* Only a single-page operation allocates as it goes. */
		CHECK(w->optimistic);
		page = w->pt->ops->table_alloc(w->pt->ctx, 0);
		if (page == NULL) {
			return NULL;
		}
	} else {
		w->reserve = *page;
		*page = NULL;
	}
	w->pt->stats.table_pages++;
	return (uint64_t *)page;
}

/* Free a detached subtree whose TLB entries are already invalidated. */
void
s2pt_free_subtree(struct s2pt *pt, uint64_t *table, unsigned int level)
{
	unsigned int i;
	uint64_t pte;

	if (level < 3) {
		for (i = 0; i < S2PT_ENTRIES; i++) {
			pte = pte_load(&table[i]);
			if (s2pt_desc_is_table(pte, level)) {
				s2pt_free_subtree(pt, s2pt_table_va(pt,
				    s2pt_desc_addr(pte)), level + 1);
			}
		}
	}
	pt->ops->table_free(pt->ctx, table, 0);
	pt->stats.table_pages--;
}

/*
 * Detached tables wait for the operation's invalidation in a list threaded
 * through their own first entries, so an operation can free any number of
 * them after a single invalidation.  Until then a walker that still caches
 * the way to a detached table may read it: the link is an invalid
 * descriptor (bit 0 clear), so such a walk faults, which is what the
 * operation that detached the table means for every IPA under it.  A table
 * that entry 0 of a detached table pointed to joins the list itself.
 */
#define GRAVE_NEXT		((uint64_t)1 << 1)	/* a next table follows */
#define GRAVE_LEVEL_SHIFT	2

void
s2pt_defer_free(struct walk *w, uint64_t *table, unsigned int level,
    uint64_t ipa)
{
	uint64_t first, link;

	for (;;) {
		first = pte_load(&table[0]);
		link = (uint64_t)level << GRAVE_LEVEL_SHIFT;
		if (w->graveyard != NULL) {
			link |= s2pt_table_pa(w->pt, w->graveyard) | GRAVE_NEXT;
		}
		s2pt_store(w, &table[0], link, level, ipa);
		w->graveyard = table;
		if (!s2pt_desc_is_table(first, level)) {
			return;
		}
		table = s2pt_table_va(w->pt, s2pt_desc_addr(first));
		level++;
	}
}

void
s2pt_flush_deferred(struct walk *w)
{
	uint64_t *table, link, pte;
	unsigned int i, level;

	if (w->batch.count != 0 || w->batch.whole_vmid) {
		s2pt_tlb_batch_flush(w);
	}
	while ((table = w->graveyard) != NULL) {
		link = pte_load(&table[0]);
		level = (unsigned int)(link >> GRAVE_LEVEL_SHIFT) & 3;
		w->graveyard = (link & GRAVE_NEXT) ?
		    s2pt_table_va(w->pt, s2pt_desc_addr(link)) : NULL;
		for (i = 1; i < S2PT_ENTRIES && level < 3; i++) {
			pte = pte_load(&table[i]);
			if (s2pt_desc_is_table(pte, level)) {
				s2pt_free_subtree(w->pt, s2pt_table_va(w->pt,
				    s2pt_desc_addr(pte)), level + 1);
			}
		}
		w->pt->ops->table_free(w->pt->ctx, table, 0);
		w->pt->stats.table_pages--;
	}
}

/*
 * Tables needed to represent [a, b) inside one entry of @level that is now
 * uniform (invalid, annotated or a block), when entries of level >= @mbl
 * fully inside the range may be leaves.
 */
static uint64_t tables_for(unsigned int level, uint64_t a, uint64_t b,
    unsigned int mbl);

static uint64_t
tables_full(unsigned int level, unsigned int mbl)
{
	if (level >= mbl) {
		return 0;
	}
	if (level + 1 >= mbl || level + 1 == 3) {
		return 1;
	}
	return 1 + S2PT_ENTRIES * tables_full(level + 1, mbl);
}

static uint64_t
tables_child(unsigned int level, uint64_t a, uint64_t b, unsigned int mbl)
{
	uint64_t size = S2PT_LEVEL_SIZE(level);

	if ((a & (size - 1)) == 0 && b - a == size) {
		return tables_full(level, mbl);
	}
	return tables_for(level, a, b, mbl);
}

static uint64_t
tables_for(unsigned int level, uint64_t a, uint64_t b, unsigned int mbl)
{
	unsigned int c = level + 1;
	uint64_t cs = S2PT_LEVEL_SIZE(c);
	uint64_t first = a & ~(cs - 1);
	uint64_t last = (b - 1) & ~(cs - 1);
	uint64_t n = 1;

	if (c == 3) {
		return 1;
	}
	if (first == last) {
		return n + tables_child(c, a, b, mbl);
	}
	n += tables_child(c, a, first + cs, mbl);
	n += tables_child(c, last, b, mbl);
	if (c < mbl) {
		n += ((last - first) / cs - 1) * tables_full(c, mbl);
	}
	return n;
}

void
s2pt_plan_expand(struct walk *w, const struct span *sp, unsigned int i,
    unsigned int mbl)
{
	uint64_t base = span_entry_base(sp, i);
	uint64_t a = base > w->start ? base : w->start;
	uint64_t b = base + S2PT_LEVEL_SIZE(sp->level);

	if (b > w->end) {
		b = w->end;
	}
	w->need += tables_for(sp->level, a, b, mbl < 1 ? 1 : mbl);
}

/*
 * Replace the uniform entry @i of @sp (invalid, annotated or a block) with a
 * table of 512 entries that translate exactly the same, so the walker can
 * descend into it.  A block is split with break-before-make.  Fails only in
 * the optimistic pass: -EAGAIN for anything but an empty entry (a split is
 * planned instead), -ENOMEM when no page can be had.
 */
int
s2pt_expand(struct walk *w, struct span *sp, unsigned int i)
{
	struct s2pt *pt = w->pt;
	uint64_t *ptep = &sp->ptep[i];
	uint64_t base = span_entry_base(sp, i);
	uint64_t old = pte_load(ptep);
	unsigned int level = sp->level, c = level + 1;
	uint64_t step = 0, fill = old, desc, *table;
	unsigned int j, count = old != 0 ? S2PT_ENTRIES : 0;

	if (w->optimistic && old != 0) {
		return -EAGAIN;
	}
	table = s2pt_reserve_take(w);
	if (table == NULL) {
		return -ENOMEM;
	}
	if (s2pt_desc_is_valid(old)) {
		step = S2PT_LEVEL_SIZE(c);
		fill = (old & ~S2PT_DESC_TYPE_MASK) | S2PT_DESC_VALID |
		    (c == 3 ? S2PT_DESC_TABLE : 0);
		pt->stats.leaves[level]--;
		pt->stats.leaves[c] += S2PT_ENTRIES;
	}
	if (old != 0) {
		/* Not yet reachable: plain stores, no trace needed. */
		for (j = 0; j < S2PT_ENTRIES; j++) {
			table[j] = fill + j * step;
		}
		pt->stats.desc_writes += S2PT_ENTRIES;
	} else {
		sp->d.live++;
	}
	desc = s2pt_table_pa(pt, table) | S2PT_DESC_TYPE_MASK |
	    ((uint64_t)count << S2PT_DESC_COUNT_SHIFT);
	if (old != 0 && !s2pt_desc_is_valid(old)) {
		desc |= S2PT_DESC_ANNOT;
	}
	if (pt->ops->store_barrier != NULL) {
		pt->ops->store_barrier(pt->ctx);
	}
	if (s2pt_desc_is_valid(old)) {
		s2pt_bbm_break(w, ptep, 1, level, base, level, NULL);
	}
	s2pt_store(w, ptep, desc, level, base);
	return 0;
}

