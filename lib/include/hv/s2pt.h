/* SPDX-License-Identifier: ISC */
/*
 * hv/s2pt.h - ARMv8-A stage-2 (IPA -> PA) translation tables.
 *
 * VMSAv8-64 stage-2 descriptors with the 4 KiB granule (Arm ARM D8.3), for an
 * IPA space of 32 to 48 bits.  The start level and the number of concatenated
 * root tables follow from the IPA size (Arm ARM D8.2.6); s2pt_vtcr() computes
 * the matching VTCR_EL2.
 *
 * Every operation is a small visitor on one generic walker.  Each mutating
 * call is all-or-nothing: a read-only planning pass validates the request
 * and counts the table pages it needs, those pages are reserved, and only
 * then is anything written.  On error the visible address space is exactly
 * as before and no page is kept.
 *
 * Break-before-make (Arm ARM D8.16.1): a valid->valid change of output
 * address, block size or memory type is done as invalid store, TLB
 * invalidation for the table's VMID covering the old entry, new store.
 * Removals are batched and invalidated once before the call returns: by IPA
 * (with the level hint when every removed entry is of one level) up to a
 * threshold, with one whole-VMID invalidation above it.
 *
 * Bookkeeping lives in the tables: each table descriptor keeps the number of
 * non-zero entries of the table it points to in its IGNORED bits [11:2], so
 * a table is freed the moment it becomes empty without any side array; an
 * invalid entry may carry an owner id in bits [9:2] (as pKVM does), so one
 * table can record which pages belong to whom.
 *
 * Calls on one struct s2pt must be serialised by the caller.  The code is
 * freestanding: no allocation, no output, 0 or -errno from every call.
 */
#ifndef HV_S2PT_H
#define HV_S2PT_H

#include <stdbool.h>
#include <stdint.h>

#include <hv/errno.h>
#include <hv/s2pt_desc.h>
#include <hv/types.h>

struct vmid_ctx;

#define S2PT_PAGE_SHIFT		12
#define S2PT_PAGE_SIZE		((uint64_t)1 << S2PT_PAGE_SHIFT)
#define S2PT_ENTRIES		512
#define S2PT_LEVELS		4	/* levels 0..3 */
#define S2PT_IPA_BITS_MIN	32
#define S2PT_IPA_BITS_MAX	48
#define S2PT_ROOT_PAGES_MAX	16	/* concatenated root tables */
/** S2PT_TLBI_THRESHOLD_DEFAULT - TLBIs by IPA above which one call flushes the VMID. */
#define S2PT_TLBI_THRESHOLD_DEFAULT 32
/** S2PT_TLBI_THRESHOLD_MAX - largest threshold s2pt_init() accepts. */
#define S2PT_TLBI_THRESHOLD_MAX	64
/** S2PT_OWNER_NONE - the owner id of a page nobody has claimed. */
#define S2PT_OWNER_NONE		0
/** S2PT_OWNER_MAX - largest owner id (8 bits in an invalid descriptor). */
#define S2PT_OWNER_MAX		255

/**
 * S2PT_LEVEL_SIZE() - bytes covered by one entry at @level (0..3).
 * @level: translation level.
 */
#define S2PT_LEVEL_SIZE(level) \
	((uint64_t)1 << (S2PT_PAGE_SHIFT + 9 * (3 - (level))))

/** enum s2pt_perm - stage-2 access permissions (S2AP and XN). */
enum s2pt_perm {
	S2PT_R = 1,
	S2PT_W = 2,
	S2PT_X = 4,
	S2PT_RWX = 7,
};

/** enum s2pt_memtype - stage-2 memory types (MemAttr, FEAT_S2FWB off). */
enum s2pt_memtype {
	S2PT_NORMAL_WB = 0,	/* Normal, inner and outer write-back */
	S2PT_NORMAL_NC = 1,	/* Normal, inner and outer non-cacheable */
	S2PT_DEVICE_nGnRE = 2,	/* Device-nGnRE (never executable) */
};

/**
 * struct s2pt_attr - what a mapping allows and how memory behaves.
 * @perm:    a non-empty combination of enum s2pt_perm.
 * @memtype: enum s2pt_memtype; Device memory may not have S2PT_X.
 */
struct s2pt_attr {
	uint8_t perm;
	uint8_t memtype;
};

/**
 * struct s2pt_mm_ops - the environment of a table: memory, TLB and caches.
 * @table_alloc:      2^@order zeroed pages aligned to their size, or NULL.
 *                    Order 0 for tables, up to 4 for a concatenated root.
 * @table_free:       give back what @table_alloc returned.
 * @tlb_flush_ipa:    invalidate stage-2 (and combined stage-1&2) TLB and
 *                    walk-cache entries of @vmid for [@ipa, @ipa + @size):
 *                    one TLBI IPAS2E1IS per S2PT_LEVEL_SIZE(@level) with
 *                    @level as the TTL hint when @level is 1..3 (every
 *                    entry removed was a leaf of that level), one per
 *                    4 KiB without a hint when @level is 0; then the
 *                    stage-1 flush and DSB that complete it.
 * @tlb_flush_vmid:   invalidate every entry of @vmid (TLBI VMALLS12E1IS).
 * @dcache_clean_poc: clean guest memory [@pa, @pa + @size) to the point of
 *                    coherency before it is mapped cacheable; NULL if the
 *                    platform needs none (FEAT_S2FWB).  The range is the
 *                    whole PA range of the s2pt_map() call, which need not
 *                    be RAM the environment has mapped: it clips.
 * @icache_inval:     invalidate the instruction cache for memory about to be
 *                    mapped executable; NULL if none is needed.
 * @store_barrier:    order earlier table stores before later ones as seen
 *                    by the table walker (DSB ISHST); NULL on the host.
 * @trace_store:      optional observer of every store to an entry a walker
 *                    can reach (a new table is filled before it is linked,
 *                    unobserved), with the entry's IPA and level (host
 *                    tests: the break-before-make oracle).  NULL in
 *                    production.
 *
 * Every callback gets the @ctx given in struct s2pt_config.
 */
struct s2pt_mm_ops {
	void *(*table_alloc)(void *ctx, unsigned int order);
	void (*table_free)(void *ctx, void *table, unsigned int order);
	void (*tlb_flush_ipa)(void *ctx, vmid_t vmid, ipa_t ipa, uint64_t size,
	    unsigned int level);
	void (*tlb_flush_vmid)(void *ctx, vmid_t vmid);
	void (*dcache_clean_poc)(void *ctx, pa_t pa, uint64_t size);
	void (*icache_inval)(void *ctx, pa_t pa, uint64_t size);
	void (*store_barrier)(void *ctx);
	void (*trace_store)(void *ctx, const uint64_t *ptep, uint64_t old,
	    uint64_t new, unsigned int level, ipa_t ipa);
};

/**
 * struct s2pt_config - parameters of s2pt_init().
 * @ipa_bits:       IPA size, S2PT_IPA_BITS_MIN..S2PT_IPA_BITS_MAX.
 * @pa_bits:        output address size; mappings beyond it are refused.
 *                  0 means 48.
 * @ops:            environment; must outlive the table.
 * @ctx:            passed to every @ops callback.
 * @va_minus_pa:    table pages are addressed at PA + @va_minus_pa (0 for an
 *                  identity-mapped firmware; wrapping arithmetic).
 * @vmid:           the VM's VMID, read at every invalidation; NULL means
 *                  VMID 0.
 * @tlbi_threshold: most TLBIs by IPA one batch issues before it invalidates
 *                  the whole VMID instead; 0 means the default, at most
 *                  S2PT_TLBI_THRESHOLD_MAX.
 */
struct s2pt_config {
	unsigned int ipa_bits;
	unsigned int pa_bits;
	const struct s2pt_mm_ops *ops;
	void *ctx;
	uint64_t va_minus_pa;
	const struct vmid_ctx *vmid;
	unsigned int tlbi_threshold;
};

/**
 * struct s2pt_stats - what a table costs and what it did.
 * @table_pages: table pages in use, the root's included.
 * @leaves:      valid leaf entries per level ([1] 1 GiB, [2] 2 MiB,
 *               [3] 4 KiB; [0] is always 0).
 * @desc_writes: descriptor stores issued (leaves, tables, count updates).
 * @tlbi_ipa:    TLB invalidations by IPA issued.
 * @tlbi_vmid:   whole-VMID invalidations issued.
 * @bbm:         break-before-make sequences performed.
 */
struct s2pt_stats {
	uint64_t table_pages;
	uint64_t leaves[S2PT_LEVELS];
	uint64_t desc_writes;
	uint64_t tlbi_ipa;
	uint64_t tlbi_vmid;
	uint64_t bbm;
};

/**
 * struct s2pt - one stage-2 address space (fields private to s2pt.c).
 */
struct s2pt {
	uint64_t *root;
	pa_t root_pa;
	const struct s2pt_mm_ops *ops;
	void *ctx;
	uint64_t va_minus_pa;
	const struct vmid_ctx *vmid;
	uint64_t ipa_limit;
	uint64_t pa_limit;
	uint8_t ipa_bits;
	uint8_t start_level;
	uint8_t root_order;
	uint16_t tlbi_threshold;
	struct s2pt_stats stats;
};

/**
 * struct s2pt_geometry - how an IPA size is translated.
 * @ipa_bits:    the IPA size.
 * @start_level: first level of the walk (0, 1 or 2).
 * @root_pages:  concatenated tables at the start level (1..16).
 */
struct s2pt_geometry {
	unsigned int ipa_bits;
	unsigned int start_level;
	unsigned int root_pages;
};

/**
 * struct s2pt_leaf - what s2pt_lookup() found at an IPA.
 * @valid:  the IPA is mapped.
 * @level:  level of the entry that decides (1..3, or the level of the
 *          invalid entry met).
 * @base:   IPA of the first byte the entry covers.
 * @size:   bytes the entry covers (the block or page size).
 * @pa:     PA the looked-up IPA translates to (if @valid).
 * @attr:   permissions and memory type (if @valid).
 * @owner:  owner id of an invalid entry (S2PT_OWNER_NONE if none).
 */
struct s2pt_leaf {
	bool valid;
	unsigned int level;
	ipa_t base;
	uint64_t size;
	pa_t pa;
	struct s2pt_attr attr;
	uint8_t owner;
};

/**
 * struct s2pt_dump_rec - one run of like entries, as s2pt_dump() reports it.
 * @ipa:   first IPA of the run.
 * @size:  bytes in the run.
 * @level: level of the entries (1: 1 GiB blocks, 2: 2 MiB, 3: 4 KiB pages).
 * @count: entries in the run.
 * @valid: mapped entries (else owner-annotated invalid entries).
 * @pa:    PA of @ipa (if @valid); the run is physically contiguous.
 * @attr:  permissions and memory type (if @valid).
 * @owner: owner id (if !@valid).
 */
struct s2pt_dump_rec {
	ipa_t ipa;
	uint64_t size;
	unsigned int level;
	uint64_t count;
	bool valid;
	pa_t pa;
	struct s2pt_attr attr;
	uint8_t owner;
};

/**
 * typedef s2pt_dump_fn - receives s2pt_dump() records in IPA order.
 * @arg: the caller's argument.
 * @rec: the record.
 *
 * Return: 0 to go on, anything else to stop the dump (and be returned).
 */
typedef int (*s2pt_dump_fn)(void *arg, const struct s2pt_dump_rec *rec);

/**
 * s2pt_geometry() - start level and root size for an IPA size.
 * @ipa_bits: S2PT_IPA_BITS_MIN..S2PT_IPA_BITS_MAX.
 * @geo:      filled in.
 *
 * The walk starts at the deepest level whose root fits in at most 16
 * concatenated tables (Arm ARM D8.2.6), saving a level of walk for every IPA
 * size but 44..48 bits.
 *
 * Return: 0, or -EINVAL for an IPA size out of range.
 */
int s2pt_geometry(unsigned int ipa_bits, struct s2pt_geometry *geo);

/**
 * s2pt_vtcr() - the VTCR_EL2 value for a stage-2 of @ipa_bits.
 * @ipa_bits:  IPA size (T0SZ = 64 - @ipa_bits, SL0 from the start level).
 * @pa_bits:   physical address size for VTCR_EL2.PS: 32, 36, 40, 42, 44
 *             or 48, and at least @ipa_bits.
 * @vmid_bits: 8 or 16 (VTCR_EL2.VS).
 * @vtcr:      the value: 4 KiB granule, inner shareable, write-back
 *             read/write-allocate table walks, RES1 bit 31 set.
 *
 * Return: 0, or -EINVAL for a combination the architecture does not allow.
 */
int s2pt_vtcr(unsigned int ipa_bits, unsigned int pa_bits,
    unsigned int vmid_bits, uint64_t *vtcr);

/**
 * s2pt_init() - create an empty stage-2 address space.
 * @pt:  the table.
 * @cfg: parameters; copied.
 *
 * Allocates the (possibly concatenated) root table.
 *
 * Return: 0, -EINVAL for bad parameters, -ENOMEM if the root can't be had.
 */
int s2pt_init(struct s2pt *pt, const struct s2pt_config *cfg);

/**
 * s2pt_fini() - tear an address space down.
 * @pt: the table.
 *
 * Invalidates the whole VMID once (if anything was mapped) and frees every
 * table page, the root included.  Owner annotations are dropped with it.
 */
void s2pt_fini(struct s2pt *pt);

/**
 * s2pt_root() - physical address of the root table, for VTTBR_EL2.BADDR.
 * @pt: the table.
 *
 * Return: the PA, aligned to the size of the concatenated root.
 */
pa_t s2pt_root(const struct s2pt *pt);

/**
 * s2pt_vttbr() - the VTTBR_EL2 value for running this table as @vmid.
 * @pt:   the table.
 * @vmid: the VMID from vmid_enter().
 *
 * Return: BADDR | VMID << 48.
 */
uint64_t s2pt_vttbr(const struct s2pt *pt, vmid_t vmid);

/**
 * s2pt_map() - map [@ipa, @ipa + @size) to [@pa, @pa + @size).
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @pa:   first PA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 * @attr: permissions (non-empty) and memory type.
 *
 * Uses the largest leaf (1 GiB, 2 MiB or 4 KiB) that the alignment of both
 * addresses and the remaining length allow, with the access flag set.  IPAs
 * already mapped to the same PA get @attr (a protect); an existing table is
 * never replaced by a block here (see s2pt_collapse()).  Guest memory is
 * cleaned to PoC (and the I-cache invalidated for executable mappings)
 * before it becomes visible.
 *
 * Return: 0; -EINVAL for misaligned input or a bad @attr; -ERANGE if the
 * range wraps, leaves the IPA space or the PA size; -EEXIST if an IPA in the
 * range is mapped to another PA; -EPERM if an IPA in the range carries an
 * owner annotation; -ENOMEM if table pages ran out.  On error nothing
 * changed.
 */
int s2pt_map(struct s2pt *pt, ipa_t ipa, pa_t pa, uint64_t size,
    struct s2pt_attr attr);

/**
 * s2pt_unmap() - remove every mapping in [@ipa, @ipa + @size).
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 *
 * Holes are fine.  A block partly inside the range is split first.  Owner
 * annotations are kept (s2pt_set_owner() changes those).  Tables that become
 * empty are freed; every removed entry is covered by a TLB invalidation of
 * the VMID before the call returns (the tables freed only after it).
 *
 * Return: 0; -EINVAL misaligned; -ERANGE outside the IPA space; -ENOMEM if a
 * split needed a table page that could not be had (nothing changed).
 */
int s2pt_unmap(struct s2pt *pt, ipa_t ipa, uint64_t size);

/**
 * s2pt_protect() - change permissions and memory type of mapped pages.
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 * @attr: the new permissions and memory type.
 *
 * Every valid entry in the range gets @attr; holes are skipped.  A block
 * partly inside the range is split.  A change of memory type is a
 * break-before-make; a change of permissions only is a store followed by a
 * batched invalidation.
 *
 * Return: 0; -EINVAL for bad alignment or @attr; -ERANGE outside the IPA
 * space; -ENOMEM if a split could not get a table page (nothing changed).
 */
int s2pt_protect(struct s2pt *pt, ipa_t ipa, uint64_t size,
    struct s2pt_attr attr);

/**
 * s2pt_set_owner() - record who owns [@ipa, @ipa + @size).
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 * @from: the owner every page of the range must have now.
 * @to:   the owner it gets (S2PT_OWNER_NONE clears the annotation).
 *
 * A compare-and-set over the range: ownership moves only if every page is
 * unmapped and owned by @from.  Annotations use the largest entry the range
 * allows; clearing them frees tables that become empty.
 *
 * Return: 0; -EINVAL misaligned; -ERANGE outside the IPA space; -EBUSY if a
 * page is mapped; -EPERM if a page is owned by someone other than @from;
 * -ENOMEM if a table page could not be had.  On error nothing changed.
 */
int s2pt_set_owner(struct s2pt *pt, ipa_t ipa, uint64_t size, uint8_t from,
    uint8_t to);

/**
 * s2pt_collapse() - merge uniform tables in a range back into blocks.
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 *
 * A table whose whole span lies inside the range is replaced by a block when
 * all of its entries are valid, of one level, with the same attributes and
 * physically contiguous from a PA aligned to the block size (or all carry
 * the same owner annotation, replaced by one annotated entry).  Tables are
 * tried top-down so a 1 GiB region mapped by 4 KiB pages becomes one block
 * with one break-before-make.  Never allocates.
 *
 * Return: 0; -EINVAL misaligned; -ERANGE outside the IPA space.
 */
int s2pt_collapse(struct s2pt *pt, ipa_t ipa, uint64_t size);

/**
 * s2pt_root_entries() - entries in the (concatenated) root table.
 * @pt: the table.
 *
 * Return: 2^(ipa_bits - bits resolved below the start level).
 */
static inline unsigned int
s2pt_root_entries(const struct s2pt *pt)
{
	return 1u << (pt->ipa_bits - S2PT_PAGE_SHIFT - 9 * (3 - pt->start_level));
}

/**
 * s2pt_entry() - the entry of a table that translates an IPA.
 * @table:   the table (its VA).
 * @ipa:     the IPA.
 * @level:   the table's level.
 * @entries: entries in the table (512, or s2pt_root_entries() for the root).
 *
 * The one descent step every walk of a stage-2 table takes.
 *
 * Return: a pointer to the entry.
 */
static inline uint64_t *
s2pt_entry(uint64_t *table, uint64_t ipa, unsigned int level,
    unsigned int entries)
{
	return &table[(ipa >> (S2PT_PAGE_SHIFT + 9 * (3 - level))) &
	    (entries - 1)];
}

/**
 * s2pt_desc_attr() - permissions and memory type of a leaf descriptor.
 * @d: a valid block or page descriptor.
 *
 * Return: the attributes s2pt_map() was given for it.
 */
static inline struct s2pt_attr
s2pt_desc_attr(uint64_t d)
{
	uint64_t memattr = (d & S2PT_DESC_MEMATTR_MASK) >>
	    S2PT_DESC_MEMATTR_SHIFT;
	struct s2pt_attr attr;

	attr.memtype = memattr == S2PT_MEMATTR_NORMAL_NC ? S2PT_NORMAL_NC :
	    memattr == S2PT_MEMATTR_DEVICE_nGnRE ? S2PT_DEVICE_nGnRE :
	    S2PT_NORMAL_WB;
	attr.perm = (uint8_t)(((d & S2PT_DESC_S2AP_R) ? S2PT_R : 0) |
	    ((d & S2PT_DESC_S2AP_W) ? S2PT_W : 0) |
	    ((d & S2PT_DESC_XN) ? 0 : S2PT_X));
	return attr;
}

/**
 * s2pt_lookup() - translate one IPA.
 * @pt:   the table.
 * @ipa:  any IPA.
 * @leaf: filled in (see struct s2pt_leaf); all zero outside the IPA space.
 *
 * The hot path of stage-2 fault handling, so it is inline: the walker's
 * descent step alone (one IPA never spans two entries and nothing is
 * written), and a caller that reads only some of @leaf pays for no more.
 * Needs no lock against other lookups; the caller serialises it against
 * changes to the table.
 *
 * Return: 0 if mapped; -ENOENT if not (@leaf says which invalid entry and
 * its owner); -ERANGE outside the IPA space.
 */
static inline int
s2pt_lookup(const struct s2pt *pt, ipa_t ipa, struct s2pt_leaf *leaf)
{
	uint64_t a = ipa_addr(ipa), pte, size;
	unsigned int level = pt->start_level;
	unsigned int shift = S2PT_PAGE_SHIFT + 9 * (3 - level);
	uint64_t mask = s2pt_root_entries(pt) - 1;
	const uint64_t *table = pt->root;

	if (a >= pt->ipa_limit) {
		*leaf = (struct s2pt_leaf){ .valid = false };
		return -ERANGE;
	}
	/* s2pt_entry() unrolled by hand: the shift steps down by 9 a level. */
	for (;;) {
		pte = __atomic_load_n(&table[(a >> shift) & mask],
		    __ATOMIC_RELAXED);
		if ((pte & S2PT_DESC_TYPE_MASK) != S2PT_DESC_TYPE_MASK ||
		    shift == S2PT_PAGE_SHIFT) {
			break;
		}
		table = (const uint64_t *)(uintptr_t)(s2pt_desc_addr(pte) +
		    pt->va_minus_pa);
		shift -= 9;
		mask = S2PT_ENTRIES - 1;
		level++;
	}
	size = S2PT_LEVEL_SIZE(level);
	leaf->level = level;
	leaf->size = size;
	leaf->base = ipa_init(a & ~(size - 1));
	leaf->valid = s2pt_desc_is_valid(pte);
	if (leaf->valid) {
		leaf->pa = pa_init(s2pt_desc_addr(pte) + (a & (size - 1)));
		leaf->attr = s2pt_desc_attr(pte);
		leaf->owner = S2PT_OWNER_NONE;
		return 0;
	}
	leaf->pa = pa_init(0);
	leaf->attr = (struct s2pt_attr){ 0, 0 };
	leaf->owner = (uint8_t)s2pt_desc_owner(pte);
	return -ENOENT;
}

/**
 * s2pt_dump() - report the entries of a range as runs of like entries.
 * @pt:   the table.
 * @ipa:  first IPA, 4 KiB aligned.
 * @size: bytes, a non-zero multiple of 4 KiB.
 * @fn:   called for each run, in IPA order: valid entries of one level with
 *        the same attributes and contiguous PAs, or invalid entries of one
 *        level with the same non-zero owner.  Unowned holes are not reported.
 * @arg:  passed to @fn.
 *
 * Runs are clipped to the range.
 *
 * Return: 0, what @fn returned when it stopped the dump, -EINVAL or -ERANGE.
 */
int s2pt_dump(const struct s2pt *pt, ipa_t ipa, uint64_t size,
    s2pt_dump_fn fn, void *arg);

/**
 * s2pt_stats() - the table's counters, kept up to date by every call.
 * @pt: the table.
 * @st: filled in.
 */
void s2pt_stats(const struct s2pt *pt, struct s2pt_stats *st);

/**
 * s2pt_audit() - recount a table from scratch and check its invariants.
 * @pt:      the table.
 * @counted: if not NULL, gets table_pages and leaves as counted by the walk
 *           (the other fields are copied from s2pt_stats()).
 *
 * Checks that every table is reached once, every table descriptor's entry
 * count matches its table, every leaf is aligned in IPA and PA to its size,
 * no block sits at a level that can't hold one, and the counted table pages
 * and leaves equal the running statistics.  For tests and for the firmware's
 * self-check; it reads the whole table.
 *
 * Return: 0 if consistent, -EIO otherwise.
 */
int s2pt_audit(const struct s2pt *pt, struct s2pt_stats *counted);

#endif /* HV_S2PT_H */
