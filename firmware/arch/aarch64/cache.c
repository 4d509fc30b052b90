/* SPDX-License-Identifier: ISC */
/*
 * cache.c - data and instruction cache maintenance.
 */
#include <stdint.h>

#include "arch.h"
#include "sysreg.h"

/**
 * arch_cache_clean_poc() - clean [@va, @va + @size) to the point of
 * coherency.
 * @va:   first byte, mapped at EL2.
 * @size: bytes.
 */
void
arch_cache_clean_poc(uintptr_t va, uint64_t size)
{
	uint64_t line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t a = va & ~(line - 1), end = va + size;

	for (; a < end; a += line) {
		__asm__ volatile("dc cvac, %0" :: "r"(a) : "memory");
	}
	__asm__ volatile("dsb sy" ::: "memory");
}

/**
 * arch_cache_inval_icache() - invalidate all instruction caches to the
 * point of unification, Inner Shareable.
 */
void
arch_cache_inval_icache(void)
{
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb_ish();
	isb();
}
