/* SPDX-License-Identifier: ISC */
/*
 * check_owner.c - tests of the firmware's ownership table
 * (firmware/owner.c): claims and releases are all or nothing, a page of
 * the firmware or of one VM is refused to another, what is in the way is
 * named exactly, and every table page goes back to the pool; and of the
 * shared regions on top of it (firmware/shared.c).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include <hv/errno.h>
#include <hv/pagepool.h>

#include "owner.h"
#include "shared.h"

#define K4	((uint64_t)4096)
#define M2	((uint64_t)1 << 21)
#define G1	((uint64_t)1 << 30)
#define RAM	((uint64_t)0x40000000)
#define FW	OWNER_FIRMWARE
#define VM0	owner_vm(0)
#define VM1	owner_vm(1)

#define POOL_PAGES	64

static void *pool_mem;
static uint8_t *pool_meta;
static struct pagepool pool;
static struct owner_table ot;
static size_t pool_start;

static void
pool_setup(size_t pages)
{
	/* Aligned to 64 KiB, so blocks of up to 16 pages (roots) can be had. */
	pool_mem = aligned_alloc(16 * K4, POOL_PAGES * K4);
	pool_meta = malloc(pagepool_meta_size(POOL_PAGES));
	ck_assert_ptr_nonnull(pool_mem);
	ck_assert_ptr_nonnull(pool_meta);
	ck_assert_int_eq(pagepool_init(&pool, pool_mem, pages, pool_meta), 0);
	pool_start = pagepool_free_pages(&pool);
}

static void
setup(void)
{
	pool_setup(POOL_PAGES);
	ck_assert_int_eq(owner_init(&ot, &pool, 40), 0);
}

static void
teardown(void)
{
	owner_fini(&ot);
	ck_assert_uint_eq(pagepool_free_pages(&pool), pool_start);
	free(pool_meta);
	free(pool_mem);
}

static int
claim(uint64_t pa, uint64_t size, uint8_t owner)
{
	return owner_claim(&ot, pa_init(pa), size, owner);
}

static int
release(uint64_t pa, uint64_t size, uint8_t owner)
{
	return owner_release(&ot, pa_init(pa), size, owner);
}

static uint8_t
of(uint64_t pa)
{
	return owner_of(&ot, pa_init(pa));
}

/* Every page of [pa, pa + size) is @owner's (checked at both ends too). */
static void
owned_by(uint64_t pa, uint64_t size, uint8_t owner)
{
	struct owner_run run;

	ck_assert_uint_eq(of(pa), owner);
	ck_assert_uint_eq(of(pa + size - K4), owner);
	ck_assert_int_eq(owner_find_other(&ot, pa_init(pa), size, owner, &run),
	    -ENOENT);
}

/* The first run in [pa, pa + size) not @past's is exactly this one. */
static void
in_the_way(uint64_t pa, uint64_t size, uint8_t past, uint64_t run_pa,
    uint64_t run_size, uint8_t run_owner)
{
	struct owner_run run;

	ck_assert_int_eq(owner_find_other(&ot, pa_init(pa), size, past, &run),
	    0);
	ck_assert_uint_eq(pa_addr(run.pa), run_pa);
	ck_assert_uint_eq(run.size, run_size);
	ck_assert_uint_eq(run.owner, run_owner);
}

START_TEST(vm_ids_follow_the_firmware)
{
	ck_assert_uint_eq(OWNER_NONE, 0);
	ck_assert_uint_eq(OWNER_FIRMWARE, 1);
	ck_assert_uint_eq(OWNER_SHARED, 2);
	ck_assert_uint_eq(owner_vm(0), 3);
	ck_assert_uint_eq(owner_vm(OWNER_VM_COUNT - 1), 255);
}
END_TEST

START_TEST(init_leaves_every_page_to_nobody)
{
	ck_assert_uint_eq(owner_limit(&ot), (uint64_t)1 << 40);
	owned_by(0, G1, OWNER_NONE);
	owned_by(RAM, G1, OWNER_NONE);
	owned_by(owner_limit(&ot) - M2, M2, OWNER_NONE);
	ck_assert_uint_eq(of(owner_limit(&ot)), OWNER_NONE);
}
END_TEST

START_TEST(init_clamps_the_pa_size)
{
	struct owner_table narrow, wide;

	ck_assert_int_eq(owner_init(&narrow, &pool, 30), 0);
	ck_assert_uint_eq(owner_limit(&narrow), (uint64_t)1 << 32);
	ck_assert_int_eq(owner_init(&wide, &pool, 52), 0);
	ck_assert_uint_eq(owner_limit(&wide), (uint64_t)1 << 48);
	ck_assert_int_eq(owner_claim(&wide, pa_init(((uint64_t)1 << 48) - K4),
	    K4, FW), 0);
	ck_assert_int_eq(owner_claim(&narrow, pa_init((uint64_t)1 << 32), K4,
	    FW), -ERANGE);
	owner_fini(&wide);
	owner_fini(&narrow);
}
END_TEST

START_TEST(claim_and_release_move_whole_ranges)
{
	ck_assert_int_eq(claim(RAM + 0x200000, 0x801000, FW), 0);
	owned_by(RAM + 0x200000, 0x801000, FW);
	ck_assert_uint_eq(of(RAM + 0x1ff000), OWNER_NONE);
	ck_assert_uint_eq(of(RAM + 0xa01000), OWNER_NONE);
	ck_assert_int_eq(claim(RAM + 0x8000000, 16 * M2, VM0), 0);
	owned_by(RAM + 0x8000000, 16 * M2, VM0);
	ck_assert_int_eq(release(RAM + 0x8000000, 16 * M2, VM0), 0);
	owned_by(RAM + 0x8000000, 16 * M2, OWNER_NONE);
	owned_by(RAM + 0x200000, 0x801000, FW);
}
END_TEST

START_TEST(release_gives_back_the_pages_the_claim_took)
{
	size_t before;

	ck_assert_int_eq(claim(RAM, 0x1000000, FW), 0);
	before = pagepool_free_pages(&pool);
	/* Unaligned both ends: a level-3 table at each. */
	ck_assert_int_eq(claim(RAM + 0x8001000, 0x3ffe000, VM0), 0);
	ck_assert_uint_lt(pagepool_free_pages(&pool), before);
	ck_assert_int_eq(release(RAM + 0x8001000, 0x3ffe000, VM0), 0);
	ck_assert_uint_eq(pagepool_free_pages(&pool), before);
	/* A claim in another GiB needs its own tables, freed again. */
	ck_assert_int_eq(claim(2 * G1 + K4, K4, VM1), 0);
	ck_assert_int_eq(release(2 * G1 + K4, K4, VM1), 0);
	ck_assert_uint_eq(pagepool_free_pages(&pool), before);
}
END_TEST

START_TEST(firmware_pages_are_refused_to_a_vm)
{
	ck_assert_int_eq(claim(RAM + 0x200000, 0x800000, FW), 0);
	ck_assert_int_eq(claim(RAM + 0x600000, 0x1000000, VM0), -EPERM);
	/* Nothing of the range changed hands, not even the free part. */
	owned_by(RAM + 0xa00000, 0xc00000, OWNER_NONE);
	owned_by(RAM + 0x200000, 0x800000, FW);
	in_the_way(RAM + 0x600000, 0x1000000, OWNER_NONE, RAM + 0x600000,
	    0x400000, FW);
	ck_assert_int_eq(claim(RAM + 0x1ff000, K4, VM0), 0);
	ck_assert_int_eq(claim(RAM + 0xa00000, K4, VM0), 0);
}
END_TEST

START_TEST(one_vms_pages_are_refused_to_another)
{
	ck_assert_int_eq(claim(RAM + 0x8000000, 0x1000000, VM0), 0);
	ck_assert_int_eq(claim(RAM + 0x8800000, 0x1000000, VM1), -EPERM);
	owned_by(RAM + 0x9000000, 0x800000, OWNER_NONE);
	in_the_way(RAM + 0x8800000, 0x1000000, OWNER_NONE, RAM + 0x8800000,
	    0x800000, VM0);
	/* The same VM cannot claim its own pages twice either. */
	ck_assert_int_eq(claim(RAM + 0x8fff000, K4, VM0), -EPERM);
	ck_assert_int_eq(claim(RAM + 0x9000000, 0x1000000, VM1), 0);
	ck_assert_int_eq(release(RAM + 0x8000000, 0x1000000, VM0), 0);
	ck_assert_int_eq(claim(RAM + 0x8800000, 0x800000, VM1), 0);
	owned_by(RAM + 0x8800000, 0x1800000, VM1);
}
END_TEST

START_TEST(release_refuses_pages_not_all_the_owners)
{
	ck_assert_int_eq(claim(RAM + 0x8000000, 0x1000000, VM0), 0);
	ck_assert_int_eq(claim(RAM + 0x9000000, 0x1000000, VM1), 0);
	ck_assert_int_eq(release(RAM + 0x8000000, 0x1000000, VM1), -EPERM);
	ck_assert_int_eq(release(RAM + 0x8800000, 0x1000000, VM0), -EPERM);
	ck_assert_int_eq(release(RAM + 0x7fff000, 0x2000, VM0), -EPERM);
	owned_by(RAM + 0x8000000, 0x1000000, VM0);
	owned_by(RAM + 0x9000000, 0x1000000, VM1);
	ck_assert_uint_eq(of(RAM + 0x7fff000), OWNER_NONE);
}
END_TEST

START_TEST(bad_ranges_and_owners_are_refused)
{
	struct owner_run run;
	uint64_t top = owner_limit(&ot);

	ck_assert_int_eq(claim(RAM + 1, K4, VM0), -EINVAL);
	ck_assert_int_eq(claim(RAM, K4 + 1, VM0), -EINVAL);
	ck_assert_int_eq(claim(RAM, 0, VM0), -EINVAL);
	ck_assert_int_eq(claim(RAM, K4, OWNER_NONE), -EINVAL);
	ck_assert_int_eq(release(RAM, K4, OWNER_NONE), -EINVAL);
	ck_assert_int_eq(claim(top - K4, 2 * K4, VM0), -ERANGE);
	ck_assert_int_eq(claim(top, K4, VM0), -ERANGE);
	ck_assert_int_eq(claim(UINT64_MAX - K4 + 1, K4, VM0), -ERANGE);
	ck_assert_int_eq(owner_find_other(&ot, pa_init(RAM + 1), K4,
	    OWNER_NONE, &run), -EINVAL);
	ck_assert_int_eq(owner_find_other(&ot, pa_init(RAM), 0, OWNER_NONE,
	    &run), -EINVAL);
	ck_assert_int_eq(owner_find_other(&ot, pa_init(top - K4), 2 * K4,
	    OWNER_NONE, &run), -ERANGE);
	ck_assert_int_eq(owner_find_other(&ot,
	    pa_init(UINT64_MAX - K4 + 1), 2 * K4, OWNER_NONE, &run), -ERANGE);
	owned_by(top - G1, G1, OWNER_NONE);
}
END_TEST

START_TEST(find_other_names_the_first_run_clipped)
{
	ck_assert_int_eq(claim(RAM + 0x200000, 0x201000, FW), 0);
	ck_assert_int_eq(claim(RAM + 0x401000, 0x3ff000, VM0), 0);
	/* Adjacent runs of two owners stay two runs. */
	in_the_way(RAM, 0x1000000, OWNER_NONE, RAM + 0x200000, 0x201000, FW);
	in_the_way(RAM + 0x200000, 0x1000000, FW, RAM + 0x401000, 0x3ff000,
	    VM0);
	in_the_way(RAM + 0x300000, 0x2000, OWNER_NONE, RAM + 0x300000, 0x2000,
	    FW);
	in_the_way(RAM + 0x400000, 0x400000, FW, RAM + 0x401000, 0x3ff000,
	    VM0);
	in_the_way(RAM, 0x10000000, VM1, RAM, 0x200000, OWNER_NONE);
}
END_TEST

START_TEST(claim_without_table_pages_changes_nothing)
{
	void *mem = aligned_alloc(4 * K4, 4 * K4);
	struct owner_table small;
	struct pagepool tiny;
	uint8_t meta[3];
	size_t free_pages;

	/* Room for the two-page root and one table: a lone page needs two. */
	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(pagepool_init(&tiny, mem, 3, meta), 0);
	ck_assert_int_eq(owner_init(&small, &tiny, 40), 0);
	free_pages = pagepool_free_pages(&tiny);
	ck_assert_uint_eq(free_pages, 1);
	ck_assert_int_eq(owner_claim(&small, pa_init(RAM + K4), K4, VM0),
	    -ENOMEM);
	ck_assert_uint_eq(owner_of(&small, pa_init(RAM + K4)), OWNER_NONE);
	ck_assert_uint_eq(pagepool_free_pages(&tiny), free_pages);
	/* A 2 MiB page needs only the level-2 table. */
	ck_assert_int_eq(owner_claim(&small, pa_init(RAM), M2, VM0), 0);
	ck_assert_uint_eq(owner_of(&small, pa_init(RAM + K4)), VM0);
	ck_assert_uint_eq(pagepool_free_pages(&tiny), 0);
	ck_assert_int_eq(owner_release(&small, pa_init(RAM), M2, VM0), 0);
	ck_assert_uint_eq(pagepool_free_pages(&tiny), free_pages);
	owner_fini(&small);
	ck_assert_uint_eq(pagepool_free_pages(&tiny), 3);
	free(mem);
}
END_TEST

START_TEST(page_by_page_claims_fold_into_blocks)
{
	size_t at_once, free_before = pagepool_free_pages(&pool);
	uint64_t pa;

	ck_assert_int_eq(owner_claim(&ot, pa_init(RAM), M2, VM0), 0);
	at_once = pagepool_free_pages(&pool);
	ck_assert_int_eq(owner_release(&ot, pa_init(RAM), M2, VM0), 0);
	ck_assert_uint_eq(pagepool_free_pages(&pool), free_before);
	for (pa = RAM; pa < RAM + M2; pa += K4) {
		ck_assert_int_eq(owner_claim(&ot, pa_init(pa), K4, VM0), 0);
	}
	/* The 4 KiB table filled with one owner became one 2 MiB entry. */
	ck_assert_uint_eq(pagepool_free_pages(&pool), at_once);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + M2 - K4)), VM0);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + M2)), OWNER_NONE);
	/* And unfolds again for a page of it. */
	ck_assert_int_eq(owner_release(&ot, pa_init(RAM + K4), K4, VM0), 0);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM)), VM0);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + K4)), OWNER_NONE);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + 2 * K4)), VM0);
	ck_assert_int_eq(owner_release(&ot, pa_init(RAM), K4, VM0), 0);
	ck_assert_int_eq(owner_release(&ot, pa_init(RAM + 2 * K4),
	    M2 - 2 * K4, VM0), 0);
	ck_assert_uint_eq(pagepool_free_pages(&pool), free_before);
}
END_TEST

START_TEST(shared_region_is_held_once_per_vm_and_released_by_the_last)
{
	struct shared_table st;
	uint32_t vm0 = 0, vm1 = 0;
	uint64_t pa, size;
	int i;

	shared_init(&st, &ot);
	i = shared_get(&st, pa_init(RAM), M2, &vm0);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + M2 - K4)), OWNER_SHARED);
	/* Again for the same VM: still one hold. */
	ck_assert_int_eq(shared_get(&st, pa_init(RAM), M2, &vm0), i);
	ck_assert_int_eq(shared_get(&st, pa_init(RAM), M2, &vm1), i);
	ck_assert_uint_eq(st.region[i].refs, 2);
	shared_put(&st, (unsigned int)i, &vm0, &pa, &size);
	ck_assert_uint_eq(size, 0);
	ck_assert_uint_eq(vm0, 0);
	/* A VM that does not hold it lets go of nothing. */
	shared_put(&st, (unsigned int)i, &vm0, &pa, &size);
	ck_assert_uint_eq(st.region[i].refs, 1);
	shared_put(&st, (unsigned int)i, &vm1, &pa, &size);
	ck_assert_uint_eq(pa, RAM);
	ck_assert_uint_eq(size, M2);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM)), OWNER_SHARED);
	ck_assert_int_eq(shared_release(&st, pa, size), 0);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM)), OWNER_NONE);
}
END_TEST

START_TEST(shared_region_refuses_overlaps_and_owned_pages)
{
	struct shared_table st;
	uint32_t vm0 = 0, vm1 = 0;
	uint64_t pa, size;
	int i;

	shared_init(&st, &ot);
	i = shared_get(&st, pa_init(RAM), M2, &vm0);
	ck_assert_int_ge(i, 0);
	/* Not the same range: its pages are the region's. */
	ck_assert_int_eq(shared_get(&st, pa_init(RAM + K4), K4, &vm1), -EPERM);
	ck_assert_int_eq(shared_get(&st, pa_init(RAM), 2 * M2, &vm1), -EPERM);
	ck_assert_uint_eq(vm1, 0);
	/* A VM's page is not shareable. */
	ck_assert_int_eq(owner_claim(&ot, pa_init(RAM + M2), K4, VM0), 0);
	ck_assert_int_eq(shared_get(&st, pa_init(RAM + M2), K4, &vm1), -EPERM);
	ck_assert_int_eq(owner_release(&ot, pa_init(RAM + M2), K4, VM0), 0);
	shared_put(&st, (unsigned int)i, &vm0, &pa, &size);
	ck_assert_int_eq(shared_release(&st, pa, size), 0);
}
END_TEST

START_TEST(shared_regions_run_out_cleanly)
{
	struct shared_table st;
	uint32_t vm0 = 0, vm1 = 0;
	uint64_t pa, size;
	unsigned int i;

	shared_init(&st, &ot);
	for (i = 0; i < SHARED_MAX; i++) {
		ck_assert_int_eq(shared_get(&st, pa_init(RAM + i * K4), K4,
		    &vm0), (int)i);
	}
	ck_assert_uint_eq(vm0, 0xffffffffu);
	ck_assert_int_eq(shared_get(&st, pa_init(RAM + SHARED_MAX * K4), K4,
	    &vm1), -ENOSPC);
	ck_assert_uint_eq(owner_of(&ot, pa_init(RAM + SHARED_MAX * K4)),
	    OWNER_NONE);
	for (i = 0; i < SHARED_MAX; i++) {
		shared_put(&st, i, &vm0, &pa, &size);
		ck_assert_uint_eq(size, K4);
		ck_assert_int_eq(shared_release(&st, pa, size), 0);
	}
}
END_TEST

static Suite *
owner_suite(void)
{
	Suite *s = suite_create("owner");
	TCase *tc = tcase_create("owner");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, vm_ids_follow_the_firmware);
	tcase_add_test(tc, init_leaves_every_page_to_nobody);
	tcase_add_test(tc, init_clamps_the_pa_size);
	tcase_add_test(tc, claim_and_release_move_whole_ranges);
	tcase_add_test(tc, release_gives_back_the_pages_the_claim_took);
	tcase_add_test(tc, firmware_pages_are_refused_to_a_vm);
	tcase_add_test(tc, one_vms_pages_are_refused_to_another);
	tcase_add_test(tc, release_refuses_pages_not_all_the_owners);
	tcase_add_test(tc, bad_ranges_and_owners_are_refused);
	tcase_add_test(tc, find_other_names_the_first_run_clipped);
	tcase_add_test(tc, claim_without_table_pages_changes_nothing);
	tcase_add_test(tc, page_by_page_claims_fold_into_blocks);
	tcase_add_test(tc, shared_region_is_held_once_per_vm_and_released_by_the_last);
	tcase_add_test(tc, shared_region_refuses_overlaps_and_owned_pages);
	tcase_add_test(tc, shared_regions_run_out_cleanly);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(owner_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
