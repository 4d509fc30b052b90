/* SPDX-License-Identifier: ISC */
/*
 * bench_bound.h - the lower bounds the stage-2 benchmark compares against.
 *
 * The store bound is the cost of the descriptor stores alone: no walk, no
 * checks, no allocation.  The walk bound is a hand-written walk of the very
 * tables an operation built, with nothing around it.
 */
#ifndef BENCH_BOUND_H
#define BENCH_BOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/s2pt.h>

#include "bench_env.h"

/**
 * struct bench_walk - what a walk bound saw.
 * @ns:     time taken.
 * @pa_sum: sum of the translated PAs (wrapping), to compare with s2pt's.
 * @valid:  IPAs that translated.
 */
struct bench_walk {
	uint64_t ns;
	uint64_t pa_sum;
	uint64_t valid;
};

int bench_bound_store(struct bench_env *env, uint64_t leaf_count,
    bool table_descs, uint64_t *ns);
int bench_bound_walk(const struct s2pt *pt, const uint64_t *ipas, size_t n,
    struct bench_walk *res);

#endif /* BENCH_BOUND_H */
