/* SPDX-License-Identifier: ISC */
/*
 * bench_report.c - medians, ratios and targets of the stage-2 benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <hv/s2pt.h>

#include "bench_env.h"
#include "bench_report.h"
#include "bench_run.h"
#include "bench_stat.h"

_Static_assert(BENCH_RUN_REPS_MAX <= BENCH_STAT_MAX,
    "bench_median() takes every repetition");

static bool
tlbi_ok(enum bench_tlbi_rule rule, const struct s2pt_stats *d)
{
	switch (rule) {
	case BENCH_TLBI_NONE:
		return d->tlbi_ipa == 0 && d->tlbi_vmid == 0;
	case BENCH_TLBI_ONE_VMID:
		return d->tlbi_ipa == 0 && d->tlbi_vmid == 1;
	case BENCH_TLBI_MAX_ONE_VMID:
		return d->tlbi_vmid <= 1 &&
		    d->tlbi_ipa <= S2PT_TLBI_THRESHOLD_DEFAULT;
	case BENCH_TLBI_ANY:
		break;
	}
	return true;
}

static void
fmt_ns(char *buf, size_t len, double ns)
{
	snprintf(buf, len, ns < 1 ? "%.3f" : ns < 10 ? "%.2f" :
	    ns < 1000 ? "%.1f" : "%.0f", ns);
}

/**
 * bench_report_header() - the machine line and the column heads.
 * @reps:       repetitions per case.
 * @pool_bytes: size of the table page pool.
 */
void
bench_report_header(unsigned int reps, size_t pool_bytes)
{
	struct utsname u;

	if (uname(&u) != 0) {
		strcpy(u.machine, "?");
	}
	printf("s2pt-bench: %s, %ld CPUs, %u repetitions per case, medians; "
	    "IPA %u bits, %zu MiB pool\n", u.machine,
	    sysconf(_SC_NPROCESSORS_ONLN), reps, BENCH_ENV_IPA_BITS,
	    pool_bytes >> 20);
	printf("%-4s %-31s %8s %-9s %12s %6s  %-21s %5s %7s %8s %9s %s\n",
	    "case", "what", "median", "unit", "bound", "ratio", "target",
	    "pages", "writes", "TLBI-IPA", "TLBI-VMID", "met");
}

static void
print_counts(const struct bench_result *res, const char *met)
{
	printf(" %5llu %7llu %8llu %9llu %s\n",
	    (unsigned long long)res->table_pages,
	    (unsigned long long)res->delta.desc_writes,
	    (unsigned long long)res->delta.tlbi_ipa,
	    (unsigned long long)res->delta.tlbi_vmid, met);
}

/**
 * bench_report_row() - print a case's row.
 * @c:      the case.
 * @res:    its figures.
 * @failed: a call failed or a result was wrong: no figures are shown.
 *
 * The median and the bound are per @c->unit; the ratio is median over bound,
 * or the descriptor writes over the write bound.
 *
 * Return: 1 if the target was met, 0 if not, -1 for an informational row.
 */
int
bench_report_row(const struct bench_case *c, const struct bench_result *res,
    bool failed)
{
	char med[24], bound[24];
	double m, b, ratio;
	int met;

	if (failed) {
		printf("%-4c %-31s %8s %-9s %12s %6s  %-21s\n", c->id,
		    c->what, "FAILED", c->unit, "-", "-", c->target);
		return c->factor > 0 ? 0 : -1;
	}
	m = bench_median(res->op_ns, res->reps) / (double)c->per;
	fmt_ns(med, sizeof(med), m);
	if (c->bound == BENCH_BOUND_WRITES) {
		snprintf(bound, sizeof(bound), "%llu write%s",
		    (unsigned long long)c->bound_arg,
		    c->bound_arg == 1 ? "" : "s");
		ratio = (double)res->delta.desc_writes / (double)c->bound_arg;
	} else {
		b = bench_median(res->bound_ns, res->reps) / (double)c->per;
		fmt_ns(bound, sizeof(bound) - 8, b);
		strcat(bound,
		    c->bound == BENCH_BOUND_WALK ? " walk" : " store");
		ratio = b > 0 ? m / b : 0;
	}
	met = c->factor <= 0 ? -1 :
	    ratio <= c->factor && tlbi_ok(c->tlbi, &res->delta);
	printf("%-4c %-31s %8s %-9s %12s %6.2f  %-21s", c->id, c->what, med,
	    c->unit, bound, ratio, c->target);
	print_counts(res, met < 0 ? "-" : met ? "yes" : "NO");
	return met;
}
