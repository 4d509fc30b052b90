/* SPDX-License-Identifier: ISC */
/*
 * demand.c - a guest that touches a demand-paged region: the
 * DEMAND_PAGES pages of 4 KiB from IPA DEMAND_BASE, which hvd declares
 * demand-paged and fills one page per FAULT.  It writes one word to each
 * page in turn (word i of page i, so every fault is at a different page
 * offset), then reads them all back and says "demand: 16 pages ok", or
 * names the first page that does not hold what was written to it.
 */
#include <stdint.h>

#include "rt.h"

/** DEMAND_BASE - the demand-paged region's first IPA. */
#define DEMAND_BASE	0x80000000ull
/** DEMAND_PAGES - its pages. */
#define DEMAND_PAGES	16
#define DEMAND_PAGE	4096ull
/** DEMAND_MARK - what page i holds: DEMAND_MARK | i ("demand"). */
#define DEMAND_MARK	0x64656d616e640000ull

static volatile uint64_t *
word(unsigned int i)
{
	return (volatile uint64_t *)(uintptr_t)(DEMAND_BASE +
	    i * DEMAND_PAGE + i * sizeof(uint64_t));
}

/**
 * guest_main() - write every page, then read every page.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	unsigned int i;
	uint64_t v;

	(void)ram_size;
	rt_puts("demand: writing ");
	rt_put_dec(DEMAND_PAGES);
	rt_puts(" pages from ");
	rt_put_hex(DEMAND_BASE);
	rt_putc('\n');
	for (i = 0; i < DEMAND_PAGES; i++) {
		*word(i) = DEMAND_MARK | i;
	}
	for (i = 0; i < DEMAND_PAGES; i++) {
		v = *word(i);
		if (v != (DEMAND_MARK | i)) {
			rt_puts("demand: page ");
			rt_put_dec(i);
			rt_puts(" at ");
			rt_put_hex((uint64_t)(uintptr_t)word(i));
			rt_puts(" reads ");
			rt_put_hex(v);
			rt_puts(", not ");
			rt_put_hex(DEMAND_MARK | i);
			rt_putc('\n');
			return;
		}
	}
	rt_puts("demand: ");
	rt_put_dec(DEMAND_PAGES);
	rt_puts(" pages ok\n");
}
