/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_shape_unmap.c - exact table shape after s2pt_unmap() and
 * s2pt_protect(): splits, freed tables, holes, errors.
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

/* Did the last call invalidate [ipa, ipa + size) by IPA or by VMID? */
static bool
flushed(const struct t_env *e, uint64_t ipa, uint64_t size)
{
	size_t i;

	for (i = 0; i < e->fake->log_len; i++) {
		const struct fake_ev *ev = &e->fake->log[i];

		if (ev->kind == FAKE_EV_TLBI_VMID ||
		    (ev->kind == FAKE_EV_TLBI_IPA && ev->addr <= ipa &&
		    ipa + size <= ev->addr + ev->size)) {
			return true;
		}
	}
	return false;
}

START_TEST(unmap_page_of_2mib_block_splits_it_into_511_pages)
{
	struct t_env *e = env40();
	uint64_t b = 6 * SZ_2M, hole = b + 100 * SZ_4K;
	const uint64_t *l3;
	struct s2pt_stats d;
	unsigned int i;

	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, hole, SZ_4K), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, b, 2), 2));
	ck_assert_uint_eq(s2pt_desc_count(t_desc(e, b, 2)), 511);
	l3 = t_table(e, b, 3);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(l3[i], i == 100 ? 0 :
		    t_page_desc(PA0 + i * SZ_4K, RW, WB, 3));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 1);
	ck_assert_uint_eq(d.leaves[2], (uint64_t)-1);
	ck_assert_uint_eq(d.leaves[3], 511);
	ck_assert_uint_eq(d.bbm, 1);
	ck_assert(flushed(e, hole, SZ_4K));
	t_env_free(e);
}
END_TEST

START_TEST(unmap_page_of_1gib_block_splits_two_levels)
{
	struct t_env *e = env40();
	uint64_t g = 3 * SZ_1G, hole = g + 5 * SZ_2M + 9 * SZ_4K;
	const uint64_t *l2;
	struct s2pt_stats d;
	unsigned int i;

	ck_assert_int_eq(t_map(e, g, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, hole, SZ_4K), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, g, 1), 1));
	l2 = t_table(e, g, 2);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		if (i == 5) {
			ck_assert(s2pt_desc_is_table(l2[i], 2));
		} else {
			ck_assert_uint_eq(l2[i], t_page_desc(PA0 + i * SZ_2M,
			    RW, WB, 2));
		}
	}
	ck_assert_uint_eq(t_nonzero(t_table(e, hole, 3), S2PT_ENTRIES), 511);
	ck_assert_uint_eq(t_desc(e, hole, 3), 0);
	ck_assert_uint_eq(t_desc(e, hole + SZ_4K, 3),
	    t_page_desc(PA0 + 5 * SZ_2M + 10 * SZ_4K, RW, WB, 3));
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 2);
	ck_assert_uint_eq(d.leaves[1], (uint64_t)-1);
	ck_assert_uint_eq(d.leaves[2], 511);
	ck_assert_uint_eq(d.leaves[3], 511);
	ck_assert(flushed(e, hole, SZ_4K));
	t_env_free(e);
}
END_TEST

START_TEST(unmap_all_frees_every_table_but_the_root)
{
	struct t_env *e = env40();
	struct s2pt_stats st;

	ck_assert_int_eq(t_map(e, 524421 * SZ_4K, PA0 + SZ_4K, 17 * SZ_4K, RW,
	    WB), 0);
	ck_assert_int_eq(t_map(e, 3 * SZ_1G, PA0, 5 * SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_map(e, 300 * SZ_1G + SZ_2M, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, SZ_512G, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, 0, (uint64_t)1 << 40), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 0);
	s2pt_stats(&e->pt, &st);
	ck_assert_uint_eq(st.table_pages, 2);
	ck_assert_uint_eq(st.leaves[1] + st.leaves[2] + st.leaves[3], 0);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	t_env_free(e);
}
END_TEST

START_TEST(unmap_out_of_range_or_misaligned_fails_and_changes_nothing)
{
	struct t_env *e = env40();
	uint64_t top = (uint64_t)1 << 40;

	ck_assert_int_eq(t_map(e, top - SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, top, SZ_4K), -ERANGE);
	ck_assert_int_eq(t_unmap(e, top - SZ_4K, 2 * SZ_4K), -ERANGE);
	ck_assert_int_eq(t_unmap(e, SZ_4K, ~(uint64_t)0 - SZ_4K + 1), -ERANGE);
	ck_assert_int_eq(t_unmap(e, top - SZ_4K, 0), -EINVAL);
	ck_assert_int_eq(t_unmap(e, top - SZ_4K, 100), -EINVAL);
	ck_assert_int_eq(t_unmap(e, top - SZ_4K + 0x800, SZ_4K), -EINVAL);
	ck_assert_uint_eq(t_desc(e, top - SZ_4K, 3), t_page_desc(PA0, RW, WB,
	    3));
	t_env_free(e);
}
END_TEST

START_TEST(unmap_of_holes_writes_nothing)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_unmap(e, 0, (uint64_t)1 << 40), 0);
	ck_assert_int_eq(t_unmap(e, SZ_1G + SZ_4K, SZ_4K), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_ALLOC), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_env_free(e);
}
END_TEST

START_TEST(unmap_across_concatenated_root_tables_frees_both_sides)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_map(e, SZ_512G - SZ_4K, PA0, 2 * SZ_4K, RW, WB), 0);
	ck_assert_uint_eq(e->fake->pages_out, 6);
	ck_assert_int_eq(t_unmap(e, SZ_512G - SZ_4K, 2 * SZ_4K), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 0);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_env_free(e);
}
END_TEST

START_TEST(unmap_then_remap_does_not_defragment)
{
	struct t_env *e = env40();
	uint64_t g = 2 * SZ_1G, page = g + 12 * SZ_4K;

	ck_assert_int_eq(t_map(e, g, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, page, SZ_4K), 0);
	ck_assert_int_eq(t_map(e, page, PA0 + 12 * SZ_4K, SZ_4K, RW, WB), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, g, 1), 1));
	ck_assert(s2pt_desc_is_table(t_desc(e, g, 2), 2));
	ck_assert_uint_eq(t_nonzero(t_table(e, g, 3), S2PT_ENTRIES), 512);
	ck_assert_uint_eq(e->fake->pages_out, 4);
	t_env_free(e);
}
END_TEST

START_TEST(unmap_keeps_owner_annotations)
{
	struct t_env *e = env40();
	uint64_t x = SZ_1G + 10 * SZ_4K;
	struct s2pt_leaf l;

	ck_assert_int_eq(t_set_owner(e, x, 2 * SZ_4K, 0, 4), 0);
	ck_assert_int_eq(t_map(e, x - SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, x + 2 * SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, x - SZ_4K, 4 * SZ_4K), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(x + SZ_4K), &l), -ENOENT);
	ck_assert_uint_eq(l.owner, 4);
	ck_assert_uint_eq(t_desc(e, x, 3), (uint64_t)4 << S2PT_DESC_OWNER_SHIFT);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(x - SZ_4K), &l), -ENOENT);
	ck_assert_uint_eq(l.owner, 0);
	t_env_free(e);
}
END_TEST

START_TEST(protect_part_of_block_splits_it)
{
	struct t_env *e = env40();
	uint64_t b = 4 * SZ_2M;
	const uint64_t *l3;
	struct s2pt_stats d;
	unsigned int i;

	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_protect(e, b + 8 * SZ_4K, 2 * SZ_4K, S2PT_R, WB), 0);
	l3 = t_table(e, b, 3);
	ck_assert_ptr_nonnull(l3);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(l3[i], t_page_desc(PA0 + i * SZ_4K,
		    i == 8 || i == 9 ? S2PT_R : RW, WB, 3));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 1);
	ck_assert_uint_eq(d.bbm, 1);
	ck_assert(flushed(e, b + 8 * SZ_4K, 2 * SZ_4K));
	t_env_free(e);
}
END_TEST

START_TEST(protect_skips_holes)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G;
	struct s2pt_leaf l;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, a, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, a + 2 * SZ_4K, PA0 + 2 * SZ_4K, SZ_4K, RW,
	    WB), 0);
	ck_assert_int_eq(t_protect(e, a, 3 * SZ_4K, S2PT_R, S2PT_NORMAL_NC), 0);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(a + SZ_4K), &l), -ENOENT);
	ck_assert_uint_eq(t_desc(e, a + SZ_4K, 3), 0);
	ck_assert_uint_eq(t_desc(e, a + 2 * SZ_4K, 3),
	    t_page_desc(PA0 + 2 * SZ_4K, S2PT_R, S2PT_NORMAL_NC, 3));
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[3], 0);
	ck_assert_int_eq(t_protect(e, 5 * SZ_1G, SZ_1G, S2PT_R, WB), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	t_env_free(e);
}
END_TEST

/* Index of the first record of @kind at or after @from, or log_len. */
static size_t
next_ev(const struct t_env *e, size_t from, enum fake_ev_kind kind)
{
	while (from < e->fake->log_len && e->fake->log[from].kind != kind) {
		from++;
	}
	return from;
}

START_TEST(protect_memory_type_change_is_break_before_make)
{
	struct t_env *e = env40();
	uint64_t b = 7 * SZ_2M;
	const struct fake_ev *log;
	size_t brk, tlbi, make;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_protect(e, b, SZ_2M, RW, S2PT_NORMAL_NC), 0);
	log = e->fake->log;
	brk = next_ev(e, 0, FAKE_EV_STORE);
	ck_assert_uint_lt(brk, e->fake->log_len);
	ck_assert(s2pt_desc_is_valid(log[brk].oldv));
	ck_assert(!s2pt_desc_is_valid(log[brk].newv));
	tlbi = brk + 1;
	while (tlbi < e->fake->log_len && log[tlbi].kind != FAKE_EV_TLBI_IPA &&
	    log[tlbi].kind != FAKE_EV_TLBI_VMID) {
		tlbi++;
	}
	make = next_ev(e, brk + 1, FAKE_EV_STORE);
	ck_assert_uint_lt(tlbi, make);
	ck_assert_uint_lt(make, e->fake->log_len);
	ck_assert_uint_eq(log[make].newv, t_page_desc(PA0, RW,
	    S2PT_NORMAL_NC, 2));
	ck_assert_ptr_eq(log[make].ptep, log[brk].ptep);
	t_delta(e, &d);
	ck_assert_uint_eq(d.bbm, 1);
	t_env_free(e);
}
END_TEST

START_TEST(protect_permission_change_is_store_then_tlbi)
{
	struct t_env *e = env40();
	uint64_t b = 7 * SZ_2M;
	size_t st;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_protect(e, b, SZ_2M, S2PT_R, WB), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 1);
	st = next_ev(e, 0, FAKE_EV_STORE);
	ck_assert_uint_eq(e->fake->log[st].oldv, t_page_desc(PA0, RW, WB, 2));
	ck_assert_uint_eq(e->fake->log[st].newv, t_page_desc(PA0, S2PT_R, WB,
	    2));
	ck_assert_msg(next_ev(e, st, FAKE_EV_TLBI_IPA) < e->fake->log_len ||
	    next_ev(e, st, FAKE_EV_TLBI_VMID) < e->fake->log_len,
	    "no invalidation after the permission change");
	ck_assert(flushed(e, b, SZ_2M));
	t_delta(e, &d);
	ck_assert_uint_eq(d.bbm, 0);
	t_env_free(e);
}
END_TEST

START_TEST(protect_with_the_same_attributes_writes_nothing)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_map(e, SZ_1G - SZ_4K, PA0 - SZ_4K, SZ_1G + SZ_2M,
	    RW, WB), 0);
	ck_assert_int_eq(t_protect(e, 0, 4 * SZ_1G, RW, WB), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_ALLOC), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	/* Part of a block, same attributes: no split either. */
	ck_assert_int_eq(t_protect(e, SZ_1G + SZ_4K, SZ_4K, RW, WB), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert_uint_eq(t_desc(e, SZ_1G, 1), t_page_desc(PA0, RW, WB, 1));
	t_env_free(e);
}
END_TEST

START_TEST(protect_bad_input_fails_and_changes_nothing)
{
	struct t_env *e = env40();
	uint64_t top = (uint64_t)1 << 40;

	ck_assert_int_eq(t_map(e, SZ_1G, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_protect(e, SZ_1G, SZ_4K, 0, WB), -EINVAL);
	ck_assert_int_eq(t_protect(e, SZ_1G, SZ_4K, S2PT_RWX,
	    S2PT_DEVICE_nGnRE), -EINVAL);
	ck_assert_int_eq(t_protect(e, SZ_1G, SZ_4K, S2PT_R, 3), -EINVAL);
	ck_assert_int_eq(t_protect(e, SZ_1G + 1, SZ_4K, S2PT_R, WB), -EINVAL);
	ck_assert_int_eq(t_protect(e, SZ_1G, 0, S2PT_R, WB), -EINVAL);
	ck_assert_int_eq(t_protect(e, top, SZ_4K, S2PT_R, WB), -ERANGE);
	ck_assert_int_eq(t_protect(e, SZ_1G, top, S2PT_R, WB), -ERANGE);
	ck_assert_uint_eq(t_desc(e, SZ_1G, 2), t_page_desc(PA0, RW, WB, 2));
	t_env_free(e);
}
END_TEST

/**
 * s2pt_suite_shape_unmap() - table shape after s2pt_unmap() and
 * s2pt_protect().
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_shape_unmap(void)
{
	Suite *s = suite_create("shape-unmap-protect");
	TCase *tc = tcase_create("unmap");
	TCase *tp = tcase_create("protect");

	tcase_add_test(tc, unmap_page_of_2mib_block_splits_it_into_511_pages);
	tcase_add_test(tc, unmap_page_of_1gib_block_splits_two_levels);
	tcase_add_test(tc, unmap_all_frees_every_table_but_the_root);
	tcase_add_test(tc, unmap_out_of_range_or_misaligned_fails_and_changes_nothing);
	tcase_add_test(tc, unmap_of_holes_writes_nothing);
	tcase_add_test(tc, unmap_across_concatenated_root_tables_frees_both_sides);
	tcase_add_test(tc, unmap_then_remap_does_not_defragment);
	tcase_add_test(tc, unmap_keeps_owner_annotations);
	tcase_add_test(tp, protect_part_of_block_splits_it);
	tcase_add_test(tp, protect_skips_holes);
	tcase_add_test(tp, protect_memory_type_change_is_break_before_make);
	tcase_add_test(tp, protect_permission_change_is_store_then_tlbi);
	tcase_add_test(tp, protect_with_the_same_attributes_writes_nothing);
	tcase_add_test(tp, protect_bad_input_fails_and_changes_nothing);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tp, NULL, t_teardown);
	suite_add_tcase(s, tp);
	return s;
}
