/* SPDX-License-Identifier: ISC */
/*
 * s2pt.c - stage-2 translation tables: geometry, VTCR_EL2, life cycle,
 * attributes and the checks every operation starts with.
 *
 * The operations are visitors (s2pt_map.c, s2pt_unmap.c, s2pt_owner.c,
 * s2pt_collapse.c, s2pt_dump.c, s2pt_audit.c; s2pt_lookup() is inline in hv/s2pt.h) on the walker in
 * s2pt_walk.c; s2pt_expand.c turns entries into tables and gives tables
 * back, s2pt_tlb.c batches TLB invalidations and does break-before-make.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

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
		[S2PT_NORMAL_WB] = S2PT_MEMATTR_NORMAL_WB << S2PT_DESC_MEMATTR_SHIFT,
		[S2PT_NORMAL_NC] = S2PT_MEMATTR_NORMAL_NC << S2PT_DESC_MEMATTR_SHIFT,
		[S2PT_DEVICE_nGnRE] = S2PT_MEMATTR_DEVICE_nGnRE <<
		    S2PT_DESC_MEMATTR_SHIFT,
	};
	/* Indexed by the R|W|X bits of enum s2pt_perm. */
	static const uint64_t perm[8] = {
		[0] = S2PT_DESC_XN,
		[S2PT_R] = S2PT_DESC_S2AP_R | S2PT_DESC_XN,
		[S2PT_W] = S2PT_DESC_S2AP_W | S2PT_DESC_XN,
		[S2PT_R | S2PT_W] = S2PT_DESC_S2AP_R | S2PT_DESC_S2AP_W |
		    S2PT_DESC_XN,
		[S2PT_X] = 0,
		[S2PT_R | S2PT_X] = S2PT_DESC_S2AP_R,
		[S2PT_W | S2PT_X] = S2PT_DESC_S2AP_W,
		[S2PT_RWX] = S2PT_DESC_S2AP_R | S2PT_DESC_S2AP_W,
	};

	return S2PT_DESC_AF | S2PT_DESC_SH_INNER | memattr[attr.memtype] |
	    perm[attr.perm & S2PT_RWX];
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
	pt->root_pa = pa_init(s2pt_table_pa(pt, pt->root));
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
		pt->ops->tlb_flush_vmid(pt->ctx, s2pt_current_vmid(pt));
		pt->stats.tlbi_vmid++;
	}
	for (i = 0; i < entries; i++) {
		pte = pte_load(&pt->root[i]);
		if (s2pt_desc_is_table(pte, pt->start_level)) {
			s2pt_free_subtree(pt, s2pt_table_va(pt, s2pt_desc_addr(pte)),
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
