/* SPDX-License-Identifier: ISC */
/*
 * fmt.h - a small printf-style formatter for freestanding code.
 */
#ifndef HVFW_FMT_H
#define HVFW_FMT_H

#include <stdarg.h>

/**
 * typedef fmt_out_fn - receives the formatted text one character at a time.
 * @arg: the caller's argument.
 * @c:   the character.
 */
typedef void (*fmt_out_fn)(void *arg, char c);

/**
 * fmt_vformat() - format like vprintf(), a character at a time.
 * @out: called for each character.
 * @arg: passed to @out.
 * @fmt: the format: %s %c %d %u %x %p %%, with the length modifiers l, ll
 *       and z, a '0' flag and a field width (as in "%016llx"); anything
 *       else is copied as it stands.
 * @ap:  the arguments.
 *
 * Return: the number of characters produced.
 */
int fmt_vformat(fmt_out_fn out, void *arg, const char *fmt, va_list ap);

#endif /* HVFW_FMT_H */
