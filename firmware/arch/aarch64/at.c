/* SPDX-License-Identifier: ISC */
/*
 * at.c - address translation probes (the AT instructions): what the MMU would
 * do with an address, read back from PAR_EL1 without an access.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/**
 * arch_at_s1e2r() - translate an EL2 virtual address for reading.
 * @va: the address.
 *
 * Return: PAR_EL1.
 */
uint64_t
arch_at_s1e2r(uint64_t va)
{
	__asm__ volatile("at s1e2r, %0" :: "r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

/**
 * arch_at_s12e1() - translate an IPA through stage 2 as EL1 would.
 * @ipa:   the address (EL1's stage 1 is off: VA = IPA).
 * @write: AT S12E1W rather than AT S12E1R.
 *
 * The DSB makes earlier table stores visible to the walk the AT does.
 *
 * Return: PAR_EL1.
 */
uint64_t
arch_at_s12e1(uint64_t ipa, bool write)
{
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	dsb_ish();
	isb();
	if (write) {
		__asm__ volatile("at s12e1w, %0" :: "r"(ipa) : "memory");
	} else {
		__asm__ volatile("at s12e1r, %0" :: "r"(ipa) : "memory");
	}
	isb();
	return read_sysreg(par_el1);
}
