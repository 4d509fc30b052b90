/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_shape_read.c - s2pt_lookup(), s2pt_dump() and s2pt_stats() on
 * tables of known shape.
 */
#include "check_s2pt.h"

#define RW	(S2PT_R | S2PT_W)
#define WB	S2PT_NORMAL_WB
#define PA0	((uint64_t)0x880000000)

static struct t_env *
env40(void)
{
	return t_env_new(&(struct t_cfg){ 0 });
}

static void
check_leaf(const struct t_env *e, uint64_t ipa, unsigned int level,
    uint64_t pa, uint8_t perm, uint8_t memtype)
{
	struct s2pt_leaf l;
	uint64_t size = S2PT_LEVEL_SIZE(level);

	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(ipa), &l), 0);
	ck_assert(l.valid);
	ck_assert_uint_eq(l.level, level);
	ck_assert_uint_eq(ipa_addr(l.base), ipa & ~(size - 1));
	ck_assert_uint_eq(l.size, size);
	ck_assert_uint_eq(pa_addr(l.pa), pa);
	ck_assert_uint_eq(l.attr.perm, perm);
	ck_assert_uint_eq(l.attr.memtype, memtype);
}

START_TEST(lookup_reports_page_and_blocks_with_offset)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_map(e, SZ_4K, PA0, SZ_4K, S2PT_R, WB), 0);
	ck_assert_int_eq(t_map(e, 5 * SZ_2M, PA0 + SZ_2M, SZ_2M, RW,
	    S2PT_NORMAL_NC), 0);
	ck_assert_int_eq(t_map(e, 9 * SZ_1G, PA0, SZ_1G, RW,
	    S2PT_DEVICE_nGnRE), 0);
	check_leaf(e, SZ_4K + 0x123, 3, PA0 + 0x123, S2PT_R, WB);
	check_leaf(e, 5 * SZ_2M + 0x1ff123, 2, PA0 + SZ_2M + 0x1ff123, RW,
	    S2PT_NORMAL_NC);
	check_leaf(e, 10 * SZ_1G - 1, 1, PA0 + SZ_1G - 1, RW,
	    S2PT_DEVICE_nGnRE);
	t_env_free(e);
}
END_TEST

START_TEST(lookup_of_unmapped_ipa_reports_the_entry_met)
{
	struct t_env *e = env40();
	struct s2pt_leaf l;

	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(5 * SZ_1G + 123), &l),
	    -ENOENT);
	ck_assert(!l.valid);
	ck_assert_uint_eq(l.level, 1);
	ck_assert_uint_eq(ipa_addr(l.base), 5 * SZ_1G);
	ck_assert_uint_eq(l.size, SZ_1G);
	ck_assert_uint_eq(l.owner, S2PT_OWNER_NONE);
	ck_assert_int_eq(t_map(e, 5 * SZ_1G, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(5 * SZ_1G + SZ_4K), &l),
	    -ENOENT);
	ck_assert_uint_eq(l.level, 3);
	ck_assert_uint_eq(ipa_addr(l.base), 5 * SZ_1G + SZ_4K);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(5 * SZ_1G + SZ_2M), &l),
	    -ENOENT);
	ck_assert_uint_eq(l.level, 2);
	ck_assert_uint_eq(l.size, SZ_2M);
	ck_assert_int_eq(t_set_owner(e, 6 * SZ_1G, SZ_2M, 0, 12), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(6 * SZ_1G + SZ_2M - 1),
	    &l), -ENOENT);
	ck_assert_uint_eq(l.level, 2);
	ck_assert_uint_eq(l.owner, 12);
	t_env_free(e);
}
END_TEST

START_TEST(lookup_outside_ipa_space_fails_erange)
{
	struct t_env *e = env40();
	struct s2pt_leaf l;

	ck_assert_int_eq(t_map(e, 0, 0, (uint64_t)1 << 40, RW, WB), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init((uint64_t)1 << 40), &l),
	    -ERANGE);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(~(uint64_t)0), &l),
	    -ERANGE);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(((uint64_t)1 << 40) - 1),
	    &l), 0);
	t_env_free(e);
}
END_TEST

static void
check_rec(const struct s2pt_dump_rec *r, uint64_t ipa, uint64_t size,
    unsigned int level, uint64_t pa)
{
	ck_assert_msg(ipa_addr(r->ipa) == ipa && r->size == size &&
	    r->level == level && r->valid && pa_addr(r->pa) == pa,
	    "record {ipa %#llx size %#llx level %u valid %d pa %#llx}, expected"
	    " {%#llx %#llx %u 1 %#llx}", (unsigned long long)ipa_addr(r->ipa),
	    (unsigned long long)r->size, r->level, r->valid,
	    (unsigned long long)pa_addr(r->pa), (unsigned long long)ipa,
	    (unsigned long long)size, level, (unsigned long long)pa);
}

START_TEST(dump_merges_like_runs_across_tables)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G - 2 * SZ_4K;
	struct t_dump d;

	/* Four pages over two level-3 tables in two level-2 tables. */
	ck_assert_int_eq(t_map(e, a, PA0 + SZ_4K, 4 * SZ_4K, RW, WB), 0);
	/* Two 2 MiB blocks, then one not contiguous with them. */
	ck_assert_int_eq(t_map(e, 2 * SZ_1G, PA0, 2 * SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, 2 * SZ_1G + 2 * SZ_2M, PA0 + 8 * SZ_2M, SZ_2M,
	    RW, WB), 0);
	t_dump_take(e, 0, (uint64_t)1 << 40, &d);
	ck_assert_uint_eq(d.n, 3);
	check_rec(&d.rec[0], a, 4 * SZ_4K, 3, PA0 + SZ_4K);
	ck_assert_uint_eq(d.rec[0].count, 4);
	check_rec(&d.rec[1], 2 * SZ_1G, 2 * SZ_2M, 2, PA0);
	ck_assert_uint_eq(d.rec[1].count, 2);
	check_rec(&d.rec[2], 2 * SZ_1G + 2 * SZ_2M, SZ_2M, 2, PA0 + 8 * SZ_2M);
	t_dump_free(&d);
	t_env_free(e);
}
END_TEST

START_TEST(dump_splits_runs_at_level_attr_and_owner_changes)
{
	struct t_env *e = env40();
	uint64_t g = 3 * SZ_1G;
	struct t_dump d;

	/* A page then a block, PA contiguous: the level differs. */
	ck_assert_int_eq(t_map(e, g - SZ_4K, PA0 - SZ_4K, SZ_4K + SZ_1G, RW,
	    WB), 0);
	/* The same PA run, other permissions. */
	ck_assert_int_eq(t_map(e, g + SZ_1G, PA0 + SZ_1G, SZ_1G, S2PT_R, WB),
	    0);
	ck_assert_int_eq(t_set_owner(e, 5 * SZ_1G, SZ_4K, 0, 1), 0);
	ck_assert_int_eq(t_set_owner(e, 5 * SZ_1G + SZ_4K, SZ_4K, 0, 2), 0);
	t_dump_take(e, 0, (uint64_t)1 << 40, &d);
	ck_assert_uint_eq(d.n, 5);
	check_rec(&d.rec[0], g - SZ_4K, SZ_4K, 3, PA0 - SZ_4K);
	check_rec(&d.rec[1], g, SZ_1G, 1, PA0);
	check_rec(&d.rec[2], g + SZ_1G, SZ_1G, 1, PA0 + SZ_1G);
	ck_assert_uint_eq(d.rec[2].attr.perm, S2PT_R);
	ck_assert(!d.rec[3].valid && d.rec[3].owner == 1);
	ck_assert_uint_eq(ipa_addr(d.rec[3].ipa), 5 * SZ_1G);
	ck_assert(!d.rec[4].valid && d.rec[4].owner == 2);
	ck_assert_uint_eq(d.rec[4].size, SZ_4K);
	t_dump_free(&d);
	t_env_free(e);
}
END_TEST

START_TEST(dump_clips_runs_to_the_range)
{
	struct t_env *e = env40();
	uint64_t g = 3 * SZ_1G;
	struct t_dump d;

	ck_assert_int_eq(t_map(e, g, PA0, 2 * SZ_1G, RW, WB), 0);
	t_dump_take(e, g + SZ_4K, 2 * SZ_4K, &d);
	ck_assert_uint_eq(d.n, 1);
	check_rec(&d.rec[0], g + SZ_4K, 2 * SZ_4K, 1, PA0 + SZ_4K);
	t_dump_free(&d);
	t_dump_take(e, g + SZ_1G - SZ_2M, 2 * SZ_2M, &d);
	ck_assert_uint_eq(d.n, 1);
	check_rec(&d.rec[0], g + SZ_1G - SZ_2M, 2 * SZ_2M, 1,
	    PA0 + SZ_1G - SZ_2M);
	t_dump_free(&d);
	t_dump_take(e, g - SZ_2M, SZ_2M, &d);
	ck_assert_uint_eq(d.n, 0);
	t_dump_free(&d);
	t_env_free(e);
}
END_TEST

static int
stop_at_first(void *arg, const struct s2pt_dump_rec *rec)
{
	unsigned int *calls = arg;

	(void)rec;
	(*calls)++;
	return 7;
}

START_TEST(dump_stops_when_told_and_rejects_bad_ranges)
{
	struct t_env *e = env40();
	unsigned int calls = 0;

	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, SZ_1G, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init(0), 2 * SZ_1G,
	    stop_at_first, &calls), 7);
	ck_assert_uint_eq(calls, 1);
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init(0x800), SZ_4K,
	    stop_at_first, &calls), -EINVAL);
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init(0), 0, stop_at_first,
	    &calls), -EINVAL);
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init((uint64_t)1 << 40), SZ_4K,
	    stop_at_first, &calls), -ERANGE);
	ck_assert_int_eq(s2pt_dump(&e->pt, ipa_init(SZ_4K),
	    ~(uint64_t)0 - SZ_4K + 1, stop_at_first, &calls), -ERANGE);
	ck_assert_uint_eq(calls, 1);
	t_env_free(e);
}
END_TEST

START_TEST(stats_count_tables_leaves_and_invalidations)
{
	struct t_env *e = env40();
	struct s2pt_stats st, d;

	ck_assert_int_eq(t_map(e, SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, SZ_2M, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, SZ_1G, PA0, SZ_1G, RW, WB), 0);
	s2pt_stats(&e->pt, &st);
	ck_assert_uint_eq(st.table_pages, 4);
	ck_assert_uint_eq(st.leaves[0], 0);
	ck_assert_uint_eq(st.leaves[1], 1);
	ck_assert_uint_eq(st.leaves[2], 1);
	ck_assert_uint_eq(st.leaves[3], 1);
	ck_assert_int_eq(t_unmap(e, SZ_1G, SZ_1G), 0);
	t_delta(e, &d);
	ck_assert_uint_eq(d.tlbi_ipa, t_log_tlbi_ops(e));
	ck_assert_uint_eq(d.tlbi_ipa, 1);
	ck_assert_uint_eq(d.tlbi_vmid, 0);
	ck_assert_uint_eq(d.leaves[1], (uint64_t)-1);
	ck_assert_int_eq(t_unmap(e, 0, SZ_1G), 0);
	t_delta(e, &d);
	ck_assert_uint_eq(d.tlbi_ipa, t_log_tlbi_ops(e));
	ck_assert_uint_eq(d.tlbi_vmid, t_log_count(e, FAKE_EV_TLBI_VMID));
	ck_assert_uint_eq(d.table_pages, (uint64_t)-2);
	t_env_free(e);
}
END_TEST

/* Store @v at @p behind s2pt's back, audit, put the old value back. */
static int
audit_with(struct t_env *e, uint64_t *p, uint64_t v)
{
	uint64_t old = *p;
	int rc;

	*p = v;
	rc = s2pt_audit(&e->pt, NULL);
	*p = old;
	return rc;
}

START_TEST(audit_detects_broken_tables)
{
	struct t_env *e = env40();
	uint64_t *l2, *l3, d;

	ck_assert_int_eq(t_map(e, SZ_1G + SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, SZ_1G + SZ_2M, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(s2pt_audit(&e->pt, NULL), 0);
	l2 = (uint64_t *)(uintptr_t)t_table(e, SZ_1G, 2);
	l3 = (uint64_t *)(uintptr_t)t_table(e, SZ_1G, 3);
	d = l2[0];
	/* wrong entry count */
	ck_assert_int_eq(audit_with(e, &l2[0], d + (1 << S2PT_DESC_COUNT_SHIFT)),
	    -EIO);
	/* a leaf the statistics do not know */
	ck_assert_int_eq(audit_with(e, &l3[7], t_page_desc(PA0, RW, WB, 3)),
	    -EIO);
	/* a block not aligned in PA */
	ck_assert_int_eq(audit_with(e, &l2[1], t_page_desc(PA0 + SZ_4K, RW, WB,
	    2)), -EIO);
	/* a table reached twice */
	ck_assert_int_eq(audit_with(e, &l2[2], d), -EIO);
	ck_assert_int_eq(s2pt_audit(&e->pt, NULL), 0);
	t_env_free(e);
}
END_TEST

/**
 * s2pt_suite_shape_read() - lookup, dump and stats.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_shape_read(void)
{
	Suite *s = suite_create("shape-read");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, lookup_reports_page_and_blocks_with_offset);
	tcase_add_test(tc, lookup_of_unmapped_ipa_reports_the_entry_met);
	tcase_add_test(tc, lookup_outside_ipa_space_fails_erange);
	tcase_add_test(tc, dump_merges_like_runs_across_tables);
	tcase_add_test(tc, dump_splits_runs_at_level_attr_and_owner_changes);
	tcase_add_test(tc, dump_clips_runs_to_the_range);
	tcase_add_test(tc, dump_stops_when_told_and_rejects_bad_ranges);
	tcase_add_test(tc, stats_count_tables_leaves_and_invalidations);
	tcase_add_test(tc, audit_detects_broken_tables);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
