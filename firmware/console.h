/* SPDX-License-Identifier: ISC */
/*
 * console.h - the firmware's console: text on the board's UART.
 */
#ifndef HVFW_CONSOLE_H
#define HVFW_CONSOLE_H

/**
 * console_init() - make the console ready; call before any output.
 */
void console_init(void);

/**
 * console_printf() - print formatted text (see fmt_vformat()); "\n" goes
 * out as "\r\n" for terminals.
 * @fmt: the format.
 *
 * Not serialised between CPUs: only the boot CPU runs for now.
 *
 * Return: the number of characters formatted.
 */
int console_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/**
 * console_getc() - one byte of input if there is any; never waits.
 *
 * Return: 0..255, or -1 if nothing was received.
 */
int console_getc(void);

#endif /* HVFW_CONSOLE_H */
