/* SPDX-License-Identifier: ISC */
/*
 * bench_stat.h - what the benchmarks make of repeated measurements.
 */
#ifndef BENCH_STAT_H
#define BENCH_STAT_H

#include <stdint.h>

/** BENCH_STAT_MAX - most values bench_median() takes. */
#define BENCH_STAT_MAX		99u

/**
 * bench_median() - the median of some measurements.
 * @v: the values (left as they are).
 * @n: how many, 1..BENCH_STAT_MAX.
 *
 * Return: the middle value, or the mean of the two middle ones for an
 * even @n; 0 for @n out of range.
 */
double bench_median(const uint64_t *v, unsigned int n);

#endif /* BENCH_STAT_H */
