/* SPDX-License-Identifier: ISC */
/*
 * mmu.c - hvfw's own EL2 stage-1 translation: an identity map.
 *
 * A 39-bit VA space with the 4 KiB granule starts its walk at level 1
 * (Arm ARM D8.2): one level-1 table of 1 GiB entries, and a level-2 table of
 * 2 MiB blocks under any GiB that is only partly mapped.  The tables are a
 * small static set: the map is built once, at boot, for RAM and the board's
 * device window, and never changes.  Secondary CPUs load the same tables
 * and register values.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>

#include "arch.h"
#include "sysreg.h"

#define MMU_ENTRIES		512
#define MMU_L1_SHIFT		30
#define MMU_L2_SHIFT		21
#define MMU_L2_TABLES		4	/* partly mapped GiBs: RAM's end, devices */

/* Block and table descriptors (Arm ARM D8.3), EL2 regime. */
#define DESC_BLOCK		((uint64_t)1)
#define DESC_TABLE		((uint64_t)3)
#define DESC_ATTRINDX(i)	((uint64_t)(i) << 2)
#define DESC_AP_RES1		((uint64_t)1 << 6)	/* AP[1]: RES1 at EL2 */
#define DESC_SH_INNER		((uint64_t)3 << 8)
#define DESC_AF			((uint64_t)1 << 10)
#define DESC_XN			((uint64_t)1 << 54)
#define DESC_ADDR_MASK		((((uint64_t)1 << 48) - 1) & ~(uint64_t)0xfff)

/* TCR_EL2 with E2H = 0 */
#define TCR_T0SZ(bits)		((uint64_t)(64 - (bits)))
#define TCR_IRGN0_WBWA		((uint64_t)1 << 8)
#define TCR_ORGN0_WBWA		((uint64_t)1 << 10)
#define TCR_SH0_INNER		((uint64_t)3 << 12)
#define TCR_PS_SHIFT		16
#define TCR_RES1		(((uint64_t)1 << 23) | ((uint64_t)1 << 31))

/* MAIR_EL2: slot ARCH_MEM_NORMAL and slot ARCH_MEM_DEVICE */
#define MAIR_VALUE		((uint64_t)ARCH_MAIR_NORMAL_WB | \
	(uint64_t)ARCH_MAIR_DEVICE_nGnRE << 8)

/* A CPU's stack: hvfw.ld aligns each to its size (start.S, STACK_SHIFT). */
#define MMU_STACK_SIZE		0x4000

static uint64_t l1[MMU_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2[MMU_L2_TABLES][MMU_ENTRIES] __attribute__((aligned(4096)));
static unsigned int l2_used;

/*
 * The registers arch_mmu_init() programmed, for arch_mmu_enable_secondary().
 * A secondary CPU reads them with its MMU off, from memory, so they are
 * cleaned to the point of coherency once written.
 */
static struct {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t sctlr;
} el2_regs;

static uint64_t
leaf_bits(unsigned int type)
{
	if (type == ARCH_MEM_DEVICE) {
		return DESC_BLOCK | DESC_ATTRINDX(ARCH_MEM_DEVICE) |
		    DESC_AP_RES1 | DESC_AF | DESC_XN;
	}
	return DESC_BLOCK | DESC_ATTRINDX(ARCH_MEM_NORMAL) | DESC_AP_RES1 |
	    DESC_SH_INNER | DESC_AF;
}

/* The level-2 table under l1[@i], made on first use. */
static uint64_t *
l2_table(unsigned int i)
{
	uint64_t *t;

	if ((l1[i] & 3) == DESC_TABLE) {
		return (uint64_t *)(uintptr_t)(l1[i] & DESC_ADDR_MASK);
	}
	if (l1[i] != 0 || l2_used == MMU_L2_TABLES) {
		return NULL;
	}
	t = l2[l2_used++];
	l1[i] = (uint64_t)(uintptr_t)t | DESC_TABLE;
	return t;
}

static int
map_region(const struct arch_mmu_region *r)
{
	const uint64_t gib = (uint64_t)1 << MMU_L1_SHIFT;
	const uint64_t mib2 = (uint64_t)1 << MMU_L2_SHIFT;
	uint64_t a = r->base, end = r->base + r->size, *t;
	unsigned int i;

	if (((a | r->size) & (mib2 - 1)) != 0 || end < a ||
	    end > ((uint64_t)1 << ARCH_MMU_VA_BITS)) {
		return -EINVAL;
	}
	while (a < end) {
		i = (unsigned int)(a >> MMU_L1_SHIFT);
		if ((a & (gib - 1)) == 0 && end - a >= gib) {
			if (l1[i] != 0) {
				return -EINVAL;
			}
			l1[i] = a | leaf_bits(r->type);
			a += gib;
			continue;
		}
		t = l2_table(i);
		if (t == NULL) {
			return l1[i] != 0 ? -EINVAL : -ENOMEM;
		}
		t = &t[(a >> MMU_L2_SHIFT) % MMU_ENTRIES];
		if (*t != 0) {
			return -EINVAL;
		}
		*t = a | leaf_bits(r->type);
		a += mib2;
	}
	return 0;
}

static unsigned int
ps_encoding(unsigned int pa_bits)
{
	static const unsigned int bits[] = { 32, 36, 40, 42, 44, 48 };
	unsigned int i;

	for (i = 0; i + 1 < sizeof(bits) / sizeof(bits[0]); i++) {
		if (bits[i] >= pa_bits) {
			break;
		}
	}
	return i;
}

/*
 * Clean and invalidate, to the point of coherency, the lines of the calling
 * CPU's stack from SP to its top.  Written with the MMU off, they are in
 * memory; a stale copy some cache fetched earlier (the boot CPU's map
 * covers all RAM, and speculation may touch any of it) would otherwise be
 * what this CPU reads once its caches are on.  Nobody else writes this
 * stack, so the clean writes nothing back.
 */
static void
stack_evict(void)
{
	uint64_t line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t sp, a, top;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	top = (sp + MMU_STACK_SIZE - 1) & ~(uint64_t)(MMU_STACK_SIZE - 1);
	for (a = sp & ~(line - 1); a < top; a += line) {
		__asm__ volatile("dc civac, %0" :: "r"(a) : "memory");
	}
	__asm__ volatile("dsb sy" ::: "memory");
}

/*
 * Load el2_regs into the calling CPU and turn its MMU and caches on,
 * dropping whatever EL2 TLB entries it may hold from before (TLBI ALLE2,
 * this CPU only).  A secondary CPU evicts its stack first (stack_evict()).
 */
static void
mmu_enable(bool secondary)
{
	write_sysreg(mair_el2, el2_regs.mair);
	write_sysreg(tcr_el2, el2_regs.tcr);
	write_sysreg(ttbr0_el2, el2_regs.ttbr0);
	dsb_ish();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb_ish();
	if (secondary) {
		stack_evict();
	}
	isb();
	write_sysreg(sctlr_el2, el2_regs.sctlr);
	isb();
}

/**
 * arch_mmu_init() - identity-map @regions at EL2 and turn the MMU on.
 * @regions: the ranges.
 * @count:   how many.
 * @pa_bits: the CPU's PA size.
 *
 * The tables were written with the MMU off, straight to memory; the
 * TLBI ALLE2 drops anything a loader may have left for EL2.
 *
 * Return: 0, -EINVAL or -ENOMEM (the MMU stays off).
 */
int
arch_mmu_init(const struct arch_mmu_region *regions, unsigned int count,
    unsigned int pa_bits)
{
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		ret = map_region(&regions[i]);
		if (ret != 0) {
			return ret;
		}
	}
	el2_regs.mair = MAIR_VALUE;
	el2_regs.tcr = TCR_T0SZ(ARCH_MMU_VA_BITS) | TCR_IRGN0_WBWA |
	    TCR_ORGN0_WBWA | TCR_SH0_INNER |
	    (uint64_t)ps_encoding(pa_bits) << TCR_PS_SHIFT | TCR_RES1;
	el2_regs.ttbr0 = (uint64_t)(uintptr_t)l1;
	el2_regs.sctlr = SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA |
	    SCTLR_I;
	mmu_enable(false);
	arch_cache_clean_poc((uintptr_t)&el2_regs, sizeof(el2_regs));
	return 0;
}

/**
 * arch_mmu_enable_secondary() - the boot CPU's EL2 translation on the
 * calling CPU, caches on.
 *
 * Runs with the MMU off: it reads el2_regs from memory, and drops
 * whatever EL2 TLB entries the CPU may hold from before (TLBI ALLE2, this
 * CPU only) before the MMU uses the tables.
 */
void
arch_mmu_enable_secondary(void)
{
	mmu_enable(true);
}

/**
 * arch_mmu_enabled() - whether the EL2 MMU and both caches are on.
 *
 * Return: true if SCTLR_EL2.M, .C and .I are set.
 */
bool
arch_mmu_enabled(void)
{
	uint64_t want = SCTLR_M | SCTLR_C | SCTLR_I;

	return (read_sysreg(sctlr_el2) & want) == want;
}
