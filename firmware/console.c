/* SPDX-License-Identifier: ISC */
/*
 * console.c - the firmware's console on the board UART.
 */
#include <stdarg.h>
#include <stddef.h>

#include "console.h"
#include "fmt.h"
#include "plat.h"

/**
 * console_init() - set the UART up.
 */
void
console_init(void)
{
	plat_uart_init();
}

static void
console_out(void *arg, char c)
{
	(void)arg;
	if (c == '\n') {
		plat_uart_putc('\r');
	}
	plat_uart_putc(c);
}

/**
 * console_printf() - print formatted text.
 * @fmt: the format.
 *
 * Return: the number of characters formatted.
 */
int
console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(console_out, NULL, fmt, ap);
	va_end(ap);
	return n;
}

/**
 * console_getc() - one received byte, or -1.
 *
 * Return: 0..255 or -1.
 */
int
console_getc(void)
{
	return plat_uart_getc();
}
