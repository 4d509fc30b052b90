/* SPDX-License-Identifier: ISC */
/*
 * stage2.c - the stage-2 controls of EL2: VTCR_EL2, VTTBR_EL2, HCR_EL2.VM.
 */
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/**
 * arch_stage2_load() - program VTCR_EL2 and VTTBR_EL2.
 * @vtcr:  the translation control value.
 * @vttbr: root table and VMID.
 */
void
arch_stage2_load(uint64_t vtcr, uint64_t vttbr)
{
	write_sysreg(vtcr_el2, vtcr);
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

/**
 * arch_stage2_vttbr() - the VTTBR_EL2 value loaded now.
 *
 * Return: VTTBR_EL2.
 */
uint64_t
arch_stage2_vttbr(void)
{
	return read_sysreg(vttbr_el2);
}

/**
 * arch_stage2_enable() - HCR_EL2.VM = 1 (and RW = 1).
 */
void
arch_stage2_enable(void)
{
	dsb_ish();
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_RW | HCR_VM);
	isb();
}

/**
 * arch_stage2_disable() - HCR_EL2.VM = 0.
 */
void
arch_stage2_disable(void)
{
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) & ~HCR_VM);
	isb();
}
