/* SPDX-License-Identifier: ISC */
/*
 * s2pt_walk.c - the generic stage-2 walker and the two-pass runner.
 *
 * One walker visits the entries of a range level by level and calls a
 * visitor: pre_table before descending into a table the range covers
 * whole, leaf for runs of entries that are not tables.  A leaf visitor
 * consumes as many entries as it can and stops at one it wants to look
 * inside; it turns that entry into an equivalent table first
 * (s2pt_expand()), and the walker descends.
 *
 * A mutating operation runs the walker twice (s2pt_run()): a dry pass that
 * validates the request and counts the table pages the real pass will need,
 * then, with those pages reserved, the real pass, which cannot fail.  So an
 * operation either happens whole or leaves everything as it was.  A
 * single-page operation first tries one optimistic pass (run_optimistic()).
 *
 * The walker keeps each table's count of non-zero entries in the IGNORED
 * bits of the table descriptor pointing to it, and unlinks a table the
 * moment its count drops to zero; it is freed only after the batched TLB
 * invalidation that covers it.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/*
 * After a walk below the table entry *@ptep: write the table's new count
 * (and annotation flag), or unlink it when it became empty.
 */
static void
finish_table(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t base, const struct table_delta *d, struct table_delta *parent)
{
	uint64_t pte = pte_load(ptep), want;
	unsigned int count = s2pt_desc_count(pte) + d->live;

	parent->annot |= d->annot;
	CHECK(count <= S2PT_ENTRIES);
	if (count == S2PT_ENTRIES && w->v->fold != NULL && !w->dry) {
		want = w->v->fold(w, s2pt_table_va(w->pt,
		    s2pt_desc_addr(pte)), level + 1);
		if (want != 0) {
			/* One entry now says what the whole table did. */
			s2pt_store(w, ptep, want, level, base);
			s2pt_tlb_batch_add(w, base, S2PT_PAGE_SIZE, 0);
			s2pt_defer_free(w, s2pt_table_va(w->pt,
			    s2pt_desc_addr(pte)), level + 1, base);
			return;
		}
	}
	if (count == 0) {
		/* Emptied, or created by an optimistic pass that failed. */
		CHECK(!w->dry);
		s2pt_store(w, ptep, 0, level, base);
		parent->live--;
		/* The leaves went into the batch; one TLBI drops the walk. */
		s2pt_tlb_batch_add(w, base, S2PT_PAGE_SIZE, 0);
		s2pt_defer_free(w, s2pt_table_va(w->pt, s2pt_desc_addr(pte)),
		    level + 1, base);
		return;
	}
	want = (pte & ~S2PT_DESC_COUNT_MASK) |
	    (uint64_t)count << S2PT_DESC_COUNT_SHIFT |
	    (d->annot ? S2PT_DESC_ANNOT : 0);
	if (want != pte) {
		CHECK(!w->dry);
		s2pt_store(w, ptep, want, level, base);
	}
}

static int walk_table(struct walk *w, uint64_t *table, unsigned int level,
    unsigned int entries, uint64_t lo, uint64_t hi, struct table_delta *out);

/* Visit [@lo, @hi) below the table entry *@ptep of @level. */
static int
descend(struct walk *w, uint64_t *ptep, unsigned int level, uint64_t lo,
    uint64_t hi, struct table_delta *parent)
{
	struct table_delta d = { 0, false };
	uint64_t size = S2PT_LEVEL_SIZE(level);
	uint64_t base = lo & ~(size - 1);
	int ret;

	if (w->v->pre_table != NULL && lo == base && hi == base + size) {
		ret = w->v->pre_table(w, ptep, level, base, parent);
		if (ret != 0) {
			return ret == WALK_SKIP ? 0 : ret;
		}
	}
	ret = walk_table(w, s2pt_table_va(w->pt, s2pt_desc_addr(pte_load(ptep))),
	    level + 1, S2PT_ENTRIES, lo, hi, &d);
	finish_table(w, ptep, level, base, &d, parent);
	return ret;
}

/* How many of the @n entries from @idx on are not tables (at least one). */
static unsigned int
leaf_run(const uint64_t *table, unsigned int idx, unsigned int n,
    unsigned int level)
{
	unsigned int j;

	if (level == 3) {
		return n;
	}
	for (j = 1; j < n; j++) {
		if (s2pt_desc_is_table(pte_load(&table[idx + j]), level)) {
			break;
		}
	}
	return j;
}

static int
walk_table(struct walk *w, uint64_t *table, unsigned int level,
    unsigned int entries, uint64_t lo, uint64_t hi, struct table_delta *out)
{
	unsigned int shift = S2PT_PAGE_SHIFT + 9 * (3 - level);
	uint64_t size = (uint64_t)1 << shift;
	unsigned int idx = (unsigned int)(lo >> shift) & (entries - 1);
	unsigned int known_end = 0;
	uint64_t base, next, span;
	struct span sp;
	long k;
	int ret;

	while (lo < hi) {
		base = lo & ~(size - 1);
		if (s2pt_desc_is_table(pte_load(&table[idx]), level)) {
			next = base + size < hi ? base + size : hi;
			ret = descend(w, &table[idx], level, lo, next, out);
			if (ret < 0) {
				return ret;
			}
			lo = next;
			idx++;
			continue;
		}
		sp.ptep = &table[idx];
		sp.level = level;
		sp.base = base;
		span = (hi - base + size - 1) >> shift;
		sp.n = span < entries - idx ? (unsigned int)span : entries - idx;
		/* Entries past a table just descended into were seen already. */
		if (idx >= known_end) {
			sp.n = leaf_run(table, idx, sp.n, level);
			known_end = idx + sp.n;
		} else if (sp.n > known_end - idx) {
			sp.n = known_end - idx;
		}
		sp.d = (struct table_delta){ 0, false };
		k = w->v->leaf(w, &sp);
		out->live += sp.d.live;
		out->annot |= sp.d.annot;
		if (k < 0) {
			return (int)k;
		}
		CHECK(k > 0 || s2pt_desc_is_table(pte_load(&table[idx]), level));
		idx += (unsigned int)k;
		if (k > 0) {
			lo = base + ((uint64_t)k << shift);
			if (lo > hi) {
				lo = hi;
			}
		}
	}
	return 0;
}

/**
 * struct walk_path - the table entries a walk went down through.
 * @ptep:  entry per level passed, from the root on.
 * @d:     changes to the table holding @ptep[i] made before going down.
 * @depth: entries in @ptep.
 */
struct walk_path {
	uint64_t *ptep[S2PT_LEVELS];
	struct table_delta d[S2PT_LEVELS];
	unsigned int depth;
};

/* Bring the tables passed on the way down up to date, deepest first. */
static void
walk_up(struct walk *w, struct walk_path *path, unsigned int level,
    uint64_t lo, struct table_delta d, bool failed)
{
	unsigned int i;

	for (i = path->depth; i-- > 0;) {
		level--;
		/* Nothing changed below: only a failed optimistic pass can
		 * have left an empty table behind. */
		if (d.live != 0 || d.annot || (failed && w->optimistic)) {
			finish_table(w, path->ptep[i], level,
			    lo & ~(S2PT_LEVEL_SIZE(level) - 1), &d, &path->d[i]);
		}
		d = path->d[i];
	}
}

/*
 * Walk [@lo, @hi).  Tables whose entry holds the whole range without being
 * covered by it are passed in a loop, and a range inside one non-table
 * entry goes straight to the leaf visitor, so a single-page operation costs
 * one short loop per level.  The counts of the tables passed are brought up
 * to date on the way back.
 */
int
s2pt_walk(struct walk *w, uint64_t lo, uint64_t hi)
{
	struct s2pt *pt = w->pt;
	struct walk_path path;
	uint64_t *table = pt->root, pte, base, size;
	unsigned int level = pt->start_level;
	unsigned int entries = s2pt_root_entries(pt);
	struct table_delta d = { 0, false };
	struct span sp;
	long k;

	path.depth = 0;
	for (;;) {
		size = S2PT_LEVEL_SIZE(level);
		base = lo & ~(size - 1);
		sp.ptep = s2pt_entry(table, lo, level, entries);
		pte = pte_load(sp.ptep);
		if (hi - base > size || (hi - base == size && lo == base &&
		    s2pt_desc_is_table(pte, level))) {
			break;		/* several entries, or a whole table */
		}
		if (s2pt_desc_is_table(pte, level)) {
			path.ptep[path.depth] = sp.ptep;
			path.d[path.depth++] = d;
			d = (struct table_delta){ 0, false };
			table = s2pt_table_va(pt, s2pt_desc_addr(pte));
			level++;
			entries = S2PT_ENTRIES;
			continue;
		}
		sp.n = 1;
		sp.level = level;
		sp.base = base;
		sp.d = (struct table_delta){ 0, false };
		k = w->v->leaf(w, &sp);
		d.live += sp.d.live;
		d.annot |= sp.d.annot;
		if (k != 0) {
			walk_up(w, &path, level, lo, d, k < 0);
			return k < 0 ? (int)k : 0;
		}
		/* The entry became a table: go on down. */
	}
	k = walk_table(w, table, level, entries, lo, hi, &d);
	walk_up(w, &path, level, lo, d, k < 0);
	return (int)k;
}

void
s2pt_walk_init(struct walk *w, struct s2pt *pt, const struct visitor *v,
    uint64_t ipa, uint64_t size)
{
	/* Field by field: the batch arrays need no clearing. */
	w->pt = pt;
	w->v = v;
	w->start = ipa;
	w->end = ipa + size;
	w->dry = false;
	w->optimistic = false;
	w->need = 0;
	w->reserve = NULL;
	w->before_commit = NULL;
	w->batch.count = 0;
	w->batch.ops = 0;
	w->batch.whole_vmid = false;
	w->graveyard = NULL;
	w->pa_off = 0;
	w->attr_bits = 0;
	w->mbl = 1;
	w->from = 0;
	w->to = 0;
	w->arg = NULL;
}

/*
 * A single-page operation first runs optimistically: one pass that
 * allocates as it goes.  It touches one leaf, which is its only visible
 * change and its last step, so an error found on the way leaves only
 * tables it created, empty, which finish_table() frees.  Anything that
 * would change a non-empty entry before the leaf (a split) answers -EAGAIN,
 * and the operation is planned like any other.
 */
static int
run_optimistic(struct walk *w)
{
	int ret;

	w->optimistic = true;
	ret = s2pt_walk(w, w->start, w->end);
	if (walk_pending(w)) {
		s2pt_flush_deferred(w);
	}
	w->optimistic = false;
	return ret;
}

int
s2pt_run(struct walk *w)
{
	int ret;

	if (w->before_commit != NULL) {
		w->before_commit(w);
	}
	if (w->end - w->start == S2PT_PAGE_SIZE) {
		ret = run_optimistic(w);
		if (ret != -EAGAIN) {
			return ret;
		}
	}
	w->dry = true;
	w->need = 0;
	ret = s2pt_walk(w, w->start, w->end);
	if (ret == 0) {
		ret = s2pt_reserve(w, w->need);
	}
	if (ret != 0) {
		s2pt_unreserve(w);
		return ret;
	}
	w->dry = false;
	ret = s2pt_walk(w, w->start, w->end);
	CHECK(ret == 0);
	s2pt_flush_deferred(w);
	CHECK(w->reserve == NULL);
	return 0;
}

