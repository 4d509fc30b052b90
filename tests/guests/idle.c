/* SPDX-License-Identifier: ISC */
/*
 * idle.c - a guest that says it is ready and then waits (WFI) for ever,
 * reading nothing: it ignores console input and breaks alike, as a guest
 * that does not listen to shutdown requests does.  Only destroy ends it.
 */
#include <stdint.h>

#include "rt.h"

/**
 * guest_main() - ready, then wait for ever.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	(void)ram_size;
	rt_puts("idle: ready\n");
	for (;;) {
		__asm__ volatile("wfi" ::: "memory");
	}
}
