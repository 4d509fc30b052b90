/* SPDX-License-Identifier: ISC */
/*
 * unmapped.c - a guest that reads an IPA outside its RAM: hvfw must stop
 * it as crashed and report the IPA, not hang or go on.
 */
#include <stdint.h>

#include "rt.h"

/** UNMAPPED_IPA - 1 GiB past the start of RAM: no guest RAM reaches it. */
#define UNMAPPED_IPA	0x80000000ul

/**
 * guest_main() - read UNMAPPED_IPA.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	uint64_t v;

	(void)ram_size;
	rt_puts("unmapped: reading IPA ");
	rt_put_hex(UNMAPPED_IPA);
	rt_putc('\n');
	v = *(volatile uint64_t *)UNMAPPED_IPA;
	rt_puts("unmapped: the read returned ");
	rt_put_hex(v);
	rt_putc('\n');
}
