/* SPDX-License-Identifier: ISC */
/*
 * s2pt_impl.h - what the stage-2 walker and its visitors share inside libhv.
 *
 * A visitor is a pair of callbacks on walk_table() in s2pt.c:
 *  - pre_table(w, ptep, level, base, parent): before descending into the
 *    table *ptep (an entry of @level covering @base) whose whole span lies
 *    inside the walk's range.  Return 0 to descend, WALK_SKIP when the
 *    visitor dealt with the whole entry, or -errno.
 *  - leaf(w, span): a run of entries that are not tables.  Handle as many as
 *    possible from the first and return how many; stop at an entry that must
 *    be looked into after turning it into a table with s2pt_expand() (the
 *    walker then descends), or return -errno.
 * Visitors report changes to the number of non-zero entries of the table
 * they touch through span.d / parent, and never write in a dry pass.
 */
#ifndef HV_S2PT_IMPL_H
#define HV_S2PT_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>
#include <hv/vmid.h>

/* Invariant check: a broken invariant is a bug, never bad input. */
#define CHECK(cond) do { if (!(cond)) { __builtin_trap(); } } while (0)

/*
 * IGNORED bit of a table descriptor: the subtree below may hold owner
 * annotations, so its entry counts are not all leaves (sticky until the
 * table is freed).
 */
#define S2PT_DESC_ANNOT		((uint64_t)1 << 55)

#define WALK_SKIP		1	/* pre_table: entry dealt with */
#define WALK_STOP		(-4095)	/* leaf: stop the walk, not an error */

/** struct table_delta - change to a table's non-zero entries during a walk. */
struct table_delta {
	int live;
	bool annot;
};

/** struct span - entries of one table handed to a leaf visitor. */
struct span {
	uint64_t *ptep;		/* first entry */
	unsigned int n;		/* entries up to the range's or table's end */
	unsigned int level;
	uint64_t base;		/* IPA covered by the first entry */
	struct table_delta d;
};

struct walk;

/**
 * struct visitor - what one operation does on the walk.
 * @pre_table: a table entry wholly inside the range, before going down:
 *             WALK_SKIP if the visitor dealt with it whole.
 * @leaf:      a run of entries of one table, to act on: how many it
 *             handled, or -errno.
 * @fold:      a table the walk changed that has every entry non-zero, on
 *             the way back up (real pass only): a descriptor that stands
 *             for the whole table in its parent entry, or 0 to keep it.
 *             NULL: no folding.
 */
struct visitor {
	int (*pre_table)(struct walk *w, uint64_t *ptep, unsigned int level,
	    uint64_t base, struct table_delta *parent);
	long (*leaf)(struct walk *w, struct span *sp);
	uint64_t (*fold)(struct walk *w, const uint64_t *table,
	    unsigned int level);
};

struct tlb_range {
	uint64_t ipa;
	uint64_t size;
	unsigned int level;
};

/** struct tlb_batch - invalidations owed before the operation returns. */
struct tlb_batch {
	struct tlb_range range[S2PT_TLBI_THRESHOLD_MAX];
	unsigned int count;
	uint64_t ops;
	bool whole_vmid;
};

/** struct walk - one operation on one table. */
struct walk {
	struct s2pt *pt;
	const struct visitor *v;
	uint64_t start, end;	/* the operation's IPA range */
	bool dry;		/* planning pass: validate and count only */
	bool optimistic;	/* single-page pass allocating as it goes */
	uint64_t need;		/* table pages the real pass will take */
	void *reserve;		/* reserved pages, linked through word 0 */
	void (*before_commit)(struct walk *w);
	struct tlb_batch batch;
	uint64_t *graveyard;	/* detached tables, freed after the flush */
	/* operation parameters and results */
	uint64_t pa_off;	/* map: PA - IPA */
	uint64_t attr_bits;	/* map, protect: leaf attribute bits */
	unsigned int mbl;	/* map: finest level... coarsest leaf level */
	uint8_t from, to;	/* set_owner */
	void *arg;		/* lookup, dump, audit */
};

static inline uint64_t
pte_load(const uint64_t *ptep)
{
	return __atomic_load_n(ptep, __ATOMIC_RELAXED);
}

/* The walker takes a mutable table; read-only visitors never write to it. */
static inline struct s2pt *
s2pt_readonly(const struct s2pt *pt)
{
	return (struct s2pt *)(uintptr_t)pt;
}

/* The table at physical address @pa, as the library addresses it. */
static inline void *
s2pt_table_va(const struct s2pt *pt, uint64_t pa)
{
	return (void *)(uintptr_t)(pa + pt->va_minus_pa);
}

/* The physical address of a table page the library addresses at @va. */
static inline uint64_t
s2pt_table_pa(const struct s2pt *pt, const void *va)
{
	return (uint64_t)(uintptr_t)va - pt->va_minus_pa;
}

/* The VMID whose TLB entries the table's invalidations name. */
static inline vmid_t
s2pt_current_vmid(const struct s2pt *pt)
{
	return pt->vmid != NULL ? vmid_current(pt->vmid) : vmid_init(0);
}

/* log2 of the bytes an entry of @level covers. */
static inline unsigned int
level_shift(unsigned int level)
{
	return S2PT_PAGE_SHIFT + 9 * (3 - level);
}

/* Index one past the last entry of @sp wholly inside the range. */
static inline unsigned int
span_full_end(const struct walk *w, const struct span *sp)
{
	uint64_t full = w->end > sp->base ?
	    (w->end - sp->base) >> level_shift(sp->level) : 0;

	return full < sp->n ? (unsigned int)full : sp->n;
}

static inline uint64_t
span_entry_base(const struct span *sp, unsigned int i)
{
	return sp->base + (uint64_t)i * S2PT_LEVEL_SIZE(sp->level);
}

/* Whether entry @i of @sp lies wholly inside the operation's range. */
static inline bool
span_entry_full(const struct walk *w, const struct span *sp, unsigned int i)
{
	uint64_t base = span_entry_base(sp, i);

	return base >= w->start && base + S2PT_LEVEL_SIZE(sp->level) <= w->end;
}

/*
 * The one way a reachable descriptor is written: a single-copy-atomic store,
 * shown to the trace observer, counted.
 */
static inline void
s2pt_store(struct walk *w, uint64_t *ptep, uint64_t new, unsigned int level,
    uint64_t ipa)
{
	struct s2pt *pt = w->pt;

	if (pt->ops->trace_store != NULL) {
		pt->ops->trace_store(pt->ctx, ptep, pte_load(ptep), new, level,
		    ipa_init(ipa));
	}
	__atomic_store_n(ptep, new, __ATOMIC_RELAXED);
	pt->stats.desc_writes++;
}

/* --- s2pt.c -------------------------------------------------------------- */

/**
 * s2pt_attr_bits() - the leaf descriptor bits for @attr.
 * @attr: checked attributes.
 *
 * Return: MemAttr, S2AP, XN, plus AF and inner shareability.
 */
uint64_t s2pt_attr_bits(struct s2pt_attr attr);

/**
 * s2pt_attr_check() - whether @attr is a mapping hv makes.
 * @attr: permissions and memory type.
 *
 * Return: 0, or -EINVAL for no permission, unknown bits or Device + X.
 */
int s2pt_attr_check(struct s2pt_attr attr);

/**
 * s2pt_check_range() - the checks every ranged operation starts with.
 * @pt:   the table.
 * @ipa:  first IPA.
 * @size: bytes.
 *
 * Return: 0; -EINVAL if misaligned or empty; -ERANGE if it wraps or leaves
 * the IPA space.
 */
int s2pt_check_range(const struct s2pt *pt, uint64_t ipa, uint64_t size);

/* --- s2pt_tlb.c ---------------------------------------------------------- */

/**
 * s2pt_tlb_batch_add() - owe an invalidation before the operation returns.
 * @w:     the walk.
 * @ipa:   first IPA removed.
 * @size:  bytes.
 * @level: leaf level of every entry removed (TTL hint), 0 for tables.
 *
 * Adjacent ranges of one level merge; past the threshold the batch becomes
 * one whole-VMID invalidation.
 */
void s2pt_tlb_batch_add(struct walk *w, uint64_t ipa, uint64_t size,
    unsigned int level);

/**
 * s2pt_tlb_batch_flush() - issue what the batch owes, and empty it.
 * @w: the walk.
 */
void s2pt_tlb_batch_flush(struct walk *w);

/**
 * s2pt_bbm_break() - break-before-make, the break (Arm ARM D8.16.1).
 * @w:     the walk.
 * @ptep:  first entry.
 * @n:     entries from @ptep.
 * @level: their level.
 * @ipa:   IPA of the first.
 * @hint:  TTL level hint for the invalidation, 0 for none.
 * @mask:  if not NULL, only the entries whose bit is set.
 *
 * The valid entries lose their valid bit, their other bits kept for the
 * make, and their range is invalidated before this returns; the caller then
 * stores the new entries.
 */
void s2pt_bbm_break(struct walk *w, uint64_t *ptep, unsigned int n,
    unsigned int level, uint64_t ipa, unsigned int hint, const uint64_t *mask);

/**
 * s2pt_bbm_break_batched() - the same break for one entry, invalidated
 * with the batch.
 * @w:     the walk.
 * @ptep:  the entry.
 * @level: its level.
 * @ipa:   the IPA it covers.
 *
 * The make must wait until s2pt_flush_deferred() has run: for many breaks
 * that need no make in between (collapse).
 */
void s2pt_bbm_break_batched(struct walk *w, uint64_t *ptep,
    unsigned int level, uint64_t ipa);

/* --- s2pt_expand.c ------------------------------------------------------- */

/**
 * s2pt_reserve() - take @count table pages for the commit pass.
 * @w:     the walk.
 * @count: pages the dry pass counted.
 *
 * Return: 0, or -ENOMEM (the caller then calls s2pt_unreserve()).
 */
int s2pt_reserve(struct walk *w, uint64_t count);

/**
 * s2pt_unreserve() - give back reserved pages not taken.
 * @w: the walk.
 */
void s2pt_unreserve(struct walk *w);

/**
 * s2pt_reserve_take() - a zeroed table page for the walk.
 * @w: the walk.
 *
 * Return: a reserved page; in the optimistic pass one allocated now, or
 * NULL if none can be had.
 */
uint64_t *s2pt_reserve_take(struct walk *w);

/**
 * s2pt_free_subtree() - free a table and every table below it.
 * @pt:    the table.
 * @table: a detached table whose invalidation is complete.
 * @level: its level.
 */
void s2pt_free_subtree(struct s2pt *pt, uint64_t *table, unsigned int level);

/**
 * s2pt_defer_free() - free a detached table after the batch's invalidation.
 * @w:     the walk.
 * @table: the table, already unlinked.
 * @level: its level.
 * @ipa:   the IPA it covers.
 */
void s2pt_defer_free(struct walk *w, uint64_t *table, unsigned int level,
    uint64_t ipa);

/**
 * s2pt_flush_deferred() - issue the batch's invalidation, then free what
 * waited for it.
 * @w: the walk.
 */
void s2pt_flush_deferred(struct walk *w);

/* Whether the walk owes an invalidation or a free. */
static inline bool
walk_pending(const struct walk *w)
{
	return w->batch.count != 0 || w->batch.whole_vmid ||
	    w->graveyard != NULL;
}

/**
 * s2pt_plan_expand() - count the tables entry @i of @sp needs (dry pass).
 * @w:   the walk.
 * @sp:  the span.
 * @i:   a uniform entry the range covers in part, or cannot cover with a
 *       leaf of its level.
 * @mbl: the coarsest level a leaf may have inside (1 for any).
 */
void s2pt_plan_expand(struct walk *w, const struct span *sp, unsigned int i,
    unsigned int mbl);

/**
 * s2pt_expand() - turn entry @i of @sp into a table that translates the
 * same (empty, copied owner annotations, or a split block).
 * @w:  the walk.
 * @sp: the span.
 * @i:  the entry.
 *
 * Return: 0; in the optimistic pass -EAGAIN for a non-empty entry or
 * -ENOMEM.
 */
int s2pt_expand(struct walk *w, struct span *sp, unsigned int i);

/* --- s2pt_walk.c --------------------------------------------------------- */

/**
 * s2pt_walk_init() - prepare a walk of [@ipa, @ipa + @size) with @v.
 * @w:    the walk.
 * @pt:   the table.
 * @v:    the visitor.
 * @ipa:  first IPA of the operation.
 * @size: bytes.
 */
void s2pt_walk_init(struct walk *w, struct s2pt *pt, const struct visitor *v,
    uint64_t ipa, uint64_t size);

/**
 * s2pt_walk() - one pass of the walker over [@lo, @hi).
 * @w:  the walk.
 * @lo: first IPA.
 * @hi: end.
 *
 * Return: 0 or what a visitor returned (-errno, or WALK_STOP).
 */
int s2pt_walk(struct walk *w, uint64_t lo, uint64_t hi);

/**
 * s2pt_run() - run a mutating operation all or nothing.
 * @w: the walk, its visitor and parameters set.
 *
 * Return: 0, or the error of the dry pass (nothing changed).
 */
int s2pt_run(struct walk *w);

#endif /* HV_S2PT_IMPL_H */
