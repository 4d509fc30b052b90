/* SPDX-License-Identifier: ISC */
/*
 * s2pt_collapse.c - the collapse visitor: uniform tables back into blocks.
 *
 * Tables are tried top-down before the walker descends into them, so a
 * region that can become one 1 GiB block does so with a single
 * break-before-make instead of first becoming 512 blocks of 2 MiB.  The
 * breaks of up to COLLAPSE_BATCH collapses share one invalidation before
 * their makes.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/**
 * struct uniform - what a collapsible subtree looks like, entry by entry.
 * @started: an entry has been seen.
 * @valid:   the entries are leaves (else owner annotations).
 * @want:    the next entry with its type bits cleared: for leaves the
 *           previous output address plus its size, same attributes; for
 *           annotations the annotation itself.
 * @leaves:  leaves seen, per level.
 */
struct uniform {
	bool started;
	bool valid;
	uint64_t want;
	uint64_t leaves[S2PT_LEVELS];
};

static bool
uniform_entry(struct uniform *u, uint64_t pte, unsigned int level)
{
	bool valid = s2pt_desc_is_valid(pte);
	uint64_t key = pte & ~S2PT_DESC_TYPE_MASK;

	if (pte == 0) {
		return false;
	}
	if (!u->started) {
		u->started = true;
		u->valid = valid;
		u->want = key;
	}
	if (valid != u->valid || key != u->want) {
		return false;
	}
	if (valid) {
		u->want += S2PT_LEVEL_SIZE(level);
		u->leaves[level]++;
	}
	return true;
}

static bool
uniform_table(const struct s2pt *pt, const uint64_t *table,
    unsigned int level, struct uniform *u)
{
	unsigned int i;
	uint64_t pte;

	for (i = 0; i < S2PT_ENTRIES; i++) {
		pte = pte_load(&table[i]);
		if (s2pt_desc_is_table(pte, level)) {
			if (!uniform_table(pt, s2pt_table_va(pt,
			    s2pt_desc_addr(pte)), level + 1, u)) {
				return false;
			}
		} else if (!uniform_entry(u, pte, level)) {
			return false;
		}
	}
	return true;
}

/* The entry that says what the uniform subtree @u says, or 0 if none can. */
static uint64_t
collapsed_entry(const struct uniform *u, uint64_t size)
{
	uint64_t first;

	if (!u->valid) {
		return u->want;
	}
	first = u->want - size;
	if ((s2pt_desc_addr(first) & (size - 1)) != 0) {
		return 0;
	}
	return first | S2PT_DESC_VALID;
}

/* Collapses broken but not yet made, waiting for one invalidation. */
#define COLLAPSE_BATCH	64

/**
 * struct collapse_batch - collapses between their break and their make.
 * @count: jobs pending.
 * @job:   per collapse: the entry, what it becomes, the table it dropped
 *         (of level @level + 1) and the IPA it covers.
 */
struct collapse_batch {
	unsigned int count;
	struct {
		uint64_t *ptep;
		uint64_t entry;
		uint64_t *table;
		unsigned int level;
		uint64_t base;
	} job[COLLAPSE_BATCH];
};

/* Invalidate once for every pending break, then make, then free. */
static void
collapse_make(struct walk *w, struct collapse_batch *cb)
{
	unsigned int i;

	s2pt_flush_deferred(w);
	for (i = 0; i < cb->count; i++) {
		s2pt_store(w, cb->job[i].ptep, cb->job[i].entry,
		    cb->job[i].level, cb->job[i].base);
		s2pt_free_subtree(w->pt, cb->job[i].table,
		    cb->job[i].level + 1);
	}
	cb->count = 0;
}

static int
collapse_pre_table(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t base, struct table_delta *parent)
{
	struct collapse_batch *cb = w->arg;
	struct s2pt *pt = w->pt;
	struct uniform u = { .started = false };
	uint64_t *table, entry;
	unsigned int i;

	(void)parent;		/* a non-zero entry stays non-zero */
	if (level == 0) {
		return 0;	/* no blocks at level 0 */
	}
	table = s2pt_table_va(pt, s2pt_desc_addr(pte_load(ptep)));
	if (!uniform_table(pt, table, level + 1, &u)) {
		return 0;
	}
	entry = collapsed_entry(&u, S2PT_LEVEL_SIZE(level));
	if (entry == 0) {
		return 0;
	}
	if (cb->count == COLLAPSE_BATCH) {
		collapse_make(w, cb);
	}
	/* A change of block size: break now, make after the invalidation. */
	s2pt_bbm_break_batched(w, ptep, level, base);
	cb->job[cb->count].ptep = ptep;
	cb->job[cb->count].entry = entry;
	cb->job[cb->count].table = table;
	cb->job[cb->count].level = level;
	cb->job[cb->count].base = base;
	cb->count++;
	for (i = 0; i < S2PT_LEVELS; i++) {
		pt->stats.leaves[i] -= u.leaves[i];
	}
	pt->stats.leaves[level] += u.valid;
	return WALK_SKIP;
}

static long
collapse_leaf(struct walk *w, struct span *sp)
{
	(void)w;
	return sp->n;
}

int
s2pt_collapse(struct s2pt *pt, ipa_t ipa, uint64_t size)
{
	static const struct visitor collapse_visitor = {
		.pre_table = collapse_pre_table,
		.leaf = collapse_leaf,
	};
	struct collapse_batch cb = { .count = 0 };
	struct walk w;
	int ret;

	ret = s2pt_check_range(pt, ipa_addr(ipa), size);
	if (ret != 0) {
		return ret;
	}
	/* Nothing to plan: collapsing only frees. */
	s2pt_walk_init(&w, pt, &collapse_visitor, ipa_addr(ipa), size);
	w.arg = &cb;
	ret = s2pt_walk(&w, w.start, w.end);
	CHECK(ret == 0);
	collapse_make(&w, &cb);
	return 0;
}
