/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_alloc.c - table allocation failure at every point of a call.
 *
 * For calls that need several table pages, the k-th allocation is made to
 * fail (alone, then together with every later one) for every k up to the
 * number the call takes: each attempt must return -ENOMEM with the visible
 * address space (dump) as before, s2pt_audit() passing, no descriptor
 * written and no page kept; then, with allocations succeeding, the call
 * must succeed.
 */
#include "check_s2pt.h"

#define RW	(S2PT_R | S2PT_W)
#define WB	S2PT_NORMAL_WB
#define PA0	((uint64_t)0x880000000)
#define TOP	((uint64_t)1 << 40)
#define K_MAX	64

struct scenario {
	const char *name;
	void (*setup)(struct t_env *e);
	int (*call)(struct t_env *e);
};

static void
setup_none(struct t_env *e)
{
	(void)e;
}

static void
setup_blocks(struct t_env *e)
{
	ck_assert_int_eq(t_map(e, SZ_1G, PA0, 3 * SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_set_owner(e, 6 * SZ_1G, SZ_1G, 0, 5), 0);
}

static int
map_unaligned_gib_congruent(struct t_env *e)
{
	uint64_t a = SZ_1G - SZ_2M - 2 * SZ_4K;

	return t_map(e, a, a + 4 * SZ_1G, 3 * SZ_1G + 2 * SZ_2M + 5 * SZ_4K,
	    RW, WB);
}

static int
map_unaligned_2mib_congruent(struct t_env *e)
{
	uint64_t a = 5 * SZ_1G - 3 * SZ_4K;

	return t_map(e, a, a + PA0 + SZ_2M, 2 * SZ_1G + 7 * SZ_4K, RW, WB);
}

static int
map_across_root_tables(struct t_env *e)
{
	return t_map(e, SZ_512G - SZ_2M - SZ_4K, PA0 - SZ_4K,
	    2 * SZ_2M + 2 * SZ_4K, RW, WB);
}

static int
unmap_page_in_block(struct t_env *e)
{
	return t_unmap(e, 2 * SZ_1G + 7 * SZ_2M + 3 * SZ_4K, SZ_4K);
}

static int
unmap_inside_three_blocks(struct t_env *e)
{
	return t_unmap(e, SZ_1G + SZ_4K, 3 * SZ_1G - 2 * SZ_4K);
}

static int
protect_across_blocks(struct t_env *e)
{
	return t_protect(e, 2 * SZ_1G - SZ_2M - SZ_4K, 2 * SZ_2M + 2 * SZ_4K,
	    S2PT_R, S2PT_NORMAL_NC);
}

static int
set_owner_odd_range(struct t_env *e)
{
	return t_set_owner(e, 9 * SZ_1G - SZ_4K, SZ_1G + SZ_2M + 2 * SZ_4K, 0,
	    7);
}

static int
set_owner_inside_annotation(struct t_env *e)
{
	return t_set_owner(e, 6 * SZ_1G + SZ_2M + SZ_4K, SZ_4K, 5, 6);
}

static const struct scenario scenarios[] = {
	{ "map of unaligned GiBs, PA congruent mod 1 GiB", setup_none,
	    map_unaligned_gib_congruent },
	{ "map of unaligned GiBs, PA congruent mod 2 MiB", setup_none,
	    map_unaligned_2mib_congruent },
	{ "map across root tables", setup_none, map_across_root_tables },
	{ "unmap of a page inside a 1 GiB block", setup_blocks,
	    unmap_page_in_block },
	{ "unmap inside three 1 GiB blocks", setup_blocks,
	    unmap_inside_three_blocks },
	{ "protect across two 1 GiB blocks", setup_blocks,
	    protect_across_blocks },
	{ "set_owner of an odd range", setup_blocks, set_owner_odd_range },
	{ "set_owner inside a 1 GiB annotation", setup_blocks,
	    set_owner_inside_annotation },
};

#define SCENARIO_COUNT	(sizeof(scenarios) / sizeof(scenarios[0]))

/* One attempt with the k-th allocation failing; returns whether it did. */
static bool
attempt(struct t_env *e, const struct scenario *sc, long k, bool sticky,
    const struct t_dump *before)
{
	uint64_t failures = e->fake->failures, allocs = e->fake->allocs;
	struct t_dump after;
	int rc;

	s2pt_fake_fail_after(e->fake, k, sticky);
	rc = sc->call(e);
	s2pt_fake_fail_after(e->fake, -1, false);
	if (rc == 0) {
		/* Allocation k was never asked for: the call takes k. */
		ck_assert_msg(e->fake->failures == failures, "%s: succeeded"
		    " although allocation %ld failed", sc->name, k);
		ck_assert_uint_eq(e->fake->allocs - allocs, (uint64_t)k);
		return false;
	}
	ck_assert_msg(rc == -ENOMEM, "%s, allocation %ld failing: returned"
	    " %d", sc->name, k, rc);
	ck_assert_msg(e->fake->failures == failures + 1, "%s: -ENOMEM but"
	    " no allocation failed", sc->name);
	t_dump_take(e, 0, TOP, &after);
	ck_assert_msg(t_dump_same(before, &after), "%s, allocation %ld"
	    " failing: the address space changed", sc->name, k);
	t_dump_free(&after);
	return true;
}

static void
run_scenario(const struct scenario *sc, bool sticky)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	struct t_dump before;
	long k;

	sc->setup(e);
	t_dump_take(e, 0, TOP, &before);
	for (k = 0; k < K_MAX && attempt(e, sc, k, sticky, &before); k++) {
		continue;
	}
	ck_assert_msg(k < K_MAX, "%s: still failing after %d allocations",
	    sc->name, K_MAX);
	ck_assert_msg(k > 1, "%s: needs %ld table pages, the case tests"
	    " too little", sc->name, k);
	t_dump_free(&before);
	t_env_free(e);
}

START_TEST(alloc_failure_changes_nothing_and_keeps_nothing)
{
	run_scenario(&scenarios[_i], false);
}
END_TEST

START_TEST(alloc_failure_of_all_later_allocations_changes_nothing)
{
	run_scenario(&scenarios[_i], true);
}
END_TEST

START_TEST(alloc_failure_in_two_tables_sharing_a_pool)
{
	struct t_env *a = t_env_new(&(struct t_cfg){ .pool_pages = 8 });
	struct t_env *b = t_env_share(a, &(struct t_cfg){ .vmid = 9 });
	uint64_t out;

	/* a: 2 root pages, b: 2 root pages, 4 left. */
	ck_assert_int_eq(t_map(a, SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(b, SZ_4K, PA0, SZ_4K, RW, WB), 0);
	out = a->fake->pages_out;
	ck_assert_int_eq(t_map(a, 3 * SZ_1G + SZ_4K, PA0, SZ_4K, RW, WB),
	    -ENOMEM);
	ck_assert_uint_eq(a->fake->pages_out, out);
	ck_assert_int_eq(t_unmap(b, SZ_4K, SZ_4K), 0);
	ck_assert_int_eq(t_map(a, 3 * SZ_1G + SZ_4K, PA0, SZ_4K, RW, WB), 0);
	t_env_free(b);
	t_env_free(a);
}
END_TEST

/**
 * s2pt_suite_alloc() - allocation failure injection.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_alloc(void)
{
	Suite *s = suite_create("alloc-failure");
	TCase *tc = tcase_create("alloc");

	tcase_add_loop_test(tc, alloc_failure_changes_nothing_and_keeps_nothing,
	    0, (int)SCENARIO_COUNT);
	tcase_add_loop_test(tc,
	    alloc_failure_of_all_later_allocations_changes_nothing, 0,
	    (int)SCENARIO_COUNT);
	tcase_add_test(tc, alloc_failure_in_two_tables_sharing_a_pool);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
