/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_geometry.c - s2pt_geometry(), s2pt_vtcr(), s2pt_init(),
 * s2pt_root(), s2pt_vttbr() and s2pt_fini().
 */
#include <stdlib.h>

#include "check_s2pt.h"

/*
 * Arm ARM D8.2.6, 4 KiB granule: the deepest start level whose root needs at
 * most 16 concatenated tables.  Written out, not computed.
 */
static const struct {
	unsigned int ipa_bits, start_level, root_pages;
} geo_expected[] = {
	{ 32, 2, 4 }, { 33, 2, 8 }, { 34, 2, 16 }, { 35, 1, 1 }, { 36, 1, 1 },
	{ 37, 1, 1 }, { 38, 1, 1 }, { 39, 1, 1 }, { 40, 1, 2 }, { 41, 1, 4 },
	{ 42, 1, 8 }, { 43, 1, 16 }, { 44, 0, 1 }, { 45, 0, 1 }, { 46, 0, 1 },
	{ 47, 0, 1 }, { 48, 0, 1 },
};

#define GEO_COUNT	(sizeof(geo_expected) / sizeof(geo_expected[0]))

static const unsigned int ps_bits[] = { 32, 36, 40, 42, 44, 48 };

START_TEST(geometry_start_level_and_root_pages)
{
	struct s2pt_geometry g;
	size_t i;

	for (i = 0; i < GEO_COUNT; i++) {
		ck_assert_int_eq(s2pt_geometry(geo_expected[i].ipa_bits, &g), 0);
		ck_assert_uint_eq(g.ipa_bits, geo_expected[i].ipa_bits);
		ck_assert_msg(g.start_level == geo_expected[i].start_level &&
		    g.root_pages == geo_expected[i].root_pages,
		    "%u-bit IPA: start level %u with %u root pages, expected"
		    " %u with %u", geo_expected[i].ipa_bits, g.start_level,
		    g.root_pages, geo_expected[i].start_level,
		    geo_expected[i].root_pages);
	}
}
END_TEST

START_TEST(geometry_rejects_ipa_size_out_of_range)
{
	static const unsigned int bad[] = { 0, 12, 31, 49, 52, 64, 4096 };
	struct s2pt_geometry g;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(s2pt_geometry(bad[i], &g), -EINVAL);
	}
}
END_TEST

static uint64_t
vtcr_expected(unsigned int ipa_bits, unsigned int start_level,
    unsigned int ps, unsigned int vmid_bits)
{
	static const uint64_t sl0[] = { 2, 1, 0 };	/* by start level */

	return (uint64_t)(64 - ipa_bits) | sl0[start_level] << 6 |
	    (uint64_t)1 << 8 | (uint64_t)1 << 10 | (uint64_t)3 << 12 |
	    (uint64_t)0 << 14 | (uint64_t)ps << 16 |
	    (uint64_t)(vmid_bits == 16) << 19 | (uint64_t)1 << 31;
}

START_TEST(vtcr_fields_for_every_ipa_and_pa_size)
{
	size_t i, p;
	unsigned int vb;
	uint64_t v, want;

	for (i = 0; i < GEO_COUNT; i++) {
		for (p = 0; p < 6; p++) {
			for (vb = 8; vb <= 16; vb += 8) {
				unsigned int ipa = geo_expected[i].ipa_bits;
				int rc = s2pt_vtcr(ipa, ps_bits[p], vb, &v);

				if (ps_bits[p] < ipa) {
					ck_assert_msg(rc == -EINVAL, "IPA %u PA"
					    " %u accepted", ipa, ps_bits[p]);
					continue;
				}
				want = vtcr_expected(ipa,
				    geo_expected[i].start_level,
				    (unsigned int)p, vb);
				ck_assert_int_eq(rc, 0);
				ck_assert_msg(v == want, "IPA %u PA %u VMID %u:"
				    " VTCR %#llx, expected %#llx", ipa,
				    ps_bits[p], vb, (unsigned long long)v,
				    (unsigned long long)want);
			}
		}
	}
}
END_TEST

START_TEST(vtcr_rejects_bad_combinations)
{
	uint64_t v;

	ck_assert_int_eq(s2pt_vtcr(31, 48, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(49, 48, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(40, 39, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(40, 41, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(32, 52, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(32, 0, 16, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(44, 42, 8, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(40, 40, 0, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(40, 40, 12, &v), -EINVAL);
	ck_assert_int_eq(s2pt_vtcr(40, 40, 32, &v), -EINVAL);
}
END_TEST

START_TEST(init_root_is_empty_aligned_and_counted)
{
	size_t i;

	for (i = 0; i < GEO_COUNT; i++) {
		struct t_env *e = t_env_new(&(struct t_cfg){
		    .ipa_bits = geo_expected[i].ipa_bits, .pool_pages = 64 });
		unsigned int n = geo_expected[i].root_pages;
		uint64_t root = pa_addr(s2pt_root(&e->pt));
		struct s2pt_stats st;

		ck_assert_msg(root % (n * SZ_4K) == 0, "%u-bit root PA %#llx"
		    " not aligned to %u pages", geo_expected[i].ipa_bits,
		    (unsigned long long)root, n);
		ck_assert_msg(root == s2pt_fake_pa(e->fake, e->pt.root),
		    "root PA %#llx is not the PA of the root's VA (%#llx)",
		    (unsigned long long)root,
		    (unsigned long long)s2pt_fake_pa(e->fake, e->pt.root));
		ck_assert_uint_eq(t_nonzero(e->pt.root, n * S2PT_ENTRIES), 0);
		s2pt_stats(&e->pt, &st);
		ck_assert_uint_eq(st.table_pages, n);
		ck_assert_uint_eq(e->fake->pages_out, n);
		ck_assert_uint_eq(st.leaves[1] + st.leaves[2] + st.leaves[3], 0);
		t_env_free(e);
	}
}
END_TEST

START_TEST(init_rejects_bad_config_and_keeps_nothing)
{
	struct s2pt_fake f;
	struct s2pt_config good = { .ipa_bits = 40 }, c;
	struct s2pt pt;

	ck_assert_int_eq(s2pt_fake_init(&f, 64), 0);
	s2pt_fake_config(&f, &good);
	c = good, c.ipa_bits = 31;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	c = good, c.ipa_bits = 49;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	c = good, c.ops = NULL;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	c = good, c.pa_bits = 49;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	c = good, c.pa_bits = 64;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	c = good, c.tlbi_threshold = S2PT_TLBI_THRESHOLD_MAX + 1;
	ck_assert_int_eq(s2pt_init(&pt, &c), -EINVAL);
	ck_assert_uint_eq(f.pages_out, 0);
	ck_assert_uint_eq(f.allocs, 0);
	s2pt_fake_fini(&f);
}
END_TEST

START_TEST(init_without_memory_fails_enomem)
{
	struct s2pt_fake f;
	struct s2pt_config c = { .ipa_bits = 34 };
	struct s2pt pt;

	ck_assert_int_eq(s2pt_fake_init(&f, 64), 0);
	s2pt_fake_config(&f, &c);
	s2pt_fake_fail_after(&f, 0, true);
	ck_assert_int_eq(s2pt_init(&pt, &c), -ENOMEM);
	ck_assert_uint_eq(f.pages_out, 0);
	ck_assert_uint_eq(f.failures, 1);
	s2pt_fake_fini(&f);
}
END_TEST

START_TEST(vttbr_is_root_pa_or_vmid)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .ipa_bits = 42 });
	uint64_t root = pa_addr(s2pt_root(&e->pt));

	ck_assert_uint_eq(s2pt_vttbr(&e->pt, vmid_init(0)), root);
	ck_assert_uint_eq(s2pt_vttbr(&e->pt, vmid_init(0xabcd)),
	    root | (uint64_t)0xabcd << 48);
	ck_assert_uint_eq(s2pt_vttbr(&e->pt, vmid_init(0xffff)),
	    root | (uint64_t)0xffff << 48);
	t_env_free(e);
}
END_TEST

START_TEST(fini_of_empty_table_frees_root_without_tlbi)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .ipa_bits = 33 });

	t_fini(e);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_FREE), 1);
	ck_assert_uint_eq(e->fake->pages_out, 0);
	t_env_free(e);
}
END_TEST

START_TEST(fini_flushes_vmid_once_and_frees_every_page)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .vmid = 9 });
	size_t i;

	ck_assert_int_eq(t_map(e, SZ_1G + SZ_4K, 0x80001000, SZ_4K, S2PT_R,
	    S2PT_NORMAL_WB), 0);
	ck_assert_int_eq(t_map(e, 3 * SZ_1G, 0x40000000, SZ_1G, S2PT_RWX,
	    S2PT_NORMAL_WB), 0);
	ck_assert_int_eq(t_set_owner(e, 5 * SZ_1G + SZ_2M, SZ_4K, 0, 3), 0);
	t_fini(e);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA), 0);
	for (i = 0; i < e->fake->log_len; i++) {
		if (e->fake->log[i].kind == FAKE_EV_TLBI_VMID) {
			ck_assert_uint_eq(e->fake->log[i].vmid, 9);
		}
	}
	ck_assert_uint_eq(e->fake->pages_out, 0);
	t_env_free(e);
}
END_TEST

START_TEST(table_without_vmid_context_invalidates_vmid_0)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .no_vmid = true });

	ck_assert_uint_eq(e->vmid_no, 0);
	ck_assert_int_eq(t_map(e, SZ_1G, 0x40000000, SZ_1G, S2PT_R,
	    S2PT_NORMAL_WB), 0);
	/* The oracle checks each invalidation names VMID 0. */
	ck_assert_int_eq(t_unmap(e, SZ_1G + SZ_4K, SZ_4K), 0);
	ck_assert_uint_gt(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	t_env_free(e);
}
END_TEST

/**
 * s2pt_suite_geometry() - the geometry suite.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_geometry(void)
{
	Suite *s = suite_create("geometry");
	TCase *tc = tcase_create("geometry");

	tcase_add_test(tc, geometry_start_level_and_root_pages);
	tcase_add_test(tc, geometry_rejects_ipa_size_out_of_range);
	tcase_add_test(tc, vtcr_fields_for_every_ipa_and_pa_size);
	tcase_add_test(tc, vtcr_rejects_bad_combinations);
	tcase_add_test(tc, init_root_is_empty_aligned_and_counted);
	tcase_add_test(tc, init_rejects_bad_config_and_keeps_nothing);
	tcase_add_test(tc, init_without_memory_fails_enomem);
	tcase_add_test(tc, vttbr_is_root_pa_or_vmid);
	tcase_add_test(tc, fini_of_empty_table_frees_root_without_tlbi);
	tcase_add_test(tc, fini_flushes_vmid_once_and_frees_every_page);
	tcase_add_test(tc, table_without_vmid_context_invalidates_vmid_0);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
