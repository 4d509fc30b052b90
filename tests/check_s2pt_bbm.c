/* SPDX-License-Identifier: ISC */
/*
 * check_s2pt_bbm.c - break-before-make and TLB maintenance.
 *
 * First the oracle itself is shown to catch each kind of violation on
 * hand-made logs (so its silence on s2pt's logs means something), then
 * s2pt's splits, memory type changes, collapses, unmaps around the TLBI
 * threshold and two interleaved tables with different VMIDs are run under
 * it, with the invalidations checked in detail where the header fixes them.
 */
#include <string.h>

#include "check_s2pt.h"

#define RW	(S2PT_R | S2PT_W)
#define WB	S2PT_NORMAL_WB
#define PA0	((uint64_t)0x880000000)

/* --- the oracle on hand-made logs ----------------------------------------- */

/*
 * A level-1 root page with a level-2 table at entry 0 holding a 2 MiB block
 * at entry 0, built through the fake's callbacks as s2pt would.
 */
struct syn {
	struct s2pt_fake f;
	struct s2pt_oracle *o;
	uint64_t *root;
	uint64_t *l2;
};

static void
syn_store(struct syn *s, uint64_t *ptep, uint64_t v, unsigned int level,
    uint64_t ipa)
{
	s->f.ops.trace_store(&s->f, ptep, *ptep, v, level, ipa_init(ipa));
	*ptep = v;
}

static void
syn_tlbi(struct syn *s, uint16_t vmid, uint64_t ipa, uint64_t size,
    unsigned int level)
{
	s->f.ops.tlb_flush_ipa(&s->f, vmid_init(vmid), ipa_init(ipa), size,
	    level);
}

static uint64_t
syn_table_desc(struct syn *s, const uint64_t *table)
{
	return s2pt_fake_pa(&s->f, table) | S2PT_DESC_TYPE_MASK |
	    (uint64_t)1 << S2PT_DESC_COUNT_SHIFT;
}

static int
syn_check(struct syn *s)
{
	int rc = s2pt_oracle_check(s->o, s->f.log, s->f.log_len);

	s2pt_fake_clear_log(&s->f);
	return rc;
}

static void
syn_setup(struct syn *s)
{
	ck_assert_int_eq(s2pt_fake_init(&s->f, 16), 0);
	s->o = s2pt_oracle_new(&s->f);
	ck_assert_ptr_nonnull(s->o);
	s2pt_fake_begin(&s->f, "init", 5);
	s->root = s->f.ops.table_alloc(&s->f, 0);
	s2pt_fake_end(&s->f);
	s2pt_fake_begin(&s->f, "map", 5);
	s->l2 = s->f.ops.table_alloc(&s->f, 0);
	ck_assert_ptr_nonnull(s->l2);
	syn_store(s, &s->root[0], syn_table_desc(s, s->l2), 1, 0);
	syn_store(s, &s->l2[0], t_page_desc(PA0, RW, WB, 2), 2, 0);
	s2pt_fake_end(&s->f);
	ck_assert_msg(syn_check(s) == 0, "%s", s2pt_oracle_msg(s->o));
	s2pt_fake_begin(&s->f, "test", 5);
}

static void
syn_expect_violation(struct syn *s, const char *needle)
{
	s2pt_fake_end(&s->f);
	ck_assert_int_eq(syn_check(s), -1);
	ck_assert_msg(strstr(s2pt_oracle_msg(s->o), needle) != NULL,
	    "oracle said \"%s\", expected \"%s\"", s2pt_oracle_msg(s->o),
	    needle);
	s2pt_oracle_free(s->o);
	s2pt_fake_fini(&s->f);
}

START_TEST(oracle_accepts_break_tlbi_make)
{
	struct syn s;
	struct s2pt_oracle_counts c;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_tlbi(&s, 5, 0, SZ_2M, 2);
	syn_store(&s, &s.l2[0], t_page_desc(PA0, RW, S2PT_NORMAL_NC, 2), 2, 0);
	s2pt_fake_end(&s.f);
	ck_assert_msg(syn_check(&s) == 0, "%s", s2pt_oracle_msg(s.o));
	s2pt_oracle_counts(s.o, &c);
	ck_assert_uint_eq(c.bbm, 1);
	ck_assert_uint_eq(c.breaks, 1);
	s2pt_oracle_free(s.o);
	s2pt_fake_fini(&s.f);
}
END_TEST

START_TEST(oracle_flags_valid_to_valid_change_of_address)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], t_page_desc(PA0 + SZ_2M, RW, WB, 2), 2, 0);
	syn_tlbi(&s, 5, 0, SZ_2M, 2);
	syn_expect_violation(&s, "without break");
}
END_TEST

START_TEST(oracle_flags_make_without_tlbi)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_store(&s, &s.l2[0], t_page_desc(PA0 + SZ_2M, RW, WB, 2), 2, 0);
	syn_tlbi(&s, 5, 0, SZ_2M, 2);
	syn_expect_violation(&s, "break-before-make");
}
END_TEST

START_TEST(oracle_flags_tlbi_of_another_vmid)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_tlbi(&s, 9, 0, SZ_2M, 2);
	syn_expect_violation(&s, "names VMID 9");
}
END_TEST

START_TEST(oracle_flags_tlbi_with_wrong_level_hint)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_tlbi(&s, 5, 0, SZ_2M, 3);
	syn_expect_violation(&s, "not covered");
}
END_TEST

START_TEST(oracle_flags_tlbi_not_covering_the_entry)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_tlbi(&s, 5, 0, SZ_4K, 0);
	syn_expect_violation(&s, "not covered");
}
END_TEST

START_TEST(oracle_flags_removal_never_invalidated)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_expect_violation(&s, "not covered");
}
END_TEST

START_TEST(oracle_flags_table_freed_before_tlbi)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_store(&s, &s.root[0], 0, 1, 0);
	s.f.ops.table_free(&s.f, s.l2, 0);
	s.f.ops.tlb_flush_vmid(&s.f, vmid_init(5));
	syn_expect_violation(&s, "freed before");
}
END_TEST

START_TEST(oracle_flags_table_freed_while_linked)
{
	struct syn s;

	syn_setup(&s);
	s.f.ops.tlb_flush_vmid(&s.f, vmid_init(5));
	s.f.ops.table_free(&s.f, s.l2, 0);
	syn_expect_violation(&s, "reachable");
}
END_TEST

START_TEST(oracle_flags_misaligned_block)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[1], t_page_desc(PA0 + SZ_4K, RW, WB, 2), 2, SZ_2M);
	syn_expect_violation(&s, "not aligned");
}
END_TEST

START_TEST(oracle_flags_untraced_store)
{
	struct syn s;

	syn_setup(&s);
	s.l2[5] = t_page_desc(PA0, RW, WB, 2);
	syn_expect_violation(&s, "untraced");
}
END_TEST

START_TEST(oracle_flags_store_traced_with_wrong_ipa)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[3], t_page_desc(PA0, RW, WB, 2), 2, 4 * SZ_2M);
	syn_expect_violation(&s, "traced with IPA");
}
END_TEST

START_TEST(oracle_flags_permission_change_never_invalidated)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], t_page_desc(PA0, S2PT_R, WB, 2), 2, 0);
	syn_expect_violation(&s, "permission change");
}
END_TEST

START_TEST(oracle_flags_store_outside_a_call)
{
	struct syn s;

	syn_setup(&s);
	s2pt_fake_end(&s.f);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	ck_assert_int_eq(syn_check(&s), -1);
	ck_assert_ptr_nonnull(strstr(s2pt_oracle_msg(s.o), "outside"));
	s2pt_oracle_free(s.o);
	s2pt_fake_fini(&s.f);
}
END_TEST

START_TEST(oracle_flags_leaves_of_unlinked_table_not_invalidated)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.root[0], 0, 1, 0);
	syn_tlbi(&s, 5, 0, SZ_4K, 0);
	s.f.ops.table_free(&s.f, s.l2, 0);
	syn_expect_violation(&s, "removal with its table");
}
END_TEST

START_TEST(oracle_accepts_unlink_tlbi_free)
{
	struct syn s;

	syn_setup(&s);
	syn_store(&s, &s.l2[0], 0, 2, 0);
	syn_store(&s, &s.root[0], 0, 1, 0);
	syn_tlbi(&s, 5, 0, SZ_2M, 2);
	syn_tlbi(&s, 5, 0, SZ_4K, 0);
	s.f.ops.table_free(&s.f, s.l2, 0);
	s2pt_fake_end(&s.f);
	ck_assert_msg(syn_check(&s) == 0, "%s", s2pt_oracle_msg(s.o));
	s2pt_oracle_free(s.o);
	s2pt_fake_fini(&s.f);
}
END_TEST

/* --- s2pt under the oracle ------------------------------------------------ */

static uint64_t
oracle_bbm(const struct t_env *e)
{
	struct s2pt_oracle_counts c;

	s2pt_oracle_counts(e->oracle, &c);
	return c.bbm;
}

START_TEST(bbm_splits_by_unmap_and_protect)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	uint64_t g = 2 * SZ_1G, n;

	ck_assert_int_eq(t_map(e, g, PA0, 2 * SZ_1G, RW, WB), 0);
	n = oracle_bbm(e);
	ck_assert_int_eq(t_unmap(e, g + SZ_2M + SZ_4K, SZ_4K), 0);
	ck_assert_uint_eq(oracle_bbm(e), n + 2);	/* 1 GiB, then 2 MiB */
	ck_assert_int_eq(t_protect(e, g + SZ_1G + 3 * SZ_2M, SZ_4K, S2PT_R,
	    WB), 0);
	ck_assert_uint_eq(oracle_bbm(e), n + 4);
	ck_assert_int_eq(t_protect(e, g + SZ_1G, SZ_2M + SZ_4K, RW,
	    S2PT_NORMAL_NC), 0);
	ck_assert_uint_gt(oracle_bbm(e), n + 4);
	t_env_free(e);
}
END_TEST

START_TEST(bbm_memory_type_changes_over_pages_and_blocks)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	uint64_t a = SZ_1G - 3 * SZ_4K, n;

	ck_assert_int_eq(t_map(e, a, a + PA0, SZ_1G + 2 * SZ_2M, RW, WB), 0);
	n = oracle_bbm(e);
	ck_assert_int_eq(t_protect(e, a, SZ_1G + 2 * SZ_2M, RW,
	    S2PT_DEVICE_nGnRE), 0);
	/* 3 pages, 1 GiB block, 2 MiB block, pages of the last 2 MiB. */
	ck_assert_uint_eq(oracle_bbm(e), n + 3 + 1 + 1 + 509);
	ck_assert_int_eq(t_protect(e, a, SZ_4K, RW, S2PT_NORMAL_NC), 0);
	ck_assert_uint_eq(oracle_bbm(e), n + 3 + 1 + 1 + 509 + 1);
	t_env_free(e);
}
END_TEST

START_TEST(bbm_collapses_of_2mib_and_1gib)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	uint64_t g = 3 * SZ_1G, n;

	ck_assert_int_eq(t_map(e, g, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_protect(e, g + SZ_2M, SZ_4K, S2PT_R, WB), 0);
	ck_assert_int_eq(t_protect(e, g + SZ_2M, SZ_4K, RW, WB), 0);
	ck_assert(s2pt_desc_is_table(t_desc(e, g + SZ_2M, 2), 2));
	n = oracle_bbm(e);
	/* Whether one call also merges the level-2 table its child joined
	 * is not specified; two calls must end with one 1 GiB block. */
	ck_assert_int_eq(t_collapse(e, g, SZ_1G), 0);
	ck_assert_uint_gt(oracle_bbm(e), n);
	ck_assert_int_eq(t_collapse(e, g, SZ_1G), 0);
	ck_assert_uint_eq(t_desc(e, g, 1), t_page_desc(PA0, RW, WB, 1));
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_env_free(e);
}
END_TEST

/* Map @n pages from @a (PAs apart), and one page far behind. */
static void
map_pages(struct t_env *e, uint64_t a, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(t_map(e, a + i * SZ_4K, PA0 + i * SZ_2M,
		    SZ_4K, RW, WB), 0);
	}
	ck_assert_int_eq(t_map(e, a + 500 * SZ_4K, PA0, SZ_4K, RW, WB), 0);
}

static void
check_threshold(unsigned int cfg_threshold, unsigned int threshold)
{
	struct t_env *e = t_env_new(&(struct t_cfg){
	    .tlbi_threshold = cfg_threshold });
	uint64_t a = SZ_1G;
	struct s2pt_stats d;

	map_pages(e, a, threshold + 1);
	ck_assert_int_eq(t_unmap(e, a, threshold * SZ_4K), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	ck_assert_uint_eq(t_log_tlbi_ops(e), threshold);
	t_delta(e, &d);
	ck_assert_uint_eq(d.tlbi_ipa, threshold);
	ck_assert_uint_eq(d.tlbi_vmid, 0);
	t_env_free(e);

	e = t_env_new(&(struct t_cfg){ .tlbi_threshold = cfg_threshold });
	map_pages(e, a, threshold + 1);
	ck_assert_int_eq(t_unmap(e, a, (threshold + 1) * SZ_4K), 0);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	ck_assert_uint_le(t_log_tlbi_ops(e), threshold);
	t_delta(e, &d);
	ck_assert_uint_eq(d.tlbi_vmid, 1);
	t_env_free(e);
}

START_TEST(unmap_up_to_threshold_flushes_by_ipa_above_by_vmid)
{
	check_threshold(0, S2PT_TLBI_THRESHOLD_DEFAULT);
	check_threshold(4, 4);
	check_threshold(S2PT_TLBI_THRESHOLD_MAX, S2PT_TLBI_THRESHOLD_MAX);
}
END_TEST

START_TEST(unmap_freeing_many_tables_flushes_the_vmid_once)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	unsigned int i;

	for (i = 0; i < 40; i++) {
		ck_assert_int_eq(t_map(e, i * SZ_1G + SZ_4K, PA0, SZ_4K, RW, WB),
		    0);
	}
	ck_assert_int_eq(t_unmap(e, 0, 40 * SZ_1G), 0);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA), 0);
	ck_assert_msg(t_log_count(e, FAKE_EV_TLBI_VMID) == 1, "one unmap call"
	    " invalidated the whole VMID %zu times",
	    t_log_count(e, FAKE_EV_TLBI_VMID));
	t_env_free(e);
}
END_TEST

/* The one tlb_flush_ipa of the last call. */
static const struct fake_ev *
only_tlbi_ipa(const struct t_env *e)
{
	size_t i;

	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_IPA), 1);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	for (i = 0; e->fake->log[i].kind != FAKE_EV_TLBI_IPA; i++) {
		continue;
	}
	return &e->fake->log[i];
}

START_TEST(unmap_of_a_block_flushes_it_with_its_level_hint)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .vmid = 77 });
	const struct fake_ev *ev;

	ck_assert_int_eq(t_map(e, 2 * SZ_1G, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_map(e, 5 * SZ_1G + SZ_2M, PA0, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, 5 * SZ_1G + 2 * SZ_2M, PA0, SZ_2M, RW, WB),
	    0);
	ck_assert_int_eq(t_unmap(e, 2 * SZ_1G, SZ_1G), 0);
	ev = only_tlbi_ipa(e);
	ck_assert_uint_eq(ev->vmid, 77);
	ck_assert_uint_eq(ev->addr, 2 * SZ_1G);
	ck_assert_uint_eq(ev->size, SZ_1G);
	ck_assert_uint_eq(ev->level, 1);
	ck_assert_int_eq(t_unmap(e, 5 * SZ_1G + SZ_2M, SZ_2M), 0);
	ev = only_tlbi_ipa(e);
	ck_assert_uint_eq(ev->addr, 5 * SZ_1G + SZ_2M);
	ck_assert_uint_eq(ev->size, SZ_2M);
	ck_assert_uint_eq(ev->level, 2);
	t_env_free(e);
}
END_TEST

START_TEST(unmap_frees_tables_only_after_the_tlbi)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ 0 });
	size_t i, first_tlbi = SIZE_MAX, frees = 0;

	ck_assert_int_eq(t_map(e, 7 * SZ_1G + SZ_4K, PA0, SZ_4K, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, 7 * SZ_1G, SZ_2M), 0);
	for (i = 0; i < e->fake->log_len; i++) {
		enum fake_ev_kind k = e->fake->log[i].kind;

		if ((k == FAKE_EV_TLBI_IPA || k == FAKE_EV_TLBI_VMID) &&
		    first_tlbi == SIZE_MAX) {
			first_tlbi = i;
		}
		if (k == FAKE_EV_FREE) {
			ck_assert_uint_gt(i, first_tlbi);
			frees++;
		}
	}
	ck_assert_uint_eq(frees, 2);
	ck_assert_uint_eq(e->fake->pages_out, 2);
	t_env_free(e);
}
END_TEST

START_TEST(invalidations_name_the_vmid_current_at_the_call)
{
	struct t_env *e = t_env_new(&(struct t_cfg){ .vmid = 5 });

	ck_assert_int_eq(t_map(e, SZ_1G, PA0, SZ_1G, RW, WB), 0);
	/* A rollover gave the VM another number. */
	e->vmid_no = 0x1234;
	s2pt_fake_set_vmid(&e->vmid, e->vmid_no);
	ck_assert_int_eq(t_unmap(e, SZ_1G + SZ_2M, SZ_4K), 0);
	ck_assert_uint_gt(t_log_count(e, FAKE_EV_TLBI_IPA) +
	    t_log_count(e, FAKE_EV_TLBI_VMID), 0);
	t_fini(e);
	ck_assert_uint_eq(t_log_count(e, FAKE_EV_TLBI_VMID), 1);
	t_env_free(e);
}
END_TEST

static void
exercise(struct t_env *e, uint64_t base)
{
	ck_assert_int_eq(t_map(e, base, PA0, SZ_1G, RW, WB), 0);
	ck_assert_int_eq(t_unmap(e, base + SZ_2M + SZ_4K, SZ_4K), 0);
	ck_assert_int_eq(t_protect(e, base + 8 * SZ_2M, SZ_2M, RW,
	    S2PT_NORMAL_NC), 0);
	ck_assert_int_eq(t_protect(e, base + 8 * SZ_2M, SZ_2M, RW, WB), 0);
	ck_assert_int_eq(t_map(e, base + SZ_2M + SZ_4K, PA0 + SZ_2M + SZ_4K,
	    SZ_4K, RW, WB), 0);
}

START_TEST(two_tables_invalidate_their_own_vmid)
{
	struct t_env *a = t_env_new(&(struct t_cfg){ .vmid = 5 });
	struct t_env *b = t_env_share(a, &(struct t_cfg){ .vmid = 9,
	    .ipa_bits = 39 });
	struct s2pt_oracle_counts c;

	exercise(a, SZ_1G);
	exercise(b, 3 * SZ_1G);
	ck_assert_int_eq(t_collapse(a, 0, 4 * SZ_1G), 0);
	ck_assert_uint_gt(t_log_count(a, FAKE_EV_TLBI_IPA) +
	    t_log_count(a, FAKE_EV_TLBI_VMID), 0);
	ck_assert_int_eq(t_unmap(b, 3 * SZ_1G, SZ_2M), 0);
	ck_assert_int_eq(t_collapse(b, 0, 4 * SZ_1G), 0);
	ck_assert_int_eq(t_unmap(a, 0, 4 * SZ_1G), 0);
	ck_assert_int_eq(t_unmap(b, 0, 4 * SZ_1G), 0);
	s2pt_oracle_counts(a->oracle, &c);
	ck_assert_uint_gt(c.tlbi_ipa + c.tlbi_vmid, 10);
	t_env_free(b);
	t_env_free(a);
}
END_TEST

/**
 * s2pt_suite_bbm() - the oracle, and s2pt under it.
 *
 * Return: the suite.
 */
Suite *
s2pt_suite_bbm(void)
{
	Suite *s = suite_create("bbm");
	TCase *to = tcase_create("oracle");
	TCase *tc = tcase_create("s2pt");

	tcase_add_test(to, oracle_accepts_break_tlbi_make);
	tcase_add_test(to, oracle_flags_valid_to_valid_change_of_address);
	tcase_add_test(to, oracle_flags_make_without_tlbi);
	tcase_add_test(to, oracle_flags_tlbi_of_another_vmid);
	tcase_add_test(to, oracle_flags_tlbi_with_wrong_level_hint);
	tcase_add_test(to, oracle_flags_tlbi_not_covering_the_entry);
	tcase_add_test(to, oracle_flags_removal_never_invalidated);
	tcase_add_test(to, oracle_flags_table_freed_before_tlbi);
	tcase_add_test(to, oracle_flags_table_freed_while_linked);
	tcase_add_test(to, oracle_flags_misaligned_block);
	tcase_add_test(to, oracle_flags_untraced_store);
	tcase_add_test(to, oracle_flags_store_traced_with_wrong_ipa);
	tcase_add_test(to, oracle_flags_permission_change_never_invalidated);
	tcase_add_test(to, oracle_flags_store_outside_a_call);
	tcase_add_test(to, oracle_flags_leaves_of_unlinked_table_not_invalidated);
	tcase_add_test(to, oracle_accepts_unlink_tlbi_free);
	tcase_add_test(tc, bbm_splits_by_unmap_and_protect);
	tcase_add_test(tc, bbm_memory_type_changes_over_pages_and_blocks);
	tcase_add_test(tc, bbm_collapses_of_2mib_and_1gib);
	tcase_add_test(tc, unmap_up_to_threshold_flushes_by_ipa_above_by_vmid);
	tcase_add_test(tc, unmap_freeing_many_tables_flushes_the_vmid_once);
	tcase_add_test(tc, unmap_of_a_block_flushes_it_with_its_level_hint);
	tcase_add_test(tc, unmap_frees_tables_only_after_the_tlbi);
	tcase_add_test(tc, invalidations_name_the_vmid_current_at_the_call);
	tcase_add_test(tc, two_tables_invalidate_their_own_vmid);
	tcase_add_checked_fixture(to, NULL, t_teardown);
	suite_add_tcase(s, to);
	tcase_add_checked_fixture(tc, NULL, t_teardown);
	suite_add_tcase(s, tc);
	return s;
}
