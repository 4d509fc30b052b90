/* SPDX-License-Identifier: ISC */
/*
 * echo.c - a guest that writes back what it reads on its console: "echo:
 * ready", then every byte as it comes, waiting (WFI) while the PL011's
 * receive FIFO is empty.  Byte 0x04 (end of transmission) ends it with
 * "echo: bye", a break on the line (the host's power-off request) with
 * "echo: break, powering off"; either way PSCI SYSTEM_OFF follows.
 */
#include <stdint.h>

#include "rt.h"

/** ECHO_EOT - the byte that ends the guest. */
#define ECHO_EOT	0x04

/**
 * guest_main() - echo until end of transmission or a break.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	int c;

	(void)ram_size;
	rt_puts("echo: ready\n");
	while ((c = rt_getc()) != ECHO_EOT && c != RT_BREAK) {
		rt_putc((char)c);
	}
	rt_puts(c == RT_BREAK ? "echo: break, powering off\n" :
	    "echo: bye\n");
}
