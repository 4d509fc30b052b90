/* SPDX-License-Identifier: ISC */
/*
 * echo.c - a guest that writes back what it reads on its console: "echo:
 * ready", then every byte as it comes, waiting (WFI) while the PL011's
 * receive FIFO is empty; byte 0x04 (end of transmission) ends it with
 * "echo: bye" and PSCI SYSTEM_OFF.
 */
#include <stdint.h>

#include "rt.h"

#define UART_DR		0x000
#define UART_FR		0x018
#define FR_RXFE		(1u << 4)
/** ECHO_EOT - the byte that ends the guest. */
#define ECHO_EOT	0x04

/* The next byte received, waiting for one. */
static char
getc_wait(void)
{
	while (rt_uart_read(UART_FR) & FR_RXFE) {
		__asm__ volatile("wfi" ::: "memory");
	}
	return (char)(rt_uart_read(UART_DR) & 0xff);
}

/**
 * guest_main() - echo until end of transmission.
 * @ram_size: unused.
 */
void
guest_main(uint64_t ram_size)
{
	char c;

	(void)ram_size;
	rt_puts("echo: ready\n");
	while ((c = getc_wait()) != ECHO_EOT) {
		rt_putc(c);
	}
	rt_puts("echo: bye\n");
}
