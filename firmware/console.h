/* SPDX-License-Identifier: ISC */
/*
 * console.h - the firmware's console: text on the board's UART, or, once
 * the UART carries only doorbells, whole lines handed to a sink (the
 * mailbox's LOG events).
 */
#ifndef HVFW_CONSOLE_H
#define HVFW_CONSOLE_H

#include <stddef.h>

/**
 * console_init() - make the console ready; call before any output.
 */
void console_init(void);

/**
 * console_printf() - print formatted text (see fmt_vformat()); "\n" goes
 * out as "\r\n" for terminals.
 * @fmt: the format.
 *
 * Safe from several CPUs at once after console_lock_enable(): each
 * call's whole output goes out under one spinlock, so lines do not mix.
 * Not from a context that may have interrupted a holder of the lock.
 *
 * Return: the number of characters formatted.
 */
int console_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/**
 * console_lock_enable() - make console_printf() take the console lock
 * from now on.
 *
 * The lock is an exclusive access, which needs Normal memory: call on the
 * boot CPU once its EL2 MMU is on (arch_mmu_init()), before any other CPU
 * runs.  Until then only the boot CPU prints, and at any exception level.
 */
void console_lock_enable(void);

/**
 * typedef console_sink_fn - receives the console's output a line at a time.
 * @line: the text, without its newline (not NUL-terminated).
 * @len:  its length, at most CONSOLE_LINE_MAX.
 */
typedef void (*console_sink_fn)(const char *line, size_t len);

/** CONSOLE_LINE_MAX - longest line a sink gets; longer ones are cut. */
#define CONSOLE_LINE_MAX	240

/**
 * console_set_sink() - send the console's lines to @sink, not the UART.
 * @sink: the sink.
 */
void console_set_sink(console_sink_fn sink);

/**
 * console_getc() - one byte of input if there is any; never waits.
 *
 * Return: 0..255, or -1 if nothing was received.
 */
int console_getc(void);

#endif /* HVFW_CONSOLE_H */
