/* SPDX-License-Identifier: ISC */
/*
 * s2pt_tlb.c - TLB maintenance for stage-2 changes.
 *
 * Removals are batched per operation and invalidated once before it
 * returns: by IPA, with the TTL level hint when every entry was a leaf of
 * one level, up to the table's threshold of TLBI instructions, and with one
 * whole-VMID invalidation above it.  Break-before-make (Arm ARM D8.16.1)
 * cannot wait for the batch: s2pt_bbm_break() invalidates at once.
 */
#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "s2pt_impl.h"

/* Number of TLBI-by-IPA instructions needed for a range at a level hint. */
static uint64_t
tlbi_ops(uint64_t size, unsigned int level)
{
	return size >> (level != 0 ? level_shift(level) : S2PT_PAGE_SHIFT);
}

static void
tlb_flush_now(struct s2pt *pt, uint64_t ipa, uint64_t size, unsigned int level)
{
	uint64_t ops = tlbi_ops(size, level);

	if (ops > pt->tlbi_threshold) {
		pt->ops->tlb_flush_vmid(pt->ctx, s2pt_current_vmid(pt));
		pt->stats.tlbi_vmid++;
	} else {
		pt->ops->tlb_flush_ipa(pt->ctx, s2pt_current_vmid(pt), ipa_init(ipa),
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

void
s2pt_tlb_batch_flush(struct walk *w)
{
	struct tlb_batch *b = &w->batch;
	struct s2pt *pt = w->pt;
	unsigned int i;

	if (b->whole_vmid) {
		pt->ops->tlb_flush_vmid(pt->ctx, s2pt_current_vmid(pt));
		pt->stats.tlbi_vmid++;
	} else {
		for (i = 0; i < b->count; i++) {
			pt->ops->tlb_flush_ipa(pt->ctx, s2pt_current_vmid(pt),
			    ipa_init(b->range[i].ipa), b->range[i].size,
			    b->range[i].level);
		}
		pt->stats.tlbi_ipa += b->ops;
	}
	b->count = 0;
	b->ops = 0;
	b->whole_vmid = false;
}

/* The break: valid entries lose their valid bit, the rest is kept. */
static void
bbm_clear_valid(struct walk *w, uint64_t *ptep, unsigned int n,
    unsigned int level, uint64_t ipa, const uint64_t *mask)
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
	w->pt->stats.bbm++;
}

void
s2pt_bbm_break(struct walk *w, uint64_t *ptep, unsigned int n,
    unsigned int level, uint64_t ipa, unsigned int hint, const uint64_t *mask)
{
	bbm_clear_valid(w, ptep, n, level, ipa, mask);
	tlb_flush_now(w->pt, ipa, n * S2PT_LEVEL_SIZE(level), hint);
}

void
s2pt_bbm_break_batched(struct walk *w, uint64_t *ptep, unsigned int level,
    uint64_t ipa)
{
	bbm_clear_valid(w, ptep, 1, level, ipa, NULL);
	s2pt_tlb_batch_add(w, ipa, S2PT_LEVEL_SIZE(level), 0);
}
