/* SPDX-License-Identifier: ISC */
/*
 * hello.c - the smallest guest: a line on the console, then what its UART
 * says it is, as a driver's probe reads it (the PrimeCell identification
 * registers, the flags and the control register); then PSCI SYSTEM_OFF
 * over HVC (rt.c).
 *
 * On the way it checks that the last word of its RAM, which its image
 * does not reach, is zero as fresh (or scrubbed) RAM is, and marks it: a
 * VM that found another's mark would be seeing that VM's memory, and says
 * so.
 */
#include <stdint.h>

#include "rt.h"

#define UART_FR		0x018
#define UART_CR		0x030
#define UART_PERIPHID0	0xfe0
#define UART_PCELLID0	0xff0
/** HELLO_MARK - what a hello guest leaves in the last word of its RAM. */
#define HELLO_MARK	0x68656c6c6f21ull	/* "hello!" */

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

/* The last word of RAM must be fresh; then it gets the mark. */
static void
check_fresh(uint64_t ram_size)
{
	volatile uint64_t *last = (volatile uint64_t *)(uintptr_t)(RT_RAM_BASE +
	    ram_size - sizeof(uint64_t));

	if (*last != 0) {
		rt_puts("hello: the last word of my RAM holds ");
		rt_put_hex(*last);
		rt_puts(", not 0: someone else's data\n");
	}
	*last = HELLO_MARK;
}

/**
 * guest_main() - say hello, check the end of RAM, say what the UART is.
 * @ram_size: bytes of RAM from RT_RAM_BASE.
 */
void
guest_main(uint64_t ram_size)
{
	rt_puts("hello from vm\n");
	check_fresh(ram_size);
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
