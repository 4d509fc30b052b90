/* SPDX-License-Identifier: ISC */
/*
 * probe.c - a guest that reads one IPA outside its RAM, given as its
 * argument (x1, the ":ARG" of its hvfw.guest= word) or, when x1 is 0 (a
 * guest started through the mailbox), in the last word of its RAM, where
 * the host wrote it: the flash at 0, a device hvfw does not emulate, the
 * page after its RAM, or where another VM's RAM or the firmware lies in PA
 * terms.  Nothing but its own RAM (and the emulated UART) may answer: hvfw
 * must stop it as crashed and report the IPA.  A read that returns is
 * isolation broken, and it says so.
 */
#include <stdint.h>

#include "rt.h"

/**
 * guest_main() - read the IPA of the argument (or of the last word).
 * @ram_size: bytes of RAM from RT_RAM_BASE.
 */
void
guest_main(uint64_t ram_size)
{
	volatile uint64_t *last = (volatile uint64_t *)(uintptr_t)(RT_RAM_BASE +
	    ram_size - sizeof(uint64_t));
	uint64_t ipa = rt_arg() != 0 ? rt_arg() : *last, v;

	if ((ipa & 7) != 0 ||
	    (ipa >= RT_RAM_BASE && ipa - RT_RAM_BASE < ram_size)) {
		rt_puts("probe: IPA ");
		rt_put_hex(ipa);
		rt_puts(" is misaligned or in my RAM: nothing to probe\n");
		return;
	}
	rt_puts("probe: reading IPA ");
	rt_put_hex(ipa);
	rt_putc('\n');
	v = *(volatile uint64_t *)(uintptr_t)ipa;
	rt_puts("probe: the read returned ");
	rt_put_hex(v);
	rt_puts(": isolation broken\n");
}
