/* SPDX-License-Identifier: ISC */
/*
 * selftest_mmu.c - the self-test's translation checks: what the MMU itself
 * makes of the firmware's EL2 map and of the stage-2 table libhv built,
 * asked with AT instructions and read back from PAR_EL1.
 *
 * The stage-2 checks run with HCR_EL2.VM = 1 and VTTBR_EL2 naming the
 * table and its VMID: AT S12E1R/W walks exactly what a guest's accesses
 * would.  Changes made meanwhile go through the real break-before-make and
 * TLB invalidation, and the next AT must see them.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hv/s2pt.h>

#include "arch.h"
#include "selftest_impl.h"

static const struct s2pt_attr attr_r = { S2PT_R, S2PT_NORMAL_WB };

static unsigned int
par_fst(uint64_t par)
{
	return (unsigned int)((par & ARCH_PAR_FST_MASK) >> ARCH_PAR_FST_SHIFT);
}

/* AT S12E1 of @ipa gives @pa (page frame compared). */
static void
translates(struct selftest *t, uint64_t ipa, bool write, uint64_t pa)
{
	uint64_t par = arch_at_s12e1(ipa, write);

	EXPECT(t, (par & ARCH_PAR_F) == 0);
	EXPECT(t, (par & ARCH_PAR_PA_MASK) == (pa & ARCH_PAR_PA_MASK));
}

/* AT S12E1 of @ipa faults in stage 2 with fault status @fst. */
static void
faults(struct selftest *t, uint64_t ipa, bool write, unsigned int fst)
{
	uint64_t par = arch_at_s12e1(ipa, write);

	EXPECT(t, (par & ARCH_PAR_F) != 0);
	EXPECT(t, (par & ARCH_PAR_S) != 0);
	EXPECT(t, par_fst(par) == fst);
}

/**
 * selftest_mmu_el2_map() - the firmware's own map is on with caches: RAM is
 * identity-mapped Normal write-back, the device window Device-nGnRE, and
 * anything else is not mapped at all.
 * @t: the self-test.
 */
void
selftest_mmu_el2_map(struct selftest *t)
{
	uint64_t va = (uint64_t)(uintptr_t)t, par;

	EXPECT(t, arch_mmu_enabled());
	par = arch_at_s1e2r(va);
	EXPECT(t, (par & ARCH_PAR_F) == 0);
	EXPECT(t, (par & ARCH_PAR_PA_MASK) == (va & ARCH_PAR_PA_MASK));
	EXPECT(t, par >> ARCH_PAR_ATTR_SHIFT == ARCH_MAIR_NORMAL_WB);
	par = arch_at_s1e2r(t->cfg->device_va);
	EXPECT(t, (par & ARCH_PAR_F) == 0);
	EXPECT(t, (par & ARCH_PAR_PA_MASK) == t->cfg->device_va);
	EXPECT(t, par >> ARCH_PAR_ATTR_SHIFT == ARCH_MAIR_DEVICE_nGnRE);
	par = arch_at_s1e2r(t->cfg->unmapped_va);
	EXPECT(t, (par & ARCH_PAR_F) != 0);
	EXPECT(t, par_fst(par) == ARCH_FSC_TRANSLATION(1));
}

/**
 * selftest_mmu_s2_translates() - the MMU translates through the 1 GiB
 * block, the 2 MiB block and the pages to the PAs libhv was given.
 * @t: the self-test.
 */
void
selftest_mmu_s2_translates(struct selftest *t)
{
	uint64_t ram = t->cfg->ram_base;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	translates(t, ST_IPA_1G + 0x123456, false, ram + 0x123456);
	translates(t, ST_IPA_1G + ST_1G - 1, true, ram + ST_1G - 1);
	translates(t, ST_IPA_2M + 0x1000, true, ram + ST_PA_2M + 0x1000);
	translates(t, ST_IPA_4K + 0x3000, false, ram + ST_PA_4K + 0x3000);
	translates(t, ST_IPA_4K + 0x3000, true, ram + ST_PA_4K + 0x3000);
}

/**
 * selftest_mmu_s2_permission_fault() - a page made read-only while stage 2
 * is live reads but faults on write, in stage 2, at level 3.
 * @t: the self-test.
 */
void
selftest_mmu_s2_permission_fault(struct selftest *t)
{
	uint64_t ipa = ST_IPA_4K + 0x2000;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	translates(t, ipa, true, t->cfg->ram_base + ST_PA_4K + 0x2000);
	EXPECT(t, s2pt_protect(&t->pt, ipa_init(ipa), ST_4K, attr_r) == 0);
	faults(t, ipa, true, ARCH_FSC_PERMISSION(3));
	translates(t, ipa, false, t->cfg->ram_base + ST_PA_4K + 0x2000);
}

/**
 * selftest_mmu_s2_translation_fault() - unmapped IPAs fault in stage 2 at
 * the level where the walk found nothing: a hole under a level-2 table,
 * and a GiB the root has no entry for.
 * @t: the self-test.
 */
void
selftest_mmu_s2_translation_fault(struct selftest *t)
{
	if (!selftest_s2pt_live(t)) {
		return;
	}
	faults(t, ST_IPA_HOLE, false, ARCH_FSC_TRANSLATION(2));
	faults(t, ST_IPA_EMPTY_GIB + 0x5000, true, ARCH_FSC_TRANSLATION(1));
}

/**
 * selftest_mmu_s2_unmap_live() - unmapping while stage 2 is live takes
 * effect at once: the page and then the 1 GiB block fault, their
 * neighbours still translate (and VTTBR_EL2, which the TLB maintenance
 * borrowed, is back as it was).
 * @t: the self-test.
 */
void
selftest_mmu_s2_unmap_live(struct selftest *t)
{
	uint64_t ram = t->cfg->ram_base;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	translates(t, ST_IPA_4K + 0x3000, false, ram + ST_PA_4K + 0x3000);
	EXPECT(t, s2pt_unmap(&t->pt, ipa_init(ST_IPA_4K + 0x3000), ST_4K) == 0);
	faults(t, ST_IPA_4K + 0x3000, false, ARCH_FSC_TRANSLATION(3));
	translates(t, ST_IPA_4K + 0x4000, false, ram + ST_PA_4K + 0x4000);
	EXPECT(t, s2pt_unmap(&t->pt, ipa_init(ST_IPA_1G), ST_1G) == 0);
	faults(t, ST_IPA_1G + 0x123000, false, ARCH_FSC_TRANSLATION(1));
	translates(t, ST_IPA_2M + 0x1000, false, ram + ST_PA_2M + 0x1000);
}

/**
 * selftest_mmu_tlbi_restores_vttbr() - TLB maintenance for another VMID
 * borrows VTTBR_EL2 and puts it back, and issues one TLBI IPAS2E1IS per
 * entry of the level it is told (per page when it is not told).
 * @t: the self-test.
 *
 * Called at the arch level, so the environment's counters (compared with
 * libhv's statistics by tlbi_counts) stay untouched; the range is a hole,
 * so nothing the table maps is invalidated.
 */
void
selftest_mmu_tlbi_restores_vttbr(struct selftest *t)
{
	uint16_t other = (uint16_t)(vmid_value(t->vmid) + 1);
	uint64_t vttbr;

	if (!selftest_s2pt_live(t)) {
		return;
	}
	vttbr = arch_stage2_vttbr();
	EXPECT(t, vttbr == s2pt_vttbr(&t->pt, t->vmid));
	EXPECT(t, arch_tlb_flush_ipa(other, ST_IPA_HOLE, ST_2M, 2) == 1);
	EXPECT(t, arch_tlb_flush_ipa(other, ST_IPA_HOLE, ST_2M, 3) == 512);
	EXPECT(t, arch_tlb_flush_ipa(other, ST_IPA_HOLE, ST_2M, 0) == 512);
	EXPECT(t, arch_stage2_vttbr() == vttbr);
	arch_tlb_flush_vmid(other);
	EXPECT(t, arch_stage2_vttbr() == vttbr);
	translates(t, ST_IPA_2M + 0x1000, false,
	    t->cfg->ram_base + ST_PA_2M + 0x1000);
}
