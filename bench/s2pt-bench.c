/* SPDX-License-Identifier: ISC */
/*
 * s2pt-bench.c - what stage-2 operations cost, against bounds measured in
 * the same run.
 *
 * Each case builds a fresh table, does its untimed setup, times one
 * operation, checks the result with s2pt_lookup() and s2pt_audit() and
 * tears the table down untimed; the median of the repetitions is reported
 * with the descriptor writes and TLB invalidations s2pt_stats() counted.
 * Absolute times on a shared machine are noise: the ratio to a store bound
 * (the descriptor stores alone) or a walk bound (a hand-written walk of the
 * same tables) and the counts are what the targets are about.
 *
 * Exit status: 0 when every s2pt call succeeded and every result was right,
 * whether or not the targets were met; 1 otherwise; 2 for bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hv/errno.h>
#include <hv/s2pt.h>

#include "bench_env.h"
#include "bench_report.h"
#include "bench_run.h"

#define KIB4		S2PT_PAGE_SIZE
#define MIB2		S2PT_LEVEL_SIZE(2)
#define GIB		S2PT_LEVEL_SIZE(1)
#define PAGES_1G	(GIB / KIB4)		/* 262,144 */
#define LOOKUPS		((uint64_t)1 << 20)
#define POOL_BYTES	((size_t)64 << 20)
#define REPS_DEFAULT	11
#define IPA0		((uint64_t)4 << 30)
#define PA0		((uint64_t)8 << 30)

static const struct s2pt_attr attr_rw = { S2PT_R | S2PT_W, S2PT_NORMAL_WB };
static const struct s2pt_attr attr_ro = { S2PT_R, S2PT_NORMAL_WB };

/* The exact call that failed, with what it returned. */
static int
call_fail(const struct bench_run *r, const char *call, uint64_t ipa,
    uint64_t size, const char *more, int ret)
{
	return bench_run_fail(r, "%s(ipa %#llx, size %#llx%s) = %d (%s)", call,
	    (unsigned long long)ipa, (unsigned long long)size, more, ret,
	    strerror(-ret));
}

static int
map_fail(const struct bench_run *r, uint64_t ipa, uint64_t pa, uint64_t size,
    int ret)
{
	return bench_run_fail(r, "s2pt_map(ipa %#llx, pa %#llx, size %#llx, "
	    "{RW, NORMAL_WB}) = %d (%s)", (unsigned long long)ipa,
	    (unsigned long long)pa, (unsigned long long)size, ret,
	    strerror(-ret));
}

static uint64_t
xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int
prepare_seq(struct bench_run *r)
{
	size_t i;

	r->ipa_count = r->c->size / KIB4;
	r->expect_sum = 0;
	for (i = 0; i < r->ipa_count; i++) {
		r->ipas[i] = r->c->ipa + i * KIB4;
		r->expect_sum += r->c->pa + i * KIB4;
	}
	return 0;
}

static int
prepare_random(struct bench_run *r)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t i;

	r->ipa_count = LOOKUPS;
	r->expect_sum = 0;
	for (i = 0; i < r->ipa_count; i++) {
		uint64_t off = xorshift64(&seed) & (r->c->size - 1);

		r->ipas[i] = r->c->ipa + off;
		r->expect_sum += r->c->pa + off;
	}
	return 0;
}

static int
op_map(struct bench_run *r)
{
	int ret;

	ret = s2pt_map(&r->pt, ipa_init(r->c->ipa), pa_init(r->c->pa),
	    r->c->size, attr_rw);
	if (ret != 0) {
		return map_fail(r, r->c->ipa, r->c->pa, r->c->size, ret);
	}
	return 0;
}

static int
op_unmap(struct bench_run *r)
{
	int ret;

	ret = s2pt_unmap(&r->pt, ipa_init(r->c->ipa), r->c->size);
	if (ret != 0) {
		return call_fail(r, "s2pt_unmap", r->c->ipa, r->c->size, "",
		    ret);
	}
	return 0;
}

static int
op_map_pages(struct bench_run *r)
{
	uint64_t pa = r->c->pa;
	size_t i;
	int ret;

	for (i = 0; i < r->ipa_count; i++, pa += KIB4) {
		ret = s2pt_map(&r->pt, ipa_init(r->ipas[i]), pa_init(pa), KIB4,
		    attr_rw);
		if (ret != 0) {
			return map_fail(r, r->ipas[i], pa, KIB4, ret);
		}
	}
	return 0;
}

static int
op_unmap_pages(struct bench_run *r)
{
	size_t i;
	int ret;

	for (i = 0; i < r->ipa_count; i++) {
		ret = s2pt_unmap(&r->pt, ipa_init(r->ipas[i]), KIB4);
		if (ret != 0) {
			return call_fail(r, "s2pt_unmap", r->ipas[i], KIB4,
			    "", ret);
		}
	}
	return 0;
}

static int
op_protect(struct bench_run *r)
{
	int ret;

	ret = s2pt_protect(&r->pt, ipa_init(r->c->ipa), r->c->size, attr_ro);
	if (ret != 0) {
		return call_fail(r, "s2pt_protect", r->c->ipa, r->c->size,
		    ", {R, NORMAL_WB}", ret);
	}
	return 0;
}

static int
op_lookups(struct bench_run *r)
{
	struct s2pt_leaf leaf;
	uint64_t sum = 0;
	size_t i;
	int ret;

	for (i = 0; i < r->ipa_count; i++) {
		ret = s2pt_lookup(&r->pt, ipa_init(r->ipas[i]), &leaf);
		if (ret != 0) {
			return bench_run_fail(r, "s2pt_lookup(ipa %#llx) = %d "
			    "(%s)", (unsigned long long)r->ipas[i], ret,
			    strerror(-ret));
		}
		sum += pa_addr(leaf.pa);
	}
	r->op_sum = sum;
	return 0;
}

/* Every 2 MiB as one page and then the other 511, so no block can be used. */
static int
setup_map_split(struct bench_run *r)
{
	uint64_t off, ipa, pa;
	int ret;

	for (off = 0; off < r->c->size; off += MIB2) {
		ipa = r->c->ipa + off;
		pa = r->c->pa + off;
		ret = s2pt_map(&r->pt, ipa_init(ipa), pa_init(pa), KIB4,
		    attr_rw);
		if (ret != 0) {
			return map_fail(r, ipa, pa, KIB4, ret);
		}
		ret = s2pt_map(&r->pt, ipa_init(ipa + KIB4),
		    pa_init(pa + KIB4), MIB2 - KIB4, attr_rw);
		if (ret != 0) {
			return map_fail(r, ipa + KIB4, pa + KIB4, MIB2 - KIB4,
			    ret);
		}
	}
	return 0;
}

static int
op_collapse(struct bench_run *r)
{
	int ret;

	ret = s2pt_collapse(&r->pt, ipa_init(r->c->ipa), r->c->size);
	if (ret != 0) {
		return call_fail(r, "s2pt_collapse", r->c->ipa, r->c->size,
		    "", ret);
	}
	return 0;
}

#define RW	(S2PT_R | S2PT_W)

static const struct bench_case cases[] = {
	{ .id = 'a', .what = "map 1G, IPA and PA 1G-aligned",
	  .unit = "ns/call", .ipa = IPA0, .pa = PA0, .size = GIB,
	  .level = 1, .perm = RW, .per = 1,
	  .bound = BENCH_BOUND_WRITES, .bound_arg = 1, .factor = 1.0,
	  .tlbi = BENCH_TLBI_NONE, .target = "1 write, 0 TLBI",
	  .op = op_map },
	{ .id = 'b', .what = "map 1G, 2M- but not 1G-aligned",
	  .unit = "ns/call", .ipa = IPA0 + MIB2, .pa = PA0 + MIB2, .size = GIB,
	  .level = 2, .perm = RW, .per = 1,
	  .bound = BENCH_BOUND_WRITES, .bound_arg = 512, .factor = 1.05,
	  .tlbi = BENCH_TLBI_NONE, .target = "~512 wr, 0 TLBI",
	  .op = op_map },
	{ .id = 'c', .what = "map 1G, PA-IPA 4K-aligned",
	  .unit = "ns/page", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 3, .perm = RW, .per = PAGES_1G,
	  .bound = BENCH_BOUND_STORE, .bound_arg = PAGES_1G, .factor = 3.0,
	  .tlbi = BENCH_TLBI_ANY, .target = "<=3x store",
	  .op = op_map },
	{ .id = 'd', .what = "unmap all of (c), one call",
	  .unit = "ns/page", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 0, .perm = 0, .per = PAGES_1G,
	  .bound = BENCH_BOUND_STORE, .bound_arg = PAGES_1G, .factor = 3.0,
	  .tlbi = BENCH_TLBI_ONE_VMID, .target = "<=3x store, 1 VMID",
	  .setup = op_map, .op = op_unmap },
	{ .id = 'e', .what = "262144 x map 4K, sequential",
	  .unit = "ns/call", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 3, .perm = RW, .per = PAGES_1G,
	  .bound = BENCH_BOUND_WALK, .factor = 5.0,
	  .tlbi = BENCH_TLBI_ANY, .target = "<=5x walk",
	  .prepare = prepare_seq, .op = op_map_pages },
	{ .id = 'f', .what = "262144 x unmap 4K of (e)",
	  .unit = "ns/call", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 0, .perm = 0, .per = PAGES_1G,
	  .bound = BENCH_BOUND_WALK, .walk_before = true, .factor = 5.0,
	  .tlbi = BENCH_TLBI_ANY, .target = "<=5x walk",
	  .prepare = prepare_seq, .setup = op_map_pages,
	  .op = op_unmap_pages },
	{ .id = 'g', .what = "protect 1G of 4K pages to RO",
	  .unit = "ns/page", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 3, .perm = S2PT_R, .per = PAGES_1G,
	  .bound = BENCH_BOUND_STORE_LEAVES, .bound_arg = PAGES_1G,
	  .factor = 5.0, .tlbi = BENCH_TLBI_MAX_ONE_VMID,
	  .target = "<=5x store, <=1 VMID",
	  .setup = op_map, .op = op_protect },
	{ .id = 'h', .what = "1M random lookups, 4K pages",
	  .unit = "ns/lookup", .ipa = IPA0, .pa = PA0 + KIB4, .size = GIB,
	  .level = 3, .perm = RW, .per = LOOKUPS,
	  .bound = BENCH_BOUND_WALK, .sum_check = true, .factor = 1.5,
	  .tlbi = BENCH_TLBI_ANY, .target = "<=1.5x walk",
	  .prepare = prepare_random, .setup = op_map, .op = op_lookups },
	{ .id = 'h', .what = "1M random lookups, 2M blocks",
	  .unit = "ns/lookup", .ipa = IPA0, .pa = PA0 + MIB2, .size = GIB,
	  .level = 2, .perm = RW, .per = LOOKUPS,
	  .bound = BENCH_BOUND_WALK, .sum_check = true, .factor = 1.5,
	  .tlbi = BENCH_TLBI_ANY, .target = "<=1.5x walk",
	  .prepare = prepare_random, .setup = op_map, .op = op_lookups },
	{ .id = 'i', .what = "collapse 1G of 4K to a block",
	  .unit = "ns/page", .ipa = IPA0, .pa = PA0, .size = GIB,
	  .level = 1, .perm = RW, .per = PAGES_1G,
	  .bound = BENCH_BOUND_STORE_LEAVES, .bound_arg = PAGES_1G,
	  .factor = 0, .tlbi = BENCH_TLBI_ANY, .target = "(info)",
	  .setup = setup_map_split, .op = op_collapse },
};

#define CASE_COUNT	(sizeof(cases) / sizeof(cases[0]))

static void
usage(FILE *f)
{
	fprintf(f, "usage: s2pt-bench [-h] [-c cases] [-r repetitions]\n"
	    "  -c cases        run only these cases, e.g. -c a,c,h "
	    "(default: a-i)\n"
	    "  -r repetitions  runs per case, 1..%d (default %d)\n"
	    "  -h              this help\n", BENCH_RUN_REPS_MAX, REPS_DEFAULT);
}

static int
parse_cases(const char *list, bool *sel)
{
	const char *p;

	memset(sel, 0, 26 * sizeof(*sel));
	for (p = list; *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'i') {
			sel[*p - 'a'] = true;
		} else if (*p != ',' && *p != ' ') {
			return -1;
		}
	}
	return 0;
}

static int
parse_args(int argc, char **argv, unsigned int *reps, bool *sel)
{
	char *end;
	long v;
	int ch;

	while ((ch = getopt(argc, argv, "c:hr:")) != -1) {
		switch (ch) {
		case 'c':
			if (parse_cases(optarg, sel) != 0) {
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'r':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > BENCH_RUN_REPS_MAX) {
				return -1;
			}
			*reps = (unsigned int)v;
			break;
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static int
run_all(struct bench_env *env, uint64_t *ipas, unsigned int reps,
    const bool *sel)
{
	static struct bench_result res;
	unsigned int met = 0, targets = 0;
	bool failed = false, bad;
	size_t i;
	int m;

	for (i = 0; i < CASE_COUNT; i++) {
		if (!sel[cases[i].id - 'a']) {
			continue;
		}
		memset(&res, 0, sizeof(res));
		bad = bench_run_case(&cases[i], env, ipas, reps, &res) != 0;
		failed = failed || bad;
		m = bench_report_row(&cases[i], &res, bad);
		targets += m >= 0;
		met += m > 0;
		fflush(stdout);
	}
	printf("targets met: %u/%u\n", met, targets);
	return failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct bench_env env;
	unsigned int reps = REPS_DEFAULT;
	bool sel[26];
	uint64_t *ipas;
	int ret;

	memset(sel, 1, sizeof(sel));
	if (parse_args(argc, argv, &reps, sel) != 0) {
		usage(stderr);
		return 2;
	}
	ret = bench_env_init(&env, POOL_BYTES);
	if (ret != 0) {
		fprintf(stderr, "s2pt-bench: cannot set up a %zu MiB pool: "
		    "%s\n", POOL_BYTES >> 20, strerror(-ret));
		return 1;
	}
	ipas = calloc(LOOKUPS > PAGES_1G ? LOOKUPS : PAGES_1G, sizeof(*ipas));
	if (ipas == NULL) {
		fprintf(stderr, "s2pt-bench: out of memory\n");
		bench_env_fini(&env);
		return 1;
	}
	bench_report_header(reps, POOL_BYTES);
	ret = run_all(&env, ipas, reps, sel);
	free(ipas);
	bench_env_fini(&env);
	return ret;
}
