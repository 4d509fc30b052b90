/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_shape_owner.c - owner annotations (s2pt_set_owner()) and
 * merging tables back into blocks (s2pt_collapse()).
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

static uint64_t
owner_desc(uint8_t owner)
{
	return (uint64_t)owner << S2PT_DESC_OWNER_SHIFT;
}

/* Map [ipa, ipa + size) with 4 KiB pages, PA contiguous from @pa. */
static void
map_as_pages(struct t_env *e, uint64_t ipa, uint64_t pa, uint64_t size,
    uint8_t perm)
{
	uint64_t off;

	/* A page first in each 2 MiB region makes the rest pages too. */
	for (off = 0; off < size; off += SZ_2M) {
		ck_assert_int_eq(t_map(e, ipa + off, pa + off, SZ_4K, perm, WB),
		    0);
		ck_assert_int_eq(t_map(e, ipa + off + SZ_4K, pa + off + SZ_4K,
		    SZ_2M - SZ_4K, perm, WB), 0);
	}
}

START_TEST(set_owner_uses_the_largest_entry)
{
	struct t_env *e = env40();
	uint64_t g = SZ_1G;

	ck_assert_int_eq(t_set_owner(e, g - SZ_4K, SZ_1G + SZ_2M + 2 * SZ_4K,
	    0, 7), 0);
	ck_assert_uint_eq(t_desc(e, g - SZ_4K, 3), owner_desc(7));
	ck_assert_uint_eq(t_nonzero(t_table(e, g - SZ_4K, 3), S2PT_ENTRIES), 1);
	ck_assert_uint_eq(t_nonzero(t_table(e, g - SZ_4K, 2), S2PT_ENTRIES), 1);
	ck_assert_uint_eq(t_desc(e, g, 1), owner_desc(7));
	ck_assert_uint_eq(t_desc(e, 2 * g, 2), owner_desc(7));
	ck_assert_uint_eq(t_desc(e, 2 * g + SZ_2M, 3), owner_desc(7));
	ck_assert_uint_eq(t_nonzero(t_table(e, 2 * g, 2), S2PT_ENTRIES), 2);
	ck_assert_uint_eq(t_nonzero(t_table(e, 2 * g + SZ_2M, 3),
	    S2PT_ENTRIES), 1);
	ck_assert_uint_eq(e->fake->pages_out, 2 + 4);
	t_env_free(e);
}
END_TEST

START_TEST(map_over_annotation_fails_eperm)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 5 * SZ_2M;

	ck_assert_int_eq(t_set_owner(e, a, SZ_2M, 0, 3), 0);
	ck_assert_int_eq(t_map(e, a, PA0, SZ_4K, RW, WB), -EPERM);
	ck_assert_int_eq(t_map(e, a - SZ_4K, PA0, 2 * SZ_4K, RW, WB), -EPERM);
	ck_assert_int_eq(t_map(e, SZ_1G, 0, SZ_1G, RW, WB), -EPERM);
	ck_assert_uint_eq(t_desc(e, a, 2), owner_desc(3));
	ck_assert_uint_eq(t_desc(e, a - SZ_2M, 2), 0);
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_over_mapping_fails_ebusy)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 5 * SZ_2M;

	ck_assert_int_eq(t_map(e, a + SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_set_owner(e, a, SZ_2M, 0, 3), -EBUSY);
	ck_assert_uint_eq(t_desc(e, a, 3), 0);
	ck_assert_int_eq(t_map(e, 3 * SZ_1G, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_set_owner(e, 3 * SZ_1G + SZ_2M, SZ_4K, 0, 3),
	    -EBUSY);
	ck_assert_uint_eq(t_desc(e, 3 * SZ_1G, 1), t_page_desc(PA0, RW, WB, 1));
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_is_compare_and_set)
{
	struct t_env *e = env40();
	uint64_t a = 2 * SZ_1G;
	struct s2pt_leaf l;

	ck_assert_int_eq(t_set_owner(e, a, SZ_4K, 0, 1), 0);
	ck_assert_int_eq(t_set_owner(e, a + SZ_4K, SZ_4K, 0, 2), 0);
	ck_assert_int_eq(t_set_owner(e, a, 2 * SZ_4K, 1, 9), -EPERM);
	ck_assert_int_eq(t_set_owner(e, a, 3 * SZ_4K, 0, 9), -EPERM);
	ck_assert_int_eq(t_set_owner(e, a, SZ_4K, 2, 9), -EPERM);
	ck_assert_uint_eq(t_desc(e, a, 3), owner_desc(1));
	ck_assert_uint_eq(t_desc(e, a + SZ_4K, 3), owner_desc(2));
	ck_assert_uint_eq(t_desc(e, a + 2 * SZ_4K, 3), 0);
	ck_assert_int_eq(t_set_owner(e, a, SZ_4K, 1, 2), 0);
	ck_assert_int_eq(t_set_owner(e, a, 2 * SZ_4K, 2, S2PT_OWNER_MAX), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(a + SZ_4K + 77), &l),
	    -ENOENT);
	ck_assert_uint_eq(l.owner, S2PT_OWNER_MAX);
	ck_assert_uint_eq(l.level, 3);
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_clearing_frees_tables)
{
	struct t_env *e = env40();
	uint64_t a = 2 * SZ_1G + 3 * SZ_2M + 5 * SZ_4K;

	ck_assert_int_eq(t_set_owner(e, a, 3 * SZ_4K, 0, 6), 0);
	ck_assert_uint_eq(e->fake->pages_out, 4);
	ck_assert_int_eq(t_set_owner(e, a, 3 * SZ_4K, 6, S2PT_OWNER_NONE), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 0);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_of_part_of_annotated_block_splits_it)
{
	struct t_env *e = env40();
	uint64_t b = SZ_1G + 8 * SZ_2M, p = b + 30 * SZ_4K;
	const uint64_t *l3;
	unsigned int i;

	ck_assert_int_eq(t_set_owner(e, b, SZ_2M, 0, 3), 0);
	ck_assert_int_eq(t_set_owner(e, p, SZ_4K, 3, 4), 0);
	l3 = t_table(e, b, 3);
	ck_assert_ptr_nonnull(l3);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(l3[i], owner_desc(i == 30 ? 4 : 3));
	}
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_bad_range_fails)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_set_owner(e, 0x800, SZ_4K, 0, 1), -EINVAL);
	ck_assert_int_eq(t_set_owner(e, 0, 0, 0, 1), -EINVAL);
	ck_assert_int_eq(t_set_owner(e, (uint64_t)1 << 40, SZ_4K, 0, 1),
	    -ERANGE);
	ck_assert_int_eq(t_set_owner(e, SZ_4K, ~(uint64_t)0 - SZ_4K + 1, 0, 1),
	    -ERANGE);
	t_env_free(e);
}
END_TEST

START_TEST(collapse_contiguous_pages_into_a_2mib_block)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 4 * SZ_2M;
	struct s2pt_stats d;

	map_as_pages(e, a, PA0 + SZ_2M, SZ_2M, RW);
	ck_assert(s2pt_desc_is_table(t_desc(e, a, 2), 2));
	ck_assert_int_eq(t_collapse(e, a, SZ_2M), 0);
	ck_assert_uint_eq(t_desc(e, a, 2), t_page_desc(PA0 + SZ_2M, RW, WB, 2));
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, (uint64_t)-1);
	ck_assert_uint_eq(d.leaves[3], (uint64_t)-512);
	ck_assert_uint_eq(d.leaves[2], 1);
	ck_assert_uint_eq(d.bbm, 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_ALLOC), 0);
	t_env_free(e);
}
END_TEST

START_TEST(collapse_1gib_of_pages_into_one_block_with_one_vmid_tlbi)
{
	struct t_env *e = env40();
	uint64_t g = 4 * SZ_1G;
	struct s2pt_stats d;

	map_as_pages(e, g, PA0, SZ_1G, RW);
	ck_assert_uint_eq(e->fake->pages_out, 2 + 1 + 512);
	ck_assert_int_eq(t_collapse(e, g - SZ_1G, 3 * SZ_1G), 0);
	ck_assert_uint_eq(t_desc(e, g, 1), t_page_desc(PA0, RW, WB, 1));
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_FREE), 513);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_delta(e, &d);
	ck_assert_uint_eq(d.bbm, 1);
	ck_assert_uint_eq(d.leaves[1], 1);
	ck_assert_uint_eq(d.leaves[3], (uint64_t)-(512 * 512));
	t_env_free(e);
}
END_TEST

START_TEST(collapse_of_many_tables_shares_one_vmid_tlbi)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 8 * SZ_2M;
	struct s2pt_stats d;
	int i;

	/* Four 2 MiB tables of pages, each becoming a block on its own. */
	for (i = 0; i < 4; i++) {
		map_as_pages(e, a + i * 2 * SZ_2M, PA0 + i * 2 * SZ_2M, SZ_2M,
		    RW);
	}
	ck_assert_int_eq(t_collapse(e, a, 8 * SZ_2M), 0);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(t_desc(e, a + i * 2 * SZ_2M, 2),
		    t_page_desc(PA0 + i * 2 * SZ_2M, RW, WB, 2));
	}
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_FREE), 4);
	t_delta(e, &d);
	ck_assert_uint_eq(d.bbm, 4);
	ck_assert_uint_eq(d.leaves[2], 4);
	t_env_free(e);
}
END_TEST

/* Collapse over [a, a + 2M) leaves the table as it is. */
static void
collapse_changes_nothing(struct t_env *e, uint64_t a)
{
	ck_assert_int_eq(t_collapse(e, a, SZ_2M), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, a, 2), 2));
}

START_TEST(collapse_leaves_non_uniform_tables_alone)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G, b = a + SZ_2M, c = b + SZ_2M, m = c + SZ_2M;

	/* not physically contiguous */
	map_as_pages(e, a, PA0, SZ_2M, RW);
	ck_assert_int_eq(t_unmap(e, a + 7 * SZ_4K, SZ_4K), 0);
	ck_assert_int_eq(t_map(e, a + 7 * SZ_4K, PA0 + 8 * SZ_4K, SZ_4K, RW,
	    WB), 0);
	collapse_changes_nothing(e, a);
	/* mixed attributes */
	map_as_pages(e, b, PA0 + SZ_2M, SZ_2M, RW);
	ck_assert_int_eq(t_protect(e, b + 3 * SZ_4K, SZ_4K, S2PT_R, WB), 0);
	collapse_changes_nothing(e, b);
	/* a hole */
	map_as_pages(e, c, PA0 + 2 * SZ_2M, SZ_2M, RW);
	ck_assert_int_eq(t_unmap(e, c + 511 * SZ_4K, SZ_4K), 0);
	collapse_changes_nothing(e, c);
	/* contiguous but not from a 2 MiB aligned PA */
	ck_assert_int_eq(t_map(e, m, PA0 + SZ_4K, SZ_2M, RW, WB), 0);
	collapse_changes_nothing(e, m);
	t_env_free(e);
}
END_TEST

START_TEST(collapse_needs_the_whole_table_inside_the_range)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 6 * SZ_2M;

	map_as_pages(e, a, PA0, SZ_2M, RW);
	ck_assert_int_eq(t_collapse(e, a + SZ_4K, SZ_2M - SZ_4K), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert_int_eq(t_collapse(e, a, SZ_2M - SZ_4K), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, a, 2), 2));
	ck_assert_int_eq(t_collapse(e, a - SZ_4K, SZ_2M + 2 * SZ_4K), 0);
	ck_assert_uint_eq(t_desc(e, a, 2), t_page_desc(PA0, RW, WB, 2));
	t_env_free(e);
}
END_TEST

START_TEST(set_owner_folds_a_table_of_one_owner)
{
	struct t_env *e = env40();
	uint64_t a = 2 * SZ_1G + 9 * SZ_2M;

	ck_assert_int_eq(t_set_owner(e, a, SZ_4K, 0, 7), 0);
	ck_assert_int_eq(t_set_owner(e, a + SZ_4K, SZ_2M - SZ_4K, 0, 6), 0);
	/* Two owners: the table stays. */
	ck_assert(s2pt_desc_is_table(t_desc(e, a, 2), 2));
	ck_assert_uint_eq(e->fake->pages_out, 4);
	ck_assert_int_eq(t_set_owner(e, a, SZ_4K, 7, 6), 0);
	/* One owner: one 2 MiB entry says it, the table is freed. */
	ck_assert_uint_eq(t_desc(e, a, 2), owner_desc(6));
	ck_assert_uint_eq(e->fake->pages_out, 3);
	ck_assert_int_eq(t_collapse(e, a, SZ_2M), 0);
	ck_assert_uint_eq(t_desc(e, a, 2), owner_desc(6));
	t_env_free(e);
}
END_TEST

START_TEST(collapse_never_allocates)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 4 * SZ_2M;

	map_as_pages(e, a, PA0, SZ_2M, RW);
	s2pt_fake_fail_after(e->fake, 0, true);
	ck_assert_int_eq(t_collapse(e, 0, (uint64_t)1 << 40), 0);
	ck_assert_uint_eq(e->fake->failures, 0);
	s2pt_fake_fail_after(e->fake, -1, false);
	ck_assert_uint_eq(t_desc(e, a, 2), t_page_desc(PA0, RW, WB, 2));
	t_env_free(e);
}
END_TEST

START_TEST(collapse_bad_range_fails)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_collapse(e, 0x10, SZ_4K), -EINVAL);
	ck_assert_int_eq(t_collapse(e, 0, 0), -EINVAL);
	ck_assert_int_eq(t_collapse(e, 0, SZ_4K + 8), -EINVAL);
	ck_assert_int_eq(t_collapse(e, (uint64_t)1 << 40, SZ_4K), -ERANGE);
	ck_assert_int_eq(t_collapse(e, SZ_4K, ~(uint64_t)0 - SZ_4K + 1),
	    -ERANGE);
	t_env_free(e);
}
END_TEST

/**
 * s2pt_suite_shape_owner() - owner annotations and collapse.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_shape_owner(void)
{
	Suite *s = suite_create("shape-owner-collapse");
	TCase *to = tcase_create("set_owner");
	TCase *tc = tcase_create("collapse");

	tcase_add_test(to, set_owner_uses_the_largest_entry);
	tcase_add_test(to, map_over_annotation_fails_eperm);
	tcase_add_test(to, set_owner_over_mapping_fails_ebusy);
	tcase_add_test(to, set_owner_is_compare_and_set);
	tcase_add_test(to, set_owner_clearing_frees_tables);
	tcase_add_test(to, set_owner_of_part_of_annotated_block_splits_it);
	tcase_add_test(to, set_owner_bad_range_fails);
	tcase_add_test(tc, collapse_contiguous_pages_into_a_2mib_block);
	tcase_add_test(tc, collapse_1gib_of_pages_into_one_block_with_one_vmid_tlbi);
	tcase_add_test(tc, collapse_of_many_tables_shares_one_vmid_tlbi);
	tcase_add_test(tc, collapse_leaves_non_uniform_tables_alone);
	tcase_add_test(tc, collapse_needs_the_whole_table_inside_the_range);
	tcase_add_test(tc, set_owner_folds_a_table_of_one_owner);
	tcase_add_test(tc, collapse_never_allocates);
	tcase_add_test(tc, collapse_bad_range_fails);
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(to, NULL, t_teardown);
	suite_add_tcase(s, to);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
