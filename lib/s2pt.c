/* SPDX-License-Identifier: ISC */
/*
 * s2pt.c - stage-2 translation tables: the generic walker and its machinery.
 *
 * One walker (walk_table()) visits the entries of a range level by level and
 * calls a visitor: pre_table before descending into a table, leaf for runs
 * of entries that are not tables.  A leaf visitor consumes as many entries
 * as it can and stops at one it wants to look inside; it turns that entry
 * into an equivalent table first (s2pt_expand()), and the walker descends.
 *
 * Every mutating operation runs the walker twice (s2pt_run()): a dry pass
 * that validates the request and counts the table pages the real pass will
 * need, then, with those pages reserved, the real pass, which cannot fail.
 * So an operation either happens whole or leaves everything as it was.
 *
 * The walker keeps each table's count of non-zero entries in the IGNORED
 * bits of the table descriptor pointing to it, and unlinks a table the
 * moment its count drops to zero.  Unlinked tables are freed only after the
 * batched TLB invalidation that covers them (tlb_batch_flush()).
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>
#include <hv/vmid.h>

#include "s2pt_impl.h"

_Static_assert(S2PT_OWNER_MAX <= (S2PT_DESC_OWNER_MASK >> S2PT_DESC_OWNER_SHIFT),
    "owner ids fit an invalid descriptor");
_Static_assert(S2PT_ENTRIES <= (S2PT_DESC_COUNT_MASK >> S2PT_DESC_COUNT_SHIFT),
    "a table's entry count fits its descriptor");

/* --- descriptors --------------------------------------------------------- */

uint64_t
s2pt_attr_bits(struct s2pt_attr attr)
{
	static const uint64_t memattr[] = {
		[S2PT_NORMAL_WB] = S2PT_MEMATTR_NORMAL_WB,
		[S2PT_NORMAL_NC] = S2PT_MEMATTR_NORMAL_NC,
		[S2PT_DEVICE_nGnRE] = S2PT_MEMATTR_DEVICE_nGnRE,
	};
	uint64_t d = S2PT_DESC_AF | S2PT_DESC_SH_INNER;

	d |= memattr[attr.memtype] << S2PT_DESC_MEMATTR_SHIFT;
	if (attr.perm & S2PT_R) {
		d |= S2PT_DESC_S2AP_R;
	}
	if (attr.perm & S2PT_W) {
		d |= S2PT_DESC_S2AP_W;
	}
	if (!(attr.perm & S2PT_X)) {
		d |= S2PT_DESC_XN;
	}
	return d;
}

int
s2pt_attr_check(struct s2pt_attr attr)
{
	if (attr.perm == 0 || (attr.perm & ~S2PT_RWX) != 0 ||
	    attr.memtype > S2PT_DEVICE_nGnRE) {
		return -EINVAL;
	}
	/* Instruction fetches from Device memory are never wanted. */
	if (attr.memtype == S2PT_DEVICE_nGnRE && (attr.perm & S2PT_X)) {
		return -EINVAL;
	}
	return 0;
}

/* --- stores, TLB maintenance, break-before-make -------------------------- */

static vmid_t
current_vmid(const struct s2pt *pt)
{
	return pt->vmid != NULL ? vmid_current(pt->vmid) : vmid_init(0);
}

/* Number of TLBI-by-IPA instructions needed for a range at a level hint. */
static uint64_t
tlbi_ops(uint64_t size, unsigned int level)
{
	return size / (level != 0 ? S2PT_LEVEL_SIZE(level) : S2PT_PAGE_SIZE);
}

static void
tlb_flush_now(struct s2pt *pt, uint64_t ipa, uint64_t size, unsigned int level)
{
	uint64_t ops = tlbi_ops(size, level);

	if (ops > pt->tlbi_threshold) {
		pt->ops->tlb_flush_vmid(pt->ctx, current_vmid(pt));
		pt->stats.tlbi_vmid++;
	} else {
		pt->ops->tlb_flush_ipa(pt->ctx, current_vmid(pt), ipa_init(ipa),
		    size, level);
		pt->stats.tlbi_ipa += ops;
	}
}

void
s2pt_tlb_batch_add(struct walk *w, uint64_t ipa, uint64_t size,
    unsigned int level)
{
	struct tlb_batch *b = &w->batch;
	struct tlb_range *last = b->count ? &b->range[b->count - 1] : NULL;

	if (b->whole_vmid) {
		return;
	}
	b->ops += tlbi_ops(size, level);
	if (b->ops > w->pt->tlbi_threshold) {
		b->whole_vmid = true;
		return;
	}
	if (last != NULL && last->level == level &&
	    last->ipa + last->size == ipa) {
		last->size += size;
		return;
	}
	/* The array is as long as the threshold, so it can't overflow. */
	b->range[b->count++] = (struct tlb_range){ ipa, size, level };
}

static void
tlb_batch_flush(struct walk *w)
{
	struct tlb_batch *b = &w->batch;
	struct s2pt *pt = w->pt;
	unsigned int i;

	if (b->whole_vmid) {
		pt->ops->tlb_flush_vmid(pt->ctx, current_vmid(pt));
		pt->stats.tlbi_vmid++;
	} else {
		for (i = 0; i < b->count; i++) {
			pt->ops->tlb_flush_ipa(pt->ctx, current_vmid(pt),
			    ipa_init(b->range[i].ipa), b->range[i].size,
			    b->range[i].level);
		}
		pt->stats.tlbi_ipa += b->ops;
	}
	b->count = 0;
	b->ops = 0;
	b->whole_vmid = false;
}

void
s2pt_bbm_break(struct walk *w, uint64_t *ptep, unsigned int n,
    unsigned int level, uint64_t ipa, unsigned int hint, const uint64_t *mask)
{
	uint64_t size = S2PT_LEVEL_SIZE(level);
	unsigned int i;
	uint64_t pte;

	for (i = 0; i < n; i++) {
		pte = pte_load(&ptep[i]);
		if (s2pt_desc_is_valid(pte) &&
		    (mask == NULL || (mask[i / 64] >> (i % 64) & 1))) {
			/* Keep the other bits: the caller makes from them. */
			s2pt_store(w, &ptep[i], pte & ~S2PT_DESC_VALID, level,
			    ipa + i * size);
		}
	}
	tlb_flush_now(w->pt, ipa, n * size, hint);
	w->pt->stats.bbm++;
}

/* --- table pages --------------------------------------------------------- */

static uint64_t
table_pa(const struct s2pt *pt, const void *va)
{
	return (uint64_t)(uintptr_t)va - pt->va_minus_pa;
}

static int
reserve(struct walk *w, uint64_t count)
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

static void
unreserve(struct walk *w)
{
	void **page;

	while ((page = w->reserve) != NULL) {
		w->reserve = *page;
		*page = NULL;
		w->pt->ops->table_free(w->pt->ctx, page, 0);
	}
}

static uint64_t *
reserve_take(struct walk *w)
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
static void
free_subtree(struct s2pt *pt, uint64_t *table, unsigned int level)
{
	unsigned int i;
	uint64_t pte;

	if (level < 3) {
		for (i = 0; i < S2PT_ENTRIES; i++) {
			pte = pte_load(&table[i]);
			if (s2pt_desc_is_table(pte, level)) {
				free_subtree(pt, s2pt_table_va(pt,
				    s2pt_desc_addr(pte)), level + 1);
			}
		}
	}
	pt->ops->table_free(pt->ctx, table, 0);
	pt->stats.table_pages--;
}

void
s2pt_defer_free(struct walk *w, uint64_t *table, unsigned int level)
{
	if (w->deferred_count == WALK_DEFERRED_MAX) {
		s2pt_flush_deferred(w);
	}
	w->deferred[w->deferred_count].table = table;
	w->deferred[w->deferred_count].level = level;
	w->deferred_count++;
}

void
s2pt_flush_deferred(struct walk *w)
{
	unsigned int i;

	if (w->batch.count != 0 || w->batch.whole_vmid) {
		tlb_batch_flush(w);
	}
	for (i = 0; i < w->deferred_count; i++) {
		free_subtree(w->pt, w->deferred[i].table, w->deferred[i].level);
	}
	w->deferred_count = 0;
}

/* --- expanding an entry into an equivalent table ------------------------- */

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
	table = reserve_take(w);
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
	desc = table_pa(pt, table) | S2PT_DESC_TYPE_MASK |
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

/* --- the walker ---------------------------------------------------------- */

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
	if (count == 0) {
		/* Emptied, or created by an optimistic pass that failed. */
		CHECK(!w->dry);
		s2pt_store(w, ptep, 0, level, base);
		parent->live--;
		/* The leaves went into the batch; one TLBI drops the walk. */
		s2pt_tlb_batch_add(w, base, S2PT_PAGE_SIZE, 0);
		s2pt_defer_free(w, s2pt_table_va(w->pt, s2pt_desc_addr(pte)),
		    level + 1);
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
	unsigned int entries = root_entries(pt);
	struct table_delta d = { 0, false };
	struct span sp;
	long k;

	path.depth = 0;
	for (;;) {
		size = S2PT_LEVEL_SIZE(level);
		base = lo & ~(size - 1);
		sp.ptep = walk_entry(table, lo, level, entries);
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

/* --- running an operation ------------------------------------------------ */

int
s2pt_check_range(const struct s2pt *pt, uint64_t ipa, uint64_t size)
{
	if (((ipa | size) & (S2PT_PAGE_SIZE - 1)) != 0 || size == 0) {
		return -EINVAL;
	}
	if (ipa + size < ipa || ipa + size > pt->ipa_limit) {
		return -ERANGE;
	}
	return 0;
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
	w->deferred_count = 0;
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
	s2pt_flush_deferred(w);
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
		ret = reserve(w, w->need);
	}
	if (ret != 0) {
		unreserve(w);
		return ret;
	}
	w->dry = false;
	ret = s2pt_walk(w, w->start, w->end);
	CHECK(ret == 0);
	s2pt_flush_deferred(w);
	CHECK(w->reserve == NULL);
	return 0;
}

/* --- geometry, life cycle ------------------------------------------------ */

int
s2pt_geometry(unsigned int ipa_bits, struct s2pt_geometry *geo)
{
	unsigned int level, shift;

	if (ipa_bits < S2PT_IPA_BITS_MIN || ipa_bits > S2PT_IPA_BITS_MAX) {
		return -EINVAL;
	}
	/* The deepest start level whose root needs at most 16 pages. */
	for (level = 2;; level--) {
		shift = S2PT_PAGE_SHIFT + 9 * (3 - level);
		if (ipa_bits <= shift + 9 + 4) {
			break;
		}
	}
	geo->ipa_bits = ipa_bits;
	geo->start_level = level;
	geo->root_pages = ipa_bits > shift + 9 ? 1u << (ipa_bits - shift - 9) : 1;
	return 0;
}

static int
ps_encoding(unsigned int pa_bits)
{
	static const unsigned int sizes[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] == pa_bits) {
			return (int)i;
		}
	}
	return -EINVAL;
}

int
s2pt_vtcr(unsigned int ipa_bits, unsigned int pa_bits, unsigned int vmid_bits,
    uint64_t *vtcr)
{
	struct s2pt_geometry geo;
	int ps = ps_encoding(pa_bits);
	int ret = s2pt_geometry(ipa_bits, &geo);

	if (ret != 0 || ps < 0 || ipa_bits > pa_bits ||
	    (vmid_bits != 8 && vmid_bits != 16)) {
		return -EINVAL;
	}
	*vtcr = (uint64_t)(64 - ipa_bits) |		/* T0SZ */
	    (uint64_t)(2 - geo.start_level) << 6 |	/* SL0 (4 KiB granule) */
	    (uint64_t)1 << 8 |				/* IRGN0: WB RA WA */
	    (uint64_t)1 << 10 |				/* ORGN0: WB RA WA */
	    (uint64_t)3 << 12 |				/* SH0: inner shareable */
	    (uint64_t)0 << 14 |				/* TG0: 4 KiB */
	    (uint64_t)ps << 16 |			/* PS */
	    (uint64_t)(vmid_bits == 16) << 19 |		/* VS */
	    (uint64_t)1 << 31;				/* RES1 */
	return 0;
}

int
s2pt_init(struct s2pt *pt, const struct s2pt_config *cfg)
{
	struct s2pt_geometry geo;
	unsigned int pa_bits = cfg->pa_bits ? cfg->pa_bits : 48;
	unsigned int order;

	if (cfg->ops == NULL || s2pt_geometry(cfg->ipa_bits, &geo) != 0 ||
	    pa_bits < 32 || pa_bits > 48 ||
	    cfg->tlbi_threshold > S2PT_TLBI_THRESHOLD_MAX) {
		return -EINVAL;
	}
	for (order = 0; (1u << order) < geo.root_pages; order++) {
		continue;
	}
	*pt = (struct s2pt){
		.ops = cfg->ops,
		.ctx = cfg->ctx,
		.va_minus_pa = cfg->va_minus_pa,
		.vmid = cfg->vmid,
		.ipa_limit = (uint64_t)1 << cfg->ipa_bits,
		.pa_limit = (uint64_t)1 << pa_bits,
		.ipa_bits = (uint8_t)cfg->ipa_bits,
		.start_level = (uint8_t)geo.start_level,
		.root_order = (uint8_t)order,
		.tlbi_threshold = (uint16_t)(cfg->tlbi_threshold ?
		    cfg->tlbi_threshold : S2PT_TLBI_THRESHOLD_DEFAULT),
	};
	pt->root = cfg->ops->table_alloc(cfg->ctx, order);
	if (pt->root == NULL) {
		return -ENOMEM;
	}
	pt->root_pa = pa_init(table_pa(pt, pt->root));
	pt->stats.table_pages = geo.root_pages;
	return 0;
}

void
s2pt_fini(struct s2pt *pt)
{
	unsigned int i, entries = (1u << pt->root_order) * S2PT_ENTRIES;
	bool used = false;
	uint64_t pte;

	if (pt->root == NULL) {
		return;
	}
	for (i = 0; i < entries && !used; i++) {
		used = pte_load(&pt->root[i]) != 0;
	}
	if (used) {
		pt->ops->tlb_flush_vmid(pt->ctx, current_vmid(pt));
		pt->stats.tlbi_vmid++;
	}
	for (i = 0; i < entries; i++) {
		pte = pte_load(&pt->root[i]);
		if (s2pt_desc_is_table(pte, pt->start_level)) {
			free_subtree(pt, s2pt_table_va(pt, s2pt_desc_addr(pte)),
			    pt->start_level + 1u);
		}
	}
	pt->ops->table_free(pt->ctx, pt->root, pt->root_order);
	pt->root = NULL;
	pt->stats.table_pages = 0;
	for (i = 0; i < S2PT_LEVELS; i++) {
		pt->stats.leaves[i] = 0;
	}
}

pa_t
s2pt_root(const struct s2pt *pt)
{
	return pt->root_pa;
}

uint64_t
s2pt_vttbr(const struct s2pt *pt, vmid_t vmid)
{
	return pa_addr(pt->root_pa) | (uint64_t)vmid_value(vmid) << 48;
}

void
s2pt_stats(const struct s2pt *pt, struct s2pt_stats *st)
{
	*st = pt->stats;
}
