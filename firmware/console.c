/* SPDX-License-Identifier: ISC */
/*
 * console.c - the firmware's console on the board UART.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "fmt.h"
#include "plat.h"
#include "spinlock.h"

/* One formatted output at a time, whichever CPU makes it. */
static struct spinlock lock;
static bool lock_on;

/**
 * console_init() - set the UART up.
 */
void
console_init(void)
{
	plat_uart_init();
}

static console_sink_fn sink;
static char line[CONSOLE_LINE_MAX];
static size_t line_len;

/**
 * console_set_sink() - lines go to @sink from now on.
 * @s: the sink.
 */
void
console_set_sink(console_sink_fn s)
{
	sink = s;
}

/* Gather a line for the sink; a full one goes out as it is. */
static void
to_sink(char c)
{
	if (c != '\n') {
		line[line_len++] = c;
	}
	if (c == '\n' || line_len == sizeof(line)) {
		sink(line, line_len);
		line_len = 0;
	}
}

static void
console_out(void *arg, char c)
{
	(void)arg;
	if (sink != NULL) {
		to_sink(c);
		return;
	}
	if (c == '\n') {
		plat_uart_putc('\r');
	}
	plat_uart_putc(c);
}

/**
 * console_lock_enable() - serialise console_printf() from now on.
 */
void
console_lock_enable(void)
{
	lock_on = true;
}

/**
 * console_printf() - print formatted text, under the console lock once
 * console_lock_enable() was called.
 * @fmt: the format.
 *
 * Return: the number of characters formatted.
 */
int
console_printf(const char *fmt, ...)
{
	bool locked = lock_on;
	va_list ap;
	int n;

	if (locked) {
		spinlock_lock(&lock);
	}
	va_start(ap, fmt);
	n = fmt_vformat(console_out, NULL, fmt, ap);
	va_end(ap);
	if (locked) {
		spinlock_unlock(&lock);
	}
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
