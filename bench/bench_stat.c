/* SPDX-License-Identifier: ISC */
/*
 * bench_stat.c - medians of repeated measurements (bench_stat.h).
 */
#include <stdlib.h>
#include <string.h>

#include "bench_stat.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/**
 * bench_median() - the median of some measurements.
 * @v: the values.
 * @n: how many.
 *
 * Return: the median.
 */
double
bench_median(const uint64_t *v, unsigned int n)
{
	uint64_t s[BENCH_STAT_MAX];

	if (n == 0 || n > BENCH_STAT_MAX) {
		return 0;
	}
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	if (n % 2 == 0) {
		return ((double)s[n / 2 - 1] + (double)s[n / 2]) / 2;
	}
	return (double)s[n / 2];
}
