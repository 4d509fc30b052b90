/* SPDX-License-Identifier: ISC */
/*
 * bench_run.c - run one case of the stage-2 benchmark and check each result.
 *
 * Every repetition gets a fresh table; the setup, the bound and the checks
 * are outside the timed region, and so is the teardown, after which every
 * table page must be back in the pool.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <hv/errno.h>
#include <hv/pagepool.h>
#include <hv/s2pt.h>

#include "bench_bound.h"
#include "bench_env.h"
#include "bench_run.h"

#define KIB4		S2PT_PAGE_SIZE

/**
 * bench_run_fail() - report a failed call or a wrong result.
 * @r:   the run, for the case and repetition.
 * @fmt: printf format of the rest of the message.
 *
 * Return: -1, for the caller to pass on.
 */
int
bench_run_fail(const struct bench_run *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "s2pt-bench: case %c rep %u: ", r->c->id, r->rep + 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int
check_mapped_at(const struct bench_run *r, uint64_t ipa)
{
	const struct bench_case *c = r->c;
	uint64_t size = S2PT_LEVEL_SIZE(c->level), base = ipa & ~(size - 1);
	uint64_t pa = c->pa + (ipa - c->ipa);
	struct s2pt_leaf leaf;
	int ret;

	ret = s2pt_lookup(&r->pt, ipa_init(ipa), &leaf);
	if (ret == 0 && leaf.valid && leaf.level == c->level &&
	    ipa_addr(leaf.base) == base && leaf.size == size &&
	    pa_addr(leaf.pa) == pa && leaf.attr.perm == c->perm &&
	    leaf.attr.memtype == S2PT_NORMAL_WB) {
		return 0;
	}
	return bench_run_fail(r, "s2pt_lookup(ipa %#llx) = %d: valid %d "
	    "level %u base %#llx size %#llx pa %#llx perm %u memtype %u; "
	    "expected level %u base %#llx pa %#llx perm %u",
	    (unsigned long long)ipa, ret, leaf.valid, leaf.level,
	    (unsigned long long)ipa_addr(leaf.base),
	    (unsigned long long)leaf.size,
	    (unsigned long long)pa_addr(leaf.pa), leaf.attr.perm,
	    leaf.attr.memtype, c->level, (unsigned long long)base,
	    (unsigned long long)pa, c->perm);
}

static int
check_unmapped_at(const struct bench_run *r, uint64_t ipa)
{
	struct s2pt_leaf leaf;
	int ret;

	ret = s2pt_lookup(&r->pt, ipa_init(ipa), &leaf);
	if (ret == -ENOENT && !leaf.valid) {
		return 0;
	}
	return bench_run_fail(r, "s2pt_lookup(ipa %#llx) = %d, valid %d "
	    "level %u pa %#llx; expected -ENOENT", (unsigned long long)ipa, ret,
	    leaf.valid, leaf.level, (unsigned long long)pa_addr(leaf.pa));
}

/* Every leaf of the case's range (first and last byte), and its neighbours. */
static int
check_mapping(const struct bench_run *r)
{
	const struct bench_case *c = r->c;
	uint64_t off, step;

	if (check_unmapped_at(r, c->ipa - KIB4) != 0 ||
	    check_unmapped_at(r, c->ipa + c->size) != 0) {
		return -1;
	}
	if (c->level == 0) {
		for (off = 0; off < c->size; off += KIB4) {
			if (check_unmapped_at(r, c->ipa + off) != 0) {
				return -1;
			}
		}
		return 0;
	}
	step = S2PT_LEVEL_SIZE(c->level);
	for (off = 0; off < c->size; off += step) {
		if (check_mapped_at(r, c->ipa + off) != 0 ||
		    check_mapped_at(r, c->ipa + off + step - 1) != 0) {
			return -1;
		}
	}
	return 0;
}

static void
note_counts(const struct bench_run *r, const struct bench_result *res,
    const struct s2pt_stats *d)
{
	if (r->rep > 0 && (d->desc_writes != res->delta.desc_writes ||
	    d->tlbi_ipa != res->delta.tlbi_ipa ||
	    d->tlbi_vmid != res->delta.tlbi_vmid)) {
		fprintf(stderr, "s2pt-bench: note: case %c rep %u: counts "
		    "differ from the previous repetition\n", r->c->id,
		    r->rep + 1);
	}
	if (d->tlbi_vmid != r->seen_vmid) {
		fprintf(stderr, "s2pt-bench: note: case %c: stats tlbi_vmid "
		    "+%llu, tlb_flush_vmid called %llu times\n", r->c->id,
		    (unsigned long long)d->tlbi_vmid,
		    (unsigned long long)r->seen_vmid);
	}
	if (d->tlbi_ipa != r->seen_ipa && d->tlbi_ipa != r->seen_ipa_ops) {
		fprintf(stderr, "s2pt-bench: note: case %c: stats tlbi_ipa "
		    "+%llu, tlb_flush_ipa called %llu times for %llu TLBIs\n",
		    r->c->id, (unsigned long long)d->tlbi_ipa,
		    (unsigned long long)r->seen_ipa,
		    (unsigned long long)r->seen_ipa_ops);
	}
}

static int
check_result(struct bench_run *r, struct bench_result *res,
    const struct s2pt_stats *st0, const struct s2pt_stats *st1)
{
	struct s2pt_stats d = *st1, counted;
	int ret;

	if (check_mapping(r) != 0) {
		return -1;
	}
	if (r->c->sum_check && r->op_sum != r->expect_sum) {
		return bench_run_fail(r, "s2pt_lookup() PAs sum to %#llx, "
		    "expected %#llx", (unsigned long long)r->op_sum,
		    (unsigned long long)r->expect_sum);
	}
	ret = s2pt_audit(&r->pt, &counted);
	if (ret != 0) {
		return bench_run_fail(r, "s2pt_audit() = %d (%s)", ret,
		    strerror(-ret));
	}
	if (st1->table_pages != r->env->table_pages) {
		return bench_run_fail(r, "s2pt_stats() table_pages %llu, "
		    "%llu pages held", (unsigned long long)st1->table_pages,
		    (unsigned long long)r->env->table_pages);
	}
	d.desc_writes -= st0->desc_writes;
	d.tlbi_ipa -= st0->tlbi_ipa;
	d.tlbi_vmid -= st0->tlbi_vmid;
	d.bbm -= st0->bbm;
	note_counts(r, res, &d);
	res->delta = d;
	res->table_pages = st1->table_pages;
	return 0;
}

static int
run_bound(struct bench_run *r, uint64_t *ns)
{
	struct bench_walk w;
	int ret = 0;

	switch (r->c->bound) {
	case BENCH_BOUND_WRITES:
		*ns = 0;
		break;
	case BENCH_BOUND_STORE:
	case BENCH_BOUND_STORE_LEAVES:
		ret = bench_bound_store(r->env, r->c->bound_arg,
		    r->c->bound == BENCH_BOUND_STORE, ns);
		break;
	case BENCH_BOUND_WALK:
		ret = bench_bound_walk(&r->pt, r->ipas, r->ipa_count, &w);
		if (ret == 0 && (w.valid != r->ipa_count ||
		    w.pa_sum != r->expect_sum)) {
			return bench_run_fail(r, "walk bound: %llu of %zu "
			    "IPAs mapped, PA sum %#llx, expected %#llx",
			    (unsigned long long)w.valid, r->ipa_count,
			    (unsigned long long)w.pa_sum,
			    (unsigned long long)r->expect_sum);
		}
		*ns = w.ns;
		break;
	}
	if (ret != 0) {
		return bench_run_fail(r, "bound: %s", strerror(-ret));
	}
	return 0;
}

static int
run_timed(struct bench_run *r, struct bench_result *res,
    struct s2pt_stats *st0, struct s2pt_stats *st1)
{
	const struct bench_env *env = r->env;
	uint64_t t0, ipa = env->flush_ipa, ops = env->flush_ipa_ops;
	uint64_t vmid = env->flush_vmid;
	int ret;

	s2pt_stats(&r->pt, st0);
	t0 = bench_env_now_ns();
	ret = r->c->op(r);
	res->op_ns[r->rep] = bench_env_now_ns() - t0;
	s2pt_stats(&r->pt, st1);
	r->seen_ipa = env->flush_ipa - ipa;
	r->seen_ipa_ops = env->flush_ipa_ops - ops;
	r->seen_vmid = env->flush_vmid - vmid;
	return ret;
}

/* Fresh table, untimed setup, bound, timed operation, checks, teardown. */
static int
run_rep(struct bench_run *r, struct bench_result *res)
{
	const struct bench_case *c = r->c;
	size_t free0 = pagepool_free_pages(&r->env->pool);
	uint64_t *bound_ns = &res->bound_ns[r->rep];
	struct s2pt_stats st0, st1;
	int ret;

	ret = bench_env_s2pt_init(r->env, &r->pt);
	if (ret != 0) {
		return bench_run_fail(r, "s2pt_init(ipa_bits %u) = %d (%s)",
		    BENCH_ENV_IPA_BITS, ret, strerror(-ret));
	}
	ret = c->setup != NULL ? c->setup(r) : 0;
	if (ret == 0 && (c->bound != BENCH_BOUND_WALK || c->walk_before)) {
		ret = run_bound(r, bound_ns);
	}
	if (ret == 0) {
		ret = run_timed(r, res, &st0, &st1);
	}
	if (ret == 0 && c->bound == BENCH_BOUND_WALK && !c->walk_before) {
		ret = run_bound(r, bound_ns);
	}
	if (ret == 0) {
		ret = check_result(r, res, &st0, &st1);
	}
	s2pt_fini(&r->pt);
	if (ret == 0 && pagepool_free_pages(&r->env->pool) != free0) {
		ret = bench_run_fail(r, "s2pt_fini() left %zu pages in use",
		    free0 - pagepool_free_pages(&r->env->pool));
	}
	return ret;
}

/**
 * bench_run_case() - run a case @reps times and keep its figures.
 * @c:    the case.
 * @env:  the environment.
 * @ipas: room for the IPA sequence (1 M entries).
 * @reps: repetitions, 1..BENCH_RUN_REPS_MAX.
 * @res:  the figures; @res->reps repetitions completed.
 *
 * Stops at the first repetition that fails, after reporting it.
 *
 * Return: 0, or -1 if an s2pt call failed or a result was wrong.
 */
int
bench_run_case(const struct bench_case *c, struct bench_env *env,
    uint64_t *ipas, unsigned int reps, struct bench_result *res)
{
	struct bench_run r;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.env = env;
	r.ipas = ipas;
	res->reps = 0;
	if (c->prepare != NULL) {
		ret = c->prepare(&r);
	}
	for (r.rep = 0; r.rep < reps && ret == 0; r.rep++) {
		ret = run_rep(&r, res);
		if (ret == 0) {
			res->reps++;
		}
	}
	return ret;
}
