/* SPDX-License-Identifier: ISC */
/*
 * bootarg.c - reading the firmware's command line.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/errno.h>

#include "bootarg.h"

#define PAGE_MASK	((uint64_t)4096 - 1)

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of the word at @s (up to a space or the end). */
static size_t
word_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && !is_space(s[n])) {
		n++;
	}
	return n;
}

/**
 * bootarg_has() - whether @word is one of the words of @args.
 * @args: the command line.
 * @word: the word.
 *
 * Return: true if found.
 */
bool
bootarg_has(const char *args, const char *word)
{
	size_t n, i;

	for (; *args != '\0'; args += n) {
		while (is_space(*args)) {
			args++;
		}
		n = word_len(args);
		for (i = 0; i < n && word[i] == args[i]; i++) {
			continue;
		}
		if (n > 0 && i == n && word[i] == '\0') {
			return true;
		}
	}
	return false;
}

/**
 * bootarg_next() - the next value of @key.
 * @args: where to start.
 * @key:  the key.
 * @val:  set to the value.
 * @len:  set to its length.
 *
 * Return: where to go on, or NULL.
 */
const char *
bootarg_next(const char *args, const char *key, const char **val,
    size_t *len)
{
	size_t n, i;

	for (; *args != '\0'; args += n) {
		while (is_space(*args)) {
			args++;
		}
		n = word_len(args);
		for (i = 0; i < n && key[i] != '\0' && key[i] == args[i]; i++) {
			continue;
		}
		if (key[i] == '\0' && i < n && args[i] == '=') {
			*val = args + i + 1;
			*len = n - i - 1;
			return args + n;
		}
	}
	return NULL;
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int
digit_value(char c, unsigned int base)
{
	int d = -1;

	if (c >= '0' && c <= '9') {
		d = c - '0';
	} else if (base == 16 && c >= 'a' && c <= 'f') {
		d = c - 'a' + 10;
	} else if (base == 16 && c >= 'A' && c <= 'F') {
		d = c - 'A' + 10;
	}
	return d;
}

/*
 * A number at *@p, before @end: decimal, or hexadecimal after "0x".  At
 * least one digit; overflow of 64 bits is an error.  *@p moves past it.
 */
static int
parse_number(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	unsigned int base = 10;
	uint64_t v = 0;
	int d, digits = 0;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; s < end && (d = digit_value(*s, base)) >= 0; s++, digits++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			return -EINVAL;
		}
		v = v * base + (uint64_t)d;
	}
	if (digits == 0) {
		return -EINVAL;
	}
	*p = s;
	*out = v;
	return 0;
}

/* An optional K, M or G after a size: none leaves *@p where it was. */
static int
parse_suffix(const char **p, const char *end, uint64_t *size)
{
	unsigned int shift = 0;

	if (*p < end) {
		switch (**p) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		default: return 0;
		}
		(*p)++;
	}
	if (*size > UINT64_MAX >> shift) {
		return -EINVAL;
	}
	*size <<= shift;
	return 0;
}

static int
parse_name(const char **p, const char *end, char *name)
{
	size_t n = 0;

	while (*p < end && is_name_char(**p)) {
		if (n == BOOTARG_NAME_MAX) {
			return -EINVAL;
		}
		name[n++] = *(*p)++;
	}
	name[n] = '\0';
	return n > 0 ? 0 : -EINVAL;
}

/* Fails with @reason if @cond does not hold. */
#define EXPECT(cond, reason) do {					\
	if (!(cond)) {							\
		*why = (reason);					\
		return -EINVAL;						\
	}								\
} while (0)

/* The optional ":ARG" at *@p, the last field: 0 if there is none. */
static int
parse_arg(const char **p, const char *end, uint64_t *arg)
{
	*arg = 0;
	if (*p == end) {
		return 0;
	}
	if (*(*p)++ != ':' || parse_number(p, end, arg) != 0) {
		return -EINVAL;
	}
	return *p == end ? 0 : -EINVAL;
}

/**
 * bootarg_guest() - parse "NAME@ADDR+SIZE[:ARG]".
 * @val: the value.
 * @len: its length.
 * @g:   filled in.
 * @why: set on failure.
 *
 * Return: 0 or -EINVAL.
 */
int
bootarg_guest(const char *val, size_t len, struct bootarg_guest *g,
    const char **why)
{
	const char *p = val, *end = val + len;
	struct bootarg_guest r;

	EXPECT(parse_name(&p, end, r.name) == 0,
	    "the name is not 1 to 15 of A-Z a-z 0-9 . _ -");
	EXPECT(p < end && *p++ == '@', "no '@' after the name");
	EXPECT(parse_number(&p, end, &r.pa) == 0,
	    "the address is not a 64-bit number");
	EXPECT(p < end && *p++ == '+', "no '+' after the address");
	EXPECT(parse_number(&p, end, &r.size) == 0,
	    "the size is not a 64-bit number");
	EXPECT(parse_suffix(&p, end, &r.size) == 0 &&
	    (p == end || *p == ':'),
	    "the size has a suffix other than K, M or G, or is too large");
	EXPECT(parse_arg(&p, end, &r.arg) == 0,
	    "the argument after ':' is not a 64-bit number");
	EXPECT(r.size != 0, "the size is zero");
	EXPECT(((r.pa | r.size) & PAGE_MASK) == 0,
	    "the address or the size is not a multiple of 4 KiB");
	EXPECT(r.pa + r.size > r.pa, "the range wraps around");
	*g = r;
	return 0;
}

/**
 * bootarg_number() - parse a value that is one number.
 * @val: the value.
 * @len: its length.
 * @out: the number.
 *
 * Return: 0 or -EINVAL.
 */
int
bootarg_number(const char *val, size_t len, uint64_t *out)
{
	const char *p = val;
	uint64_t v;

	if (parse_number(&p, val + len, &v) != 0 || p != val + len) {
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/**
 * bootarg_show() - a value made safe to print.
 * @val: the value.
 * @len: its length.
 * @buf: BOOTARG_SHOW_MAX + 4 bytes.
 *
 * Return: @buf.
 */
char *
bootarg_show(const char *val, size_t len, char *buf)
{
	size_t i, n = len < BOOTARG_SHOW_MAX ? len : BOOTARG_SHOW_MAX;

	for (i = 0; i < n; i++) {
		buf[i] = val[i] > 0x20 && val[i] < 0x7f ? val[i] : '?';
	}
	if (n < len) {
		buf[n++] = '.';
		buf[n++] = '.';
		buf[n++] = '.';
	}
	buf[n] = '\0';
	return buf;
}
