/* SPDX-License-Identifier: ISC */
/*
 * bench_opt.c - the command line every benchmark has (bench_opt.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_opt.h"

static void
bench_opt_usage(const struct bench_opt *o, unsigned int dflt, FILE *f)
{
	int width = (int)strlen(o->arg) + 3;

	fprintf(f, "usage: %s [-h] [-%c %s]\n"
	    "  -%c %s  %s, 1..%u (default %u)\n"
	    "  %-*s  this help\n", o->prog, o->letter, o->arg, o->letter,
	    o->arg, o->help, o->max, dflt, width, "-h");
}

int
bench_opt_parse(const struct bench_opt *o, int argc, char **argv)
{
	const char optstring[] = { 'h', o->letter, ':', '\0' };
	unsigned int dflt = *o->value;
	char *end;
	long v;
	int ch;

	while ((ch = getopt(argc, argv, optstring)) != -1) {
		if (ch == 'h') {
			bench_opt_usage(o, dflt, stdout);
			return 0;
		}
		if (ch != o->letter) {
			bench_opt_usage(o, dflt, stderr);
			return 2;
		}
		v = strtol(optarg, &end, 10);
		if (*end != '\0' || v < 1 || v > (long)o->max) {
			bench_opt_usage(o, dflt, stderr);
			return 2;
		}
		*o->value = (unsigned int)v;
	}
	if (optind != argc) {
		bench_opt_usage(o, dflt, stderr);
		return 2;
	}
	return -1;
}
