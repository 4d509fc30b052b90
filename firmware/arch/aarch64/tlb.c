/* SPDX-License-Identifier: ISC */
/*
 * tlb.c - stage-2 TLB maintenance by the TLBI instructions.
 *
 * TLBI IPAS2E1IS, VMALLE1IS and VMALLS12E1IS executed at EL2 act on the VMID
 * in VTTBR_EL2, not on one given in the operand, so each call loads the
 * VMID it is asked about and puts the previous VTTBR_EL2 back after the
 * final DSB.  No EL1 code runs on this CPU meanwhile: the firmware is in
 * control at EL2 for the whole call.
 */
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

#define PAGE_SHIFT		12
/* TLBI IPAS2E1IS operand: IPA[47:12] in [35:0], TTL hint in [47:44] */
#define TLBI_IPA_MASK		(((uint64_t)1 << 36) - 1)
#define TLBI_TTL_SHIFT		44
#define TLBI_TTL_4K(level)	((uint64_t)(4u | (level)) << TLBI_TTL_SHIFT)

static uint64_t
vmid_load(uint16_t vmid)
{
	uint64_t old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, (old & ~VTTBR_VMID_MASK) |
	    (uint64_t)vmid << VTTBR_VMID_SHIFT);
	isb();
	return old;
}

static void
vmid_restore(uint64_t vttbr)
{
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

/* Whether the CPU takes the TTL hint (FEAT_TTL); else the field is RES0. */
static int
has_ttl(void)
{
	return ((read_sysreg(id_aa64mmfr2_el1) >> 48) & 0xf) != 0;
}

/**
 * arch_tlb_flush_ipa() - invalidate stage-2 entries of @vmid by IPA.
 * @vmid:  the VMID.
 * @ipa:   first IPA.
 * @size:  bytes.
 * @level: 1..3: every entry was a leaf of that level; 0: unknown.
 *
 * Return: the number of TLBI IPAS2E1IS issued.
 */
uint64_t
arch_tlb_flush_ipa(uint16_t vmid, uint64_t ipa, uint64_t size,
    unsigned int level)
{
	unsigned int shift = level >= 1 && level <= 3 ?
	    PAGE_SHIFT + 9 * (3 - level) : PAGE_SHIFT;
	uint64_t ttl = level >= 1 && level <= 3 && has_ttl() ?
	    TLBI_TTL_4K(level) : 0;
	uint64_t vttbr = vmid_load(vmid), a, n = 0;

	arch_barrier_store();
	for (a = ipa; a - ipa < size; a += (uint64_t)1 << shift) {
		__asm__ volatile("tlbi ipas2e1is, %0" ::
		    "r"(((a >> PAGE_SHIFT) & TLBI_IPA_MASK) | ttl) : "memory");
		n++;
	}
	dsb_ish();
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb_ish();
	isb();
	vmid_restore(vttbr);
	return n;
}

/**
 * arch_tlb_flush_vmid() - invalidate every entry of @vmid.
 * @vmid: the VMID.
 */
void
arch_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t vttbr = vmid_load(vmid);

	arch_barrier_store();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb_ish();
	isb();
	vmid_restore(vttbr);
}

/**
 * arch_tlb_flush_all() - invalidate the EL1&0 entries of every VMID.
 */
void
arch_tlb_flush_all(void)
{
	arch_barrier_store();
	__asm__ volatile("tlbi alle1is" ::: "memory");
	dsb_ish();
	isb();
}

/**
 * arch_tlb_flush_local_guest() - this CPU's entries of the loaded VMID.
 */
void
arch_tlb_flush_local_guest(void)
{
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	__asm__ volatile("dsb nsh" ::: "memory");
	isb();
}
