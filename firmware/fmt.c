/* SPDX-License-Identifier: ISC */
/*
 * fmt.c - a small printf-style formatter: enough for the console and for
 * log messages, no floating point, no allocation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

/** struct spec - one conversion: flags, width and length parsed. */
struct spec {
	bool zero;		/* pad with '0' */
	unsigned int width;	/* minimum field width */
	unsigned int lng;	/* 0: int, 1: long, 2: long long (and z) */
	char conv;		/* the conversion character */
};

/** struct sink - where characters go, and how many went. */
struct sink {
	fmt_out_fn out;
	void *arg;
	int count;
};

static void
put(struct sink *k, char c)
{
	k->out(k->arg, c);
	k->count++;
}

static void
put_padded(struct sink *k, const char *s, unsigned int len,
    const struct spec *sp, char pad)
{
	unsigned int i;

	for (i = len; i < sp->width; i++) {
		put(k, pad);
	}
	for (i = 0; i < len; i++) {
		put(k, s[i]);
	}
}

static void
put_number(struct sink *k, uint64_t v, bool negative, unsigned int base,
    const struct spec *sp)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	unsigned int n = sizeof(buf);
	struct spec width = *sp;

	do {
		buf[--n] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (negative && sp->zero) {
		/* "-0042": the sign goes before the zeros. */
		put(k, '-');
		width.width = width.width > 0 ? width.width - 1 : 0;
	} else if (negative) {
		buf[--n] = '-';
	}
	put_padded(k, buf + n, (unsigned int)sizeof(buf) - n, &width,
	    sp->zero ? '0' : ' ');
}

/* Parse flags, width and length after a '%'; returns the conversion. */
static const char *
parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ 0 };
	if (*f == '0') {
		sp->zero = true;
		f++;
	}
	while (*f >= '0' && *f <= '9') {
		sp->width = sp->width * 10 + (unsigned int)(*f++ - '0');
	}
	while (*f == 'l' || *f == 'z') {
		sp->lng = *f++ == 'z' ? 2 : sp->lng + 1;
	}
	sp->conv = *f;
	return f;
}

static uint64_t
arg_unsigned(va_list *ap, unsigned int lng)
{
	if (lng >= 2) {
		return va_arg(*ap, unsigned long long);
	}
	return lng == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
}

static int64_t
arg_signed(va_list *ap, unsigned int lng)
{
	if (lng >= 2) {
		return va_arg(*ap, long long);
	}
	return lng == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
}

static void
convert(struct sink *k, const struct spec *sp, va_list *ap)
{
	const char *s;
	int64_t v;
	char c;
	unsigned int len;

	switch (sp->conv) {
	case 's':
		s = va_arg(*ap, const char *);
		s = s != NULL ? s : "(null)";
		for (len = 0; s[len] != '\0'; len++) {
			continue;
		}
		put_padded(k, s, len, sp, ' ');
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_padded(k, &c, 1, sp, ' ');
		break;
	case 'd':
		v = arg_signed(ap, sp->lng);
		put_number(k, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, sp);
		break;
	case 'u':
	case 'x':
		put_number(k, arg_unsigned(ap, sp->lng), false,
		    sp->conv == 'u' ? 10 : 16, sp);
		break;
	case 'p':
		put(k, '0');
		put(k, 'x');
		put_number(k, (uintptr_t)va_arg(*ap, void *), false, 16, sp);
		break;
	default:
		put(k, '%');
		put(k, sp->conv);
		break;
	}
}

/**
 * fmt_vformat() - format like vprintf(), a character at a time.
 * @out: receives the characters.
 * @arg: passed to @out.
 * @fmt: the format.
 * @ap:  the arguments.
 *
 * Return: the number of characters produced.
 */
int
fmt_vformat(fmt_out_fn out, void *arg, const char *fmt, va_list ap)
{
	struct sink k = { out, arg, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			put(&k, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (sp.conv == '\0') {
			break;
		}
		if (sp.conv == '%') {
			put(&k, '%');
			continue;
		}
		convert(&k, &sp, &aq);
	}
	va_end(aq);
	return k.count;
}
