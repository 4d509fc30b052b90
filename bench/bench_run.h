/* SPDX-License-Identifier: ISC */
/*
 * bench_run.h - one case of the stage-2 benchmark and how it is run.
 *
 * A case is a row of the report: an untimed setup on a fresh table, one
 * timed operation, the bound it is compared with, and the mapping that must
 * be found afterwards.  The runner repeats it, checks every repetition and
 * keeps the figures; the report turns them into a row.
 */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hv/s2pt.h>

#include "bench_env.h"

/** BENCH_RUN_REPS_MAX - most repetitions of one case. */
#define BENCH_RUN_REPS_MAX	99

/** enum bench_bound_kind - what the ratio of a case is taken against. */
enum bench_bound_kind {
	BENCH_BOUND_WRITES,	/* a descriptor write count */
	BENCH_BOUND_STORE,	/* store bound: leaves and table descriptors */
	BENCH_BOUND_STORE_LEAVES, /* store bound: leaves only */
	BENCH_BOUND_WALK,	/* walk bound over the case's IPA sequence */
};

/** enum bench_tlbi_rule - what a case's TLB invalidations must be. */
enum bench_tlbi_rule {
	BENCH_TLBI_ANY,
	BENCH_TLBI_NONE,
	BENCH_TLBI_ONE_VMID,	/* exactly one whole-VMID, none by IPA */
	BENCH_TLBI_MAX_ONE_VMID, /* at most one whole-VMID, few by IPA */
};

struct bench_run;

/**
 * struct bench_case - one row of the report.
 * @id:          the letter -c selects it by.
 * @what:        what is measured, for the report.
 * @unit:        unit of the median ("ns/page", "ns/call", "ns/lookup").
 * @ipa:         first IPA of the range the case works on.
 * @pa:          the PA @ipa maps to (the range is linear).
 * @size:        bytes in the range.
 * @level:       leaf level of the range after the operation; 0: unmapped.
 * @perm:        permissions of the range after the operation.
 * @per:         pages, calls or lookups in one operation (the divisor).
 * @bound:       what the ratio is taken against.
 * @bound_arg:   the write count, or the 4 KiB leaves of the store bound.
 * @walk_before: run the walk bound on the setup's tables, not the op's.
 * @sum_check:   the operation's PA sum must match the IPA sequence's.
 * @factor:      the ratio the target allows; 0: informational row.
 * @tlbi:        the target's rule on TLB invalidations.
 * @target:      the target, for the report.
 * @prepare:     fills the IPA sequence, once per case; may be NULL.
 * @setup:       untimed, on the fresh table; may be NULL.
 * @op:          the timed operation.
 */
struct bench_case {
	char id;
	const char *what;
	const char *unit;
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	unsigned int level;
	uint8_t perm;
	uint64_t per;
	enum bench_bound_kind bound;
	uint64_t bound_arg;
	bool walk_before;
	bool sum_check;
	double factor;
	enum bench_tlbi_rule tlbi;
	const char *target;
	int (*prepare)(struct bench_run *);
	int (*setup)(struct bench_run *);
	int (*op)(struct bench_run *);
};

/**
 * struct bench_run - the state of one case while it runs.
 * @c:            the case.
 * @env:          the environment.
 * @pt:           this repetition's table.
 * @ipas:         the IPA sequence of walk-bound cases.
 * @ipa_count:    its length.
 * @expect_sum:   the sum of the PAs @ipas translate to.
 * @op_sum:       the sum the operation found (@sum_check cases).
 * @rep:          the repetition, from 0.
 * @seen_ipa:     tlb_flush_ipa calls during the operation.
 * @seen_ipa_ops: TLBIs by IPA those calls stand for.
 * @seen_vmid:    tlb_flush_vmid calls during the operation.
 */
struct bench_run {
	const struct bench_case *c;
	struct bench_env *env;
	struct s2pt pt;
	uint64_t *ipas;
	size_t ipa_count;
	uint64_t expect_sum;
	uint64_t op_sum;
	unsigned int rep;
	uint64_t seen_ipa;
	uint64_t seen_ipa_ops;
	uint64_t seen_vmid;
};

/**
 * struct bench_result - the figures of one case over its repetitions.
 * @op_ns:       time of the operation, per repetition.
 * @bound_ns:    time of the bound, per repetition (0 for write bounds).
 * @reps:        repetitions completed.
 * @delta:       s2pt_stats() counters the operation added (last repetition).
 * @table_pages: table pages in use after the operation.
 */
struct bench_result {
	uint64_t op_ns[BENCH_RUN_REPS_MAX];
	uint64_t bound_ns[BENCH_RUN_REPS_MAX];
	unsigned int reps;
	struct s2pt_stats delta;
	uint64_t table_pages;
};

int bench_run_case(const struct bench_case *c, struct bench_env *env,
    uint64_t *ipas, unsigned int reps, struct bench_result *res);
int bench_run_fail(const struct bench_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* BENCH_RUN_H */
