/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_shape_map.c - exact table shape after s2pt_map(), read from the
 * raw tables: which entries exist at which level, with which descriptor.
 * The default table has a 40-bit IPA: start level 1, two root pages.
 */
#include "check_s2pt.h"

#define RW	(S2PT_R | S2PT_W)
#define WB	S2PT_NORMAL_WB
#define PA0	((uint64_t)0x880000000)		/* 34 GiB: 1 GiB aligned */

static struct t_env *
env40(void)
{
	return t_env_new(&(struct t_cfg){ 0 });
}

START_TEST(map_first_page_builds_one_table_per_level)
{
	struct t_env *e = env40();
	const uint64_t *l2, *l3;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, RW, WB), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 1);
	ck_assert(s2pt_desc_is_table(e->pt.root[0], 1));
	ck_assert_uint_eq(s2pt_desc_count(e->pt.root[0]), 1);
	l2 = t_table(e, 0, 2);
	ck_assert_ptr_nonnull(l2);
	ck_assert_uint_eq(t_nonzero(l2, S2PT_ENTRIES), 1);
	ck_assert(s2pt_desc_is_table(l2[0], 2));
	ck_assert_uint_eq(s2pt_desc_count(l2[0]), 1);
	l3 = t_table(e, 0, 3);
	ck_assert_ptr_nonnull(l3);
	ck_assert_uint_eq(t_nonzero(l3, S2PT_ENTRIES), 1);
	ck_assert_uint_eq(l3[0], t_page_desc(PA0, RW, WB, 3));
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 2);
	ck_assert_uint_eq(d.leaves[3], 1);
	ck_assert_uint_eq(d.bbm, 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_last_page_of_ipa_space)
{
	struct t_env *e = env40();
	uint64_t last = ((uint64_t)1 << 40) - SZ_4K;

	ck_assert_int_eq(t_map(e, last, PA0, SZ_4K, S2PT_R, WB), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 1);
	ck_assert(s2pt_desc_is_table(e->pt.root[t_root_entries(e) - 1], 1));
	ck_assert_uint_eq(t_nonzero(t_table(e, last, 2), S2PT_ENTRIES), 1);
	ck_assert_uint_eq(t_nonzero(t_table(e, last, 3), S2PT_ENTRIES), 1);
	ck_assert_uint_eq(t_table(e, last, 3)[511],
	    t_page_desc(PA0, S2PT_R, WB, 3));
	t_env_free(e);
}
END_TEST

START_TEST(map_2mib_aligned_ipa_and_pa_is_one_level2_block)
{
	struct t_env *e = env40();
	uint64_t ipa = 5 * SZ_2M, pa = PA0 + 3 * SZ_2M;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, ipa, pa, SZ_2M, RW, WB), 0);
	ck_assert_uint_eq(t_nonzero(t_table(e, ipa, 2), S2PT_ENTRIES), 1);
	ck_assert_uint_eq(t_desc(e, ipa, 2), t_page_desc(pa, RW, WB, 2));
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 1);
	ck_assert_uint_eq(d.leaves[2], 1);
	ck_assert_uint_eq(d.leaves[3], 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_2mib_with_unaligned_pa_is_512_pages_under_one_table)
{
	struct t_env *e = env40();
	uint64_t ipa = 5 * SZ_2M, pa = PA0 + SZ_4K;
	const uint64_t *l3;
	struct s2pt_stats d;
	unsigned int i;

	ck_assert_int_eq(t_map(e, ipa, pa, SZ_2M, RW, WB), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, ipa, 2), 2));
	ck_assert_uint_eq(s2pt_desc_count(t_desc(e, ipa, 2)), 512);
	l3 = t_table(e, ipa, 3);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(l3[i], t_page_desc(pa + i * SZ_4K, RW, WB, 3));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 2);
	ck_assert_uint_eq(d.leaves[3], 512);
	ck_assert_uint_eq(d.leaves[2], 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_1gib_aligned_is_one_level1_block_with_one_write)
{
	struct t_env *e = env40();
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, 7 * SZ_1G, PA0, SZ_1G, S2PT_RWX, WB), 0);
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 1);
	ck_assert_uint_eq(e->pt.root[7], t_page_desc(PA0, S2PT_RWX, WB, 1));
	t_delta(e, &d);
	ck_assert_uint_eq(d.desc_writes, 1);
	ck_assert_uint_eq(d.table_pages, 0);
	ck_assert_uint_eq(d.leaves[1], 1);
	ck_assert_uint_eq(d.tlbi_ipa + d.tlbi_vmid, 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	t_env_free(e);
}
END_TEST

/* [1G - 2M - 8K, 3G + 2M + 12K): pages, a 2 MiB block, two 1 GiB blocks,
 * a 2 MiB block and pages; PA congruent to the IPA modulo 1 GiB. */
START_TEST(map_unaligned_range_uses_largest_leaves_inside)
{
	struct t_env *e = env40();
	uint64_t start = SZ_1G - SZ_2M - 2 * SZ_4K;
	uint64_t size = 2 * SZ_1G + 2 * SZ_2M + 5 * SZ_4K;
	uint64_t off = 5 * SZ_1G;	/* pa = ipa + off */
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, start, start + off, size, RW, WB), 0);
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[1], 2);
	ck_assert_uint_eq(d.leaves[2], 2);
	ck_assert_uint_eq(d.leaves[3], 5);
	ck_assert_uint_eq(d.table_pages, 4);
	ck_assert_uint_eq(t_desc(e, start, 3), t_page_desc(start + off, RW, WB,
	    3));
	ck_assert_uint_eq(t_nonzero(t_table(e, start, 3), S2PT_ENTRIES), 2);
	ck_assert_uint_eq(t_desc(e, SZ_1G - SZ_2M, 2),
	    t_page_desc(SZ_1G - SZ_2M + off, RW, WB, 2));
	ck_assert_uint_eq(t_desc(e, SZ_1G, 1), t_page_desc(SZ_1G + off, RW, WB,
	    1));
	ck_assert_uint_eq(t_desc(e, 2 * SZ_1G, 1),
	    t_page_desc(2 * SZ_1G + off, RW, WB, 1));
	ck_assert_uint_eq(t_desc(e, 3 * SZ_1G, 2),
	    t_page_desc(3 * SZ_1G + off, RW, WB, 2));
	ck_assert_uint_eq(t_nonzero(t_table(e, 3 * SZ_1G + SZ_2M, 3),
	    S2PT_ENTRIES), 3);
	ck_assert_uint_eq(t_desc(e, 3 * SZ_1G + SZ_2M + 2 * SZ_4K, 3),
	    t_page_desc(3 * SZ_1G + SZ_2M + 2 * SZ_4K + off, RW, WB, 3));
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 4);
	t_env_free(e);
}
END_TEST

START_TEST(map_across_concatenated_root_tables)
{
	struct t_env *e = env40();
	uint64_t ipa = SZ_512G - SZ_4K;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, ipa, PA0, 2 * SZ_4K, RW, WB), 0);
	ck_assert(s2pt_desc_is_table(e->pt.root[511], 1));
	ck_assert(s2pt_desc_is_table(e->pt.root[512], 1));
	ck_assert_uint_eq(t_nonzero(e->pt.root, t_root_entries(e)), 2);
	ck_assert_uint_eq(t_table(e, ipa, 3)[511], t_page_desc(PA0, RW, WB,
	    3));
	ck_assert_uint_eq(t_table(e, SZ_512G, 3)[0],
	    t_page_desc(PA0 + SZ_4K, RW, WB, 3));
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 4);
	t_env_free(e);
}
END_TEST

START_TEST(map_all_of_40bit_space_is_level1_blocks_only)
{
	struct t_env *e = env40();
	struct s2pt_stats d;
	size_t i;

	ck_assert_int_eq(t_map(e, 0, 0, (uint64_t)1 << 40, RW, WB), 0);
	for (i = 0; i < t_root_entries(e); i++) {
		ck_assert_uint_eq(e->pt.root[i], t_page_desc(i * SZ_1G, RW,
		    WB, 1));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[1], 1024);
	ck_assert_uint_eq(d.table_pages, 0);
	ck_assert_uint_eq(d.desc_writes, 1024);
	t_env_free(e);
}
END_TEST

START_TEST(map_all_of_48bit_space_is_level1_blocks_under_level0_tables)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .ipa_bits = 48 });
	uint64_t top = (uint64_t)1 << 48;
	struct s2pt_stats d;
	size_t i;

	ck_assert_int_eq(t_map(e, 0, 0, top, RW, WB), 0);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert(s2pt_desc_is_table(e->pt.root[i], 0));
	}
	ck_assert_uint_eq(t_desc(e, top - SZ_1G, 1),
	    t_page_desc(top - SZ_1G, RW, WB, 1));
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[1], 512 * 512);
	ck_assert_uint_eq(d.table_pages, 512);
	ck_assert_int_eq(t_unmap(e, 0, top), 0);
	ck_assert_uint_eq(e->fake->pages_out, 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	t_env_free(e);
}
END_TEST

START_TEST(map_1gib_with_start_level_2_is_512_level2_blocks_in_the_root)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .ipa_bits = 32 });
	struct s2pt_stats d;
	size_t i;

	ck_assert_int_eq(t_map(e, SZ_1G, 2 * SZ_1G, SZ_1G, RW, WB), 0);
	for (i = 0; i < 4 * S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(e->pt.root[i], i < 512 || i >= 1024 ? 0 :
		    t_page_desc(2 * SZ_1G + (i - 512) * SZ_2M, RW, WB, 2));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[2], 512);
	ck_assert_uint_eq(d.table_pages, 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_again_with_same_pa_and_attr_writes_nothing)
{
	struct t_env *e = env40();
	uint64_t start = SZ_1G - SZ_2M - 2 * SZ_4K;
	uint64_t size = SZ_1G + 2 * SZ_2M + 5 * SZ_4K;
	struct s2pt_stats d;

	ck_assert_int_eq(t_map(e, start, start + PA0, size, RW, WB), 0);
	ck_assert_int_eq(t_map(e, start, start + PA0, size, RW, WB), 0);
	t_delta(e, &d);
	ck_assert_uint_eq(d.desc_writes, 0);
	ck_assert_uint_eq(d.table_pages, 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_STORE), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_ALLOC), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	ck_assert_int_eq(t_map(e, start + SZ_2M, start + SZ_2M + PA0, SZ_4K,
	    RW, WB), 0);
	t_delta(e, &d);
	ck_assert_uint_eq(d.desc_writes, 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_again_with_other_perms_is_a_protect)
{
	struct t_env *e = env40();
	uint64_t b = 9 * SZ_2M;
	struct s2pt_stats d;
	const uint64_t *l3;
	unsigned int i;

	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, b, PA0, SZ_2M, S2PT_R, WB), 0);
	ck_assert_uint_eq(t_desc(e, b, 2), t_page_desc(PA0, S2PT_R, WB, 2));
	t_delta(e, &d);
	ck_assert_uint_eq(d.bbm, 0);
	ck_assert_uint_eq(d.table_pages, 0);
	/* Part of the block: it is split, the rest keeps its attributes. */
	ck_assert_int_eq(t_map(e, b + 3 * SZ_4K, PA0 + 3 * SZ_4K, SZ_4K, RW,
	    WB), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, b, 2), 2));
	l3 = t_table(e, b, 3);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		ck_assert_uint_eq(l3[i], t_page_desc(PA0 + i * SZ_4K,
		    i == 3 ? RW : S2PT_R, WB, 3));
	}
	t_delta(e, &d);
	ck_assert_uint_eq(d.table_pages, 1);
	ck_assert_uint_eq(d.bbm, 1);
	t_env_free(e);
}
END_TEST

START_TEST(map_over_another_pa_fails_eexist_and_changes_nothing)
{
	struct t_env *e = env40();
	uint64_t a = SZ_1G + 17 * SZ_4K, b = 2 * SZ_1G;
	struct s2pt_leaf l;

	ck_assert_int_eq(t_map(e, a, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, a, PA0 + SZ_4K, SZ_4K, RW, WB), -EEXIST);
	ck_assert_int_eq(t_map(e, a - SZ_4K, PA0 - SZ_4K + SZ_2M, 2 * SZ_4K,
	    RW, WB), -EEXIST);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(a - SZ_4K), &l),
	    -ENOENT);
	ck_assert_int_eq(s2pt_lookup(&e->pt, ipa_init(a), &l), 0);
	ck_assert_uint_eq(pa_addr(l.pa), PA0);
	/* Inside a block. */
	ck_assert_int_eq(t_map(e, b, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_map(e, b + SZ_2M + SZ_4K, PA0, SZ_4K, RW, WB),
	    -EEXIST);
	ck_assert_uint_eq(t_desc(e, b, 1), t_page_desc(PA0, RW, WB, 1));
	t_env_free(e);
}
END_TEST

START_TEST(map_beyond_pa_size_fails_erange)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .pa_bits = 40 });
	uint64_t top = (uint64_t)1 << 40;

	ck_assert_int_eq(t_map(e, 0, top - SZ_4K, 2 * SZ_4K, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, 0, top, SZ_4K, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, 0, top + SZ_1G, SZ_1G, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, 0, top - SZ_4K, SZ_4K, RW, WB), 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_beyond_ipa_space_fails_erange)
{
	struct t_env *e = env40();
	uint64_t top = (uint64_t)1 << 40;

	ck_assert_int_eq(t_map(e, top, PA0, SZ_4K, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, top - SZ_4K, PA0, 2 * SZ_4K, RW, WB),
	    -ERANGE);
	ck_assert_int_eq(t_map(e, top - SZ_1G, PA0, 2 * SZ_1G, RW, WB),
	    -ERANGE);
	ck_assert_int_eq(t_map(e, top - SZ_1G, PA0, SZ_1G, RW, WB), 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_wrapping_range_fails_erange)
{
	struct t_env *e = env40();
	uint64_t last = ~(uint64_t)0 - SZ_4K + 1;

	ck_assert_int_eq(t_map(e, last, PA0, 2 * SZ_4K, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, SZ_4K, PA0, last, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, 0, last, 2 * SZ_4K, RW, WB), -ERANGE);
	ck_assert_int_eq(t_map(e, SZ_1G, SZ_4K, last, RW, WB), -ERANGE);
	t_env_free(e);
}
END_TEST

START_TEST(map_size_zero_or_misaligned_fails_einval)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_map(e, 0, PA0, 0, RW, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, 0x800, RW, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K + 1, RW, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0x800, PA0, SZ_4K, RW, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0 + 0x10, SZ_4K, RW, WB), -EINVAL);
	t_env_free(e);
}
END_TEST

START_TEST(map_bad_attr_fails_einval)
{
	struct t_env *e = env40();

	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, 0, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, 8, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, 0xff, WB), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, RW, 3), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, RW, 0xff), -EINVAL);
	ck_assert_int_eq(t_map(e, 0, PA0, SZ_4K, S2PT_R | S2PT_X,
	    S2PT_DEVICE_nGnRE), -EINVAL);
	t_env_free(e);
}
END_TEST

START_TEST(map_never_replaces_a_table_with_a_block)
{
	struct t_env *e = env40();
	uint64_t g = SZ_1G, off = 8 * SZ_1G;
	uint64_t page = g + 3 * SZ_2M + 7 * SZ_4K;
	struct s2pt_stats d;
	const uint64_t *l2;
	unsigned int i;

	ck_assert_int_eq(t_map(e, page, page + off, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_map(e, g, g + off, SZ_1G, RW, WB), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, g, 1), 1));
	l2 = t_table(e, g, 2);
	for (i = 0; i < S2PT_ENTRIES; i++) {
		if (i == 3) {
			ck_assert(s2pt_desc_is_table(l2[i], 2));
		} else {
			ck_assert_uint_eq(l2[i], t_page_desc(g + i * SZ_2M +
			    off, RW, WB, 2));
		}
	}
	ck_assert_uint_eq(t_nonzero(t_table(e, page, 3), S2PT_ENTRIES), 512);
	t_delta(e, &d);
	ck_assert_uint_eq(d.leaves[1], 0);
	ck_assert_uint_eq(d.leaves[2], 511);
	ck_assert_uint_eq(d.leaves[3], 511);
	ck_assert_uint_eq(d.bbm, 0);
	t_env_free(e);
}
END_TEST

START_TEST(map_encodes_permissions_and_memory_type)
{
	static const struct { uint8_t perm, memtype; } a[] = {
		{ S2PT_R, S2PT_NORMAL_WB }, { S2PT_W, S2PT_NORMAL_WB },
		{ S2PT_X, S2PT_NORMAL_WB }, { S2PT_RWX, S2PT_NORMAL_WB },
		{ RW, S2PT_NORMAL_NC }, { S2PT_R | S2PT_X, S2PT_NORMAL_NC },
		{ RW, S2PT_DEVICE_nGnRE }, { S2PT_R, S2PT_DEVICE_nGnRE },
	};
	struct t_env *e = env40();
	uint64_t ipa;
	size_t i;

	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		ipa = SZ_1G + i * SZ_4K;
		ck_assert_int_eq(t_map(e, ipa, PA0 + i * SZ_2M, SZ_4K,
		    a[i].perm, a[i].memtype), 0);
		ck_assert_uint_eq(t_desc(e, ipa, 3), t_page_desc(PA0 +
		    i * SZ_2M, a[i].perm, a[i].memtype, 3));
	}
	t_env_free(e);
}
END_TEST

/* Is [a, a + n) inside a range of an earlier record of @kind? */
static bool
covered_before(const struct t_env *e, size_t upto, enum fake_ev_kind kind,
    uint64_t a, uint64_t n)
{
	size_t i;

	for (i = 0; i < upto; i++) {
		const struct fake_ev *ev = &e->fake->log[i];

		if (ev->kind == kind && ev->addr <= a &&
		    a + n <= ev->addr + ev->size) {
			return true;
		}
	}
	return false;
}

START_TEST(map_cleans_caches_before_the_mapping_is_visible)
{
	struct t_env *e = env40();
	uint64_t ipa = SZ_1G - SZ_4K, pa = PA0 + SZ_1G - SZ_4K;
	size_t i, leaves = 0;

	ck_assert_int_eq(t_map(e, ipa, pa, SZ_2M + 2 * SZ_4K, S2PT_RWX, WB), 0);
	for (i = 0; i < e->fake->log_len; i++) {
		const struct fake_ev *ev = &e->fake->log[i];
		uint64_t n = S2PT_LEVEL_SIZE(ev->level), oa;

		if (ev->kind != FAKE_EV_STORE ||
		    !s2pt_desc_is_leaf(ev->newv, ev->level)) {
			continue;
		}
		oa = s2pt_desc_addr(ev->newv);
		leaves++;
		ck_assert_msg(covered_before(e, i, FAKE_EV_DCACHE, oa, n),
		    "PA %#llx mapped before it was cleaned to PoC",
		    (unsigned long long)oa);
		ck_assert_msg(covered_before(e, i, FAKE_EV_ICACHE, oa, n),
		    "PA %#llx mapped executable before the I-cache was"
		    " invalidated", (unsigned long long)oa);
	}
	ck_assert_uint_eq(leaves, 3);
	t_env_free(e);
}
END_TEST

/**
 * s2pt_suite_shape_map() - table shape after s2pt_map().
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_shape_map(void)
{
	Suite *s = suite_create("shape-map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, map_first_page_builds_one_table_per_level);
	tcase_add_test(tc, map_last_page_of_ipa_space);
	tcase_add_test(tc, map_2mib_aligned_ipa_and_pa_is_one_level2_block);
	tcase_add_test(tc, map_2mib_with_unaligned_pa_is_512_pages_under_one_table);
	tcase_add_test(tc, map_1gib_aligned_is_one_level1_block_with_one_write);
	tcase_add_test(tc, map_unaligned_range_uses_largest_leaves_inside);
	tcase_add_test(tc, map_across_concatenated_root_tables);
	tcase_add_test(tc, map_all_of_40bit_space_is_level1_blocks_only);
	tcase_add_test(tc, map_all_of_48bit_space_is_level1_blocks_under_level0_tables);
	tcase_add_test(tc, map_1gib_with_start_level_2_is_512_level2_blocks_in_the_root);
	tcase_add_test(tc, map_again_with_same_pa_and_attr_writes_nothing);
	tcase_add_test(tc, map_again_with_other_perms_is_a_protect);
	tcase_add_test(tc, map_over_another_pa_fails_eexist_and_changes_nothing);
	tcase_add_test(tc, map_beyond_pa_size_fails_erange);
	tcase_add_test(tc, map_beyond_ipa_space_fails_erange);
	tcase_add_test(tc, map_wrapping_range_fails_erange);
	tcase_add_test(tc, map_size_zero_or_misaligned_fails_einval);
	tcase_add_test(tc, map_bad_attr_fails_einval);
	tcase_add_test(tc, map_never_replaces_a_table_with_a_block);
	tcase_add_test(tc, map_encodes_permissions_and_memory_type);
	tcase_add_test(tc, map_cleans_caches_before_the_mapping_is_visible);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
