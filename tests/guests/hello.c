/* SPDX-License-Identifier: ISC */
/*
 * hello.c - the smallest guest: a line on the console, then what its UART
 * says it is, as a driver's probe reads it (the PrimeCell identification
 * registers, the flags and the control register); then PSCI SYSTEM_OFF
 * over HVC (rt.c).
 */
#include <stdint.h>

#include "rt.h"

#define UART_FR		0x018
#define UART_CR		0x030
#define UART_PERIPHID0	0xfe0
#define UART_PCELLID0	0xff0

/* Four 8-bit identification registers from @off as one 32-bit number. */
static uint32_t
id(unsigned int off)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		v |= (rt_uart_read(off + 4 * i) & 0xffu) << (8 * i);
	}
	return v;
}

/**
 * guest_main() - say hello, then what the UART is.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	(void)ram_size;
	rt_puts("hello from vm\n");
	rt_puts("hello: uart periph id ");
	rt_put_hex(id(UART_PERIPHID0));
	rt_puts(", cell id ");
	rt_put_hex(id(UART_PCELLID0));
	rt_puts(", flags ");
	rt_put_hex(rt_uart_read(UART_FR));
	rt_puts(", control ");
	rt_put_hex(rt_uart_read(UART_CR));
	rt_putc('\n');
}
