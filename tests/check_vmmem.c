/* SPDX-License-Identifier: ISC */
/*
 * check_vmmem.c - tests of a VM's board-memory record (hvd/vmmem.c).
 *
 * The record's exact shape is asserted after every change: which
 * mappings, in which order, merged or not.  The board's allocator is a
 * real guestmem over a HELLO reply as the firmware would send it, so
 * "given back" is checked against what the allocator can hand out again.
 * The model-based test runs fixed-seed random adds and removes over a
 * small IPA window against a flat page array.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestmem.h"
#include "vmmem.h"

#define MIB		0x100000ull
#define PAGE		GUESTMEM_GRANULE
#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(256 * MIB)
/* Free board memory: the firmware and the mailbox take the first 17 MiB. */
#define FREE_BASE	(RAM_BASE + 17 * MIB)
/* Where the tests place memory by hand (guestmem_reserve()). */
#define PA		(RAM_BASE + 64 * MIB)
#define IPA		0x80000000ull

#define R		ABI_PERM_R
#define RW		(ABI_PERM_R | ABI_PERM_W)

/* A mapping made on the spot, for the expected shapes. */
#define MAP(ipa, pa, size, perm, b) \
	((struct vmmem_map){ (ipa), (pa), (size), (perm), (b) })

static struct guestmem gm;
static struct vmmem_shared shared;
static uint64_t free_at_start;

static void
setup(void)
{
	struct abi_hello_reply h = {
		.ram_base = RAM_BASE, .ram_size = RAM_SIZE,
		.fw_base = RAM_BASE, .fw_size = 16 * MIB,
		.mailbox_base = RAM_BASE + 16 * MIB, .mailbox_size = MIB,
	};

	ck_assert_int_eq(guestmem_init(&gm, &h), 0);
	shared = (struct vmmem_shared){ NULL };
	free_at_start = guestmem_free_bytes(&gm);
	ck_assert_uint_eq(free_at_start, RAM_SIZE - 17 * MIB);
}

static void
teardown(void)
{
	vmmem_shared_fini(&shared);
	guestmem_fini(&gm);
}

/* Take [@pa, @pa + @size) from the allocator and map it at @ipa. */
static void
add_own(struct vmmem *m, uint64_t ipa, uint64_t pa, uint64_t size,
    unsigned int perm)
{
	struct guestmem_extent e = { pa_init(pa), size };

	ck_assert_int_eq(guestmem_reserve(&gm, &e), 0);
	ck_assert_int_eq(vmmem_add(m, ipa, pa, size, perm, NULL), 0);
}

/* Map every piece of @b at @ipa onwards, as vmrun does. */
static void
add_backing(struct vmmem *m, struct vmmem_backing *b, uint64_t ipa,
    unsigned int perm)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		ck_assert_int_eq(vmmem_add(m, ipa, pa_addr(b->piece[i].pa),
		    b->piece[i].size, perm, b), 0);
		ipa += b->piece[i].size;
	}
}

static struct vmmem_backing *
get_backing(const char *key, uint64_t ipa, uint64_t size)
{
	struct vmmem_backing *b = NULL;

	ck_assert_int_eq(vmmem_backing_get(&shared, key, ipa, size, &gm, &b),
	    0);
	ck_assert_ptr_nonnull(b);
	return b;
}

/* The record is exactly @want, and its byte count their sum. */
static void
assert_maps(const struct vmmem *m, const struct vmmem_map *want, size_t count)
{
	uint64_t bytes = 0;
	size_t i;

	ck_assert_uint_eq(m->count, count);
	for (i = 0; i < count; i++) {
		ck_assert_msg(m->map[i].ipa == want[i].ipa &&
		    m->map[i].pa == want[i].pa &&
		    m->map[i].size == want[i].size &&
		    m->map[i].perm == want[i].perm &&
		    m->map[i].backing == want[i].backing,
		    "mapping %zu: ipa 0x%llx pa 0x%llx size 0x%llx perm %u, "
		    "want ipa 0x%llx pa 0x%llx size 0x%llx perm %u", i,
		    (unsigned long long)m->map[i].ipa,
		    (unsigned long long)m->map[i].pa,
		    (unsigned long long)m->map[i].size, m->map[i].perm,
		    (unsigned long long)want[i].ipa,
		    (unsigned long long)want[i].pa,
		    (unsigned long long)want[i].size, want[i].perm);
		bytes += want[i].size;
	}
	ck_assert_uint_eq(m->bytes, bytes);
}

/* A copy of a record, to show that a refused call changed nothing. */
struct record {
	struct vmmem_map map[32];
	size_t count;
	uint64_t bytes;
	uint64_t free;
};

static void
record_take(struct record *r, const struct vmmem *m)
{
	ck_assert_uint_le(m->count, 32);
	memcpy(r->map, m->map, m->count * sizeof(r->map[0]));
	r->count = m->count;
	r->bytes = m->bytes;
	r->free = guestmem_free_bytes(&gm);
}

static void
assert_record(const struct vmmem *m, const struct record *r)
{
	assert_maps(m, r->map, r->count);
	ck_assert_uint_eq(m->bytes, r->bytes);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), r->free);
}

/* Is all of [@pa, @pa + @size) free in the allocator? */
static bool
is_free(uint64_t pa, uint64_t size)
{
	struct guestmem_extent e = { pa_init(pa), size };

	if (guestmem_reserve(&gm, &e) < 0) {
		return false;
	}
	ck_assert_int_eq(guestmem_free(&gm, &e, 1), 0);
	return true;
}

START_TEST(add_keeps_ipa_order)
{
	struct vmmem m = { 0 };
	const struct vmmem_map want[] = {
		MAP(IPA, PA + 0x10000, PAGE, RW, NULL),
		MAP(IPA + 0x3000, PA + 0x20000, PAGE, RW, NULL),
		MAP(IPA + 0x8000, PA, 2 * PAGE, RW, NULL),
	};

	add_own(&m, IPA + 0x8000, PA, 2 * PAGE, RW);
	add_own(&m, IPA, PA + 0x10000, PAGE, RW);
	add_own(&m, IPA + 0x3000, PA + 0x20000, PAGE, RW);
	assert_maps(&m, want, 3);
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(add_merges_neighbours_that_join)
{
	struct vmmem m = { 0 };
	const struct vmmem_map want = MAP(IPA, PA, 3 * PAGE, RW, NULL);

	add_own(&m, IPA + PAGE, PA + PAGE, PAGE, RW);
	add_own(&m, IPA + 2 * PAGE, PA + 2 * PAGE, PAGE, RW);	/* above */
	add_own(&m, IPA, PA, PAGE, RW);				/* below */
	assert_maps(&m, &want, 1);
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(add_keeps_apart_what_does_not_join)
{
	struct vmmem m = { 0 };
	struct vmmem_backing *b = get_backing("region r of a,b", IPA, PAGE);
	struct vmmem_backing *c = get_backing("region s of a,b", IPA, PAGE);
	uint64_t bpa = pa_addr(b->piece[0].pa), cpa = pa_addr(c->piece[0].pa);
	const struct vmmem_map want[] = {
		MAP(IPA, PA, PAGE, RW, NULL),
		MAP(IPA + PAGE, PA + PAGE, PAGE, R, NULL),	/* perm */
		MAP(IPA + 2 * PAGE, PA + 3 * PAGE, PAGE, R, NULL), /* PA gap */
		MAP(IPA + 4 * PAGE, PA + 4 * PAGE, PAGE, R, NULL), /* IPA gap */
		MAP(IPA + 5 * PAGE, bpa, PAGE, R, b),		/* backing */
		MAP(IPA + 6 * PAGE, cpa, PAGE, R, c),		/* another */
	};

	/* The two backings join in PA: only their owners differ. */
	ck_assert_uint_eq(cpa, bpa + PAGE);
	add_own(&m, IPA, PA, PAGE, RW);
	add_own(&m, IPA + PAGE, PA + PAGE, PAGE, R);
	add_own(&m, IPA + 2 * PAGE, PA + 3 * PAGE, PAGE, R);
	add_own(&m, IPA + 4 * PAGE, PA + 4 * PAGE, PAGE, R);
	add_backing(&m, b, IPA + 5 * PAGE, R);
	add_backing(&m, c, IPA + 6 * PAGE, R);
	assert_maps(&m, want, 6);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(add_of_own_memory_next_to_shared_does_not_merge)
{
	struct vmmem m = { 0 };
	struct vmmem_backing *b = get_backing("region r of a,b", IPA, PAGE);
	uint64_t bpa = pa_addr(b->piece[0].pa);
	const struct vmmem_map want[] = {
		MAP(IPA, bpa, PAGE, RW, b),
		MAP(IPA + PAGE, bpa + PAGE, PAGE, RW, NULL),
	};

	add_backing(&m, b, IPA, RW);
	add_own(&m, IPA + PAGE, bpa + PAGE, PAGE, RW);
	assert_maps(&m, want, 2);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(add_bridging_merges_three_into_one)
{
	struct vmmem m = { 0 };
	const struct vmmem_map want = MAP(IPA, PA, 6 * PAGE, RW, NULL);

	add_own(&m, IPA, PA, 2 * PAGE, RW);
	add_own(&m, IPA + 4 * PAGE, PA + 4 * PAGE, 2 * PAGE, RW);
	ck_assert_uint_eq(m.count, 2);
	add_own(&m, IPA + 2 * PAGE, PA + 2 * PAGE, 2 * PAGE, RW);
	assert_maps(&m, &want, 1);
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(add_refuses_overlap_and_changes_nothing)
{
	static const struct {
		uint64_t ipa, size;
	} over[] = {
		{ IPA + 2 * PAGE, PAGE },		/* first byte */
		{ IPA + 3 * PAGE, PAGE },		/* last page */
		{ IPA + PAGE, 2 * PAGE },		/* ends inside */
		{ IPA + 3 * PAGE, 4 * PAGE },		/* starts inside */
		{ IPA, 16 * PAGE },			/* covers all */
		{ IPA + 2 * PAGE, 2 * PAGE },		/* exactly */
	};
	struct vmmem m = { 0 };
	struct vmmem_backing *b = get_backing("map 0x80000000 of a,b", IPA,
	    PAGE);
	struct record r;
	size_t i;

	add_own(&m, IPA + 2 * PAGE, PA, 2 * PAGE, RW);
	add_own(&m, IPA + 8 * PAGE, PA + 8 * PAGE, PAGE, R);
	record_take(&r, &m);
	for (i = 0; i < sizeof(over) / sizeof(over[0]); i++) {
		ck_assert_int_eq(vmmem_add(&m, over[i].ipa, PA + 0x100000,
		    over[i].size, RW, NULL), -EEXIST);
		ck_assert_int_eq(vmmem_add(&m, over[i].ipa,
		    pa_addr(b->piece[0].pa), over[i].size, RW, b), -EEXIST);
		assert_record(&m, &r);
		ck_assert_uint_eq(b->refs, 0);
	}
	vmmem_backing_drop_unused(&shared, b, &gm);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(add_refuses_empty_or_wrapping_range)
{
	struct vmmem m = { 0 };

	ck_assert_int_eq(vmmem_add(&m, IPA, PA, 0, RW, NULL), -EINVAL);
	ck_assert_int_eq(vmmem_add(&m, UINT64_MAX - PAGE + 1, PA, 2 * PAGE, RW,
	    NULL), -EINVAL);
	ck_assert_int_eq(vmmem_add(&m, UINT64_MAX - PAGE + 1, PA, PAGE, RW,
	    NULL), -EINVAL);
	assert_maps(&m, NULL, 0);
	vmmem_fini(&m);
}
END_TEST

START_TEST(find_and_ipa_to_pa_hold_at_the_edges)
{
	struct vmmem m = { 0 };
	const struct vmmem_map *f;
	uint64_t pa, avail;

	add_own(&m, IPA, PA, 2 * PAGE, RW);
	add_own(&m, IPA + 4 * PAGE, PA + 0x10000, PAGE, R);
	ck_assert_ptr_null(vmmem_find(&m, IPA - 1));
	f = vmmem_find(&m, IPA);
	ck_assert_ptr_eq(f, &m.map[0]);
	ck_assert_ptr_eq(vmmem_find(&m, IPA + 2 * PAGE - 1), &m.map[0]);
	ck_assert_ptr_null(vmmem_find(&m, IPA + 2 * PAGE));
	ck_assert_ptr_null(vmmem_find(&m, IPA + 4 * PAGE - 1));
	ck_assert_ptr_eq(vmmem_find(&m, IPA + 4 * PAGE), &m.map[1]);
	ck_assert_ptr_eq(vmmem_find(&m, IPA + 5 * PAGE - 1), &m.map[1]);
	ck_assert_ptr_null(vmmem_find(&m, IPA + 5 * PAGE));

	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA, &pa, &avail), 0);
	ck_assert_uint_eq(pa, PA);
	ck_assert_uint_eq(avail, 2 * PAGE);
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA + 2 * PAGE - 1, &pa, &avail),
	    0);
	ck_assert_uint_eq(pa, PA + 2 * PAGE - 1);
	ck_assert_uint_eq(avail, 1);
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA + 4 * PAGE + 0x123, &pa,
	    &avail), 0);
	ck_assert_uint_eq(pa, PA + 0x10123);
	ck_assert_uint_eq(avail, PAGE - 0x123);
	pa = avail = 42;
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA + 2 * PAGE, &pa, &avail),
	    -ENOENT);
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA - 1, &pa, &avail), -ENOENT);
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA + 5 * PAGE, &pa, &avail),
	    -ENOENT);
	ck_assert_uint_eq(pa, 42);
	ck_assert_uint_eq(avail, 42);
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(find_in_empty_record_is_null)
{
	struct vmmem m = { 0 };
	uint64_t pa, avail;

	ck_assert_ptr_null(vmmem_find(&m, 0));
	ck_assert_ptr_null(vmmem_find(&m, IPA));
	ck_assert(!vmmem_overlaps(&m, 0, UINT64_MAX));
	ck_assert_int_eq(vmmem_ipa_to_pa(&m, IPA, &pa, &avail), -ENOENT);
}
END_TEST

START_TEST(overlaps_holds_at_the_edges)
{
	struct vmmem m = { 0 };

	add_own(&m, IPA + 2 * PAGE, PA, 2 * PAGE, RW);
	ck_assert(!vmmem_overlaps(&m, IPA, 2 * PAGE));	/* ends before */
	ck_assert(vmmem_overlaps(&m, IPA, 2 * PAGE + 1));	/* first byte */
	ck_assert(vmmem_overlaps(&m, IPA + 4 * PAGE - 1, 1));	/* last byte */
	ck_assert(!vmmem_overlaps(&m, IPA + 4 * PAGE, PAGE));	/* one past */
	ck_assert(vmmem_overlaps(&m, IPA + 3 * PAGE, 1));	/* inside */
	ck_assert(vmmem_overlaps(&m, IPA, 16 * PAGE));		/* around */
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(remove_of_middle_splits_and_gives_back_that_part)
{
	struct vmmem m = { 0 };
	const struct vmmem_map want[] = {
		MAP(IPA, PA, 2 * PAGE, RW, NULL),
		MAP(IPA + 5 * PAGE, PA + 5 * PAGE, 3 * PAGE, RW, NULL),
	};
	uint64_t before;

	add_own(&m, IPA, PA, 8 * PAGE, RW);
	before = guestmem_free_bytes(&gm);
	ck_assert(!is_free(PA + 2 * PAGE, 3 * PAGE));
	ck_assert_int_eq(vmmem_remove(&m, IPA + 2 * PAGE, 3 * PAGE, &gm,
	    &shared), 0);
	assert_maps(&m, want, 2);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before + 3 * PAGE);
	/* Exactly that part came back: it can be had again, its
	 * neighbours cannot. */
	ck_assert(is_free(PA + 2 * PAGE, 3 * PAGE));
	ck_assert(!is_free(PA + PAGE, PAGE));
	ck_assert(!is_free(PA + 5 * PAGE, PAGE));
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(remove_across_several_mappings)
{
	struct vmmem m = { 0 };
	const struct vmmem_map want[] = {
		MAP(IPA, PA, PAGE, RW, NULL),
		MAP(IPA + 9 * PAGE, PA + 0x29000, PAGE, RW, NULL),
		MAP(IPA + 12 * PAGE, PA + 0x40000, PAGE, R, NULL),
	};
	uint64_t before;

	add_own(&m, IPA, PA, 3 * PAGE, RW);
	add_own(&m, IPA + 4 * PAGE, PA + 0x10000, 2 * PAGE, R);
	add_own(&m, IPA + 7 * PAGE, PA + 0x27000, 3 * PAGE, RW);
	add_own(&m, IPA + 12 * PAGE, PA + 0x40000, PAGE, R);
	before = guestmem_free_bytes(&gm);
	ck_assert_int_eq(vmmem_remove(&m, IPA + PAGE, 8 * PAGE, &gm, &shared),
	    0);
	assert_maps(&m, want, 3);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before + 6 * PAGE);
	ck_assert(is_free(PA + PAGE, 2 * PAGE));
	ck_assert(is_free(PA + 0x10000, 2 * PAGE));
	ck_assert(is_free(PA + 0x27000, 2 * PAGE));
	ck_assert(!is_free(PA + 0x29000, PAGE));
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(remove_of_unmapped_range_changes_nothing)
{
	struct vmmem m = { 0 };
	struct record r;

	add_own(&m, IPA, PA, 2 * PAGE, RW);
	add_own(&m, IPA + 8 * PAGE, PA + 8 * PAGE, 2 * PAGE, RW);
	record_take(&r, &m);
	ck_assert_int_eq(vmmem_remove(&m, IPA + 2 * PAGE, 6 * PAGE, &gm,
	    &shared), 0);
	ck_assert_int_eq(vmmem_remove(&m, 0, PAGE, &gm, &shared), 0);
	assert_record(&m, &r);
	vmmem_release(&m, &gm, &shared);
}
END_TEST

START_TEST(release_gives_everything_back)
{
	struct vmmem m = { 0 };
	struct vmmem_backing *b = get_backing("region r of a", IPA, 4 * PAGE);

	add_own(&m, IPA + 16 * PAGE, PA, 8 * PAGE, RW);
	add_own(&m, IPA + 32 * PAGE, PA + 0x100000, PAGE, R);
	add_backing(&m, b, IPA, RW);
	ck_assert_uint_lt(guestmem_free_bytes(&gm), free_at_start);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
	ck_assert_uint_eq(m.count, 0);
	ck_assert_uint_eq(m.bytes, 0);
	ck_assert_ptr_null(m.map);
	ck_assert_ptr_null(shared.head);
	/* A released record is empty and can be used again. */
	add_own(&m, IPA, PA, PAGE, RW);
	vmmem_release(&m, &gm, &shared);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(backing_get_allocates_once_per_key)
{
	struct vmmem_backing *b, *again, *other;
	uint64_t after;

	b = get_backing("region r of a,b", IPA, 2 * MIB);
	after = guestmem_free_bytes(&gm);
	ck_assert_uint_eq(after, free_at_start - 2 * MIB);
	ck_assert_str_eq(b->key, "region r of a,b");
	ck_assert_uint_eq(b->size, 2 * MIB);
	ck_assert_uint_eq(b->count, 1);
	ck_assert_uint_eq(b->piece[0].size, 2 * MIB);
	ck_assert_uint_eq(b->refs, 0);
	again = get_backing("region r of a,b", IPA + MIB, 2 * MIB);
	ck_assert_ptr_eq(again, b);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), after);
	other = get_backing("region r of a,c", IPA, 2 * MIB);
	ck_assert_ptr_ne(other, b);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), after - 2 * MIB);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared,
	    pa_addr(b->piece[0].pa)), b);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared,
	    pa_addr(other->piece[0].pa)), other);
}
END_TEST

START_TEST(backing_refs_count_vms_not_mappings)
{
	struct vmmem a = { 0 }, c = { 0 };
	struct vmmem_backing *b = get_backing("region r of a,c", IPA, 4 * PAGE);
	uint64_t bpa = pa_addr(b->piece[0].pa);

	/* Two mappings of one backing in one VM (a hole between). */
	ck_assert_int_eq(vmmem_add(&a, IPA, bpa, PAGE, RW, b), 0);
	ck_assert_int_eq(vmmem_add(&a, IPA + 2 * PAGE, bpa + 2 * PAGE,
	    2 * PAGE, RW, b), 0);
	ck_assert_uint_eq(a.count, 2);
	ck_assert_uint_eq(b->refs, 1);
	add_backing(&c, b, IPA + 0x100000, R);
	ck_assert_uint_eq(b->refs, 2);
	/* Forgetting one of a's two mappings keeps its reference. */
	ck_assert_int_eq(vmmem_remove(&a, IPA, PAGE, &gm, &shared), 0);
	ck_assert_uint_eq(b->refs, 2);
	ck_assert_int_eq(vmmem_remove(&a, IPA + 2 * PAGE, 2 * PAGE, &gm,
	    &shared), 0);
	ck_assert_uint_eq(b->refs, 1);
	ck_assert_ptr_eq(shared.head, b);
	vmmem_release(&a, &gm, &shared);
	vmmem_release(&c, &gm, &shared);
}
END_TEST

START_TEST(backing_memory_goes_back_with_the_last_vm)
{
	struct vmmem a = { 0 }, c = { 0 };
	struct vmmem_backing *b = get_backing("region r of a,c", IPA, 2 * MIB);
	uint64_t bpa = pa_addr(b->piece[0].pa), with_backing;

	with_backing = guestmem_free_bytes(&gm);
	add_backing(&a, b, IPA, RW);
	add_backing(&c, b, IPA, RW);
	ck_assert_uint_eq(b->refs, 2);
	vmmem_release(&a, &gm, &shared);
	ck_assert_uint_eq(b->refs, 1);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), with_backing);
	ck_assert(!is_free(bpa, 2 * MIB));
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, bpa), b);
	ck_assert_int_eq(vmmem_remove(&c, IPA, 2 * MIB, &gm, &shared), 0);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
	ck_assert(is_free(bpa, 2 * MIB));
	ck_assert_ptr_null(vmmem_backing_find_pa(&shared, bpa));
	ck_assert_ptr_null(shared.head);
	vmmem_release(&c, &gm, &shared);
}
END_TEST

START_TEST(backing_get_of_other_size_is_einval)
{
	struct vmmem_backing *b = get_backing("region r of a,b", IPA, 2 * MIB);
	struct vmmem_backing *got = NULL;
	uint64_t before = guestmem_free_bytes(&gm);

	ck_assert_int_eq(vmmem_backing_get(&shared, "region r of a,b", IPA,
	    4 * MIB, &gm, &got), -EINVAL);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before);
	ck_assert_ptr_eq(shared.head, b);
	ck_assert_ptr_null(b->next);
	ck_assert_uint_eq(b->size, 2 * MIB);
}
END_TEST

START_TEST(backing_key_too_long_is_enametoolong)
{
	static char key[VMMEM_KEY_MAX + 1];
	struct vmmem_backing *b = NULL;

	memset(key, 'k', VMMEM_KEY_MAX);
	key[VMMEM_KEY_MAX] = '\0';
	ck_assert_int_eq(vmmem_backing_get(&shared, key, IPA, PAGE, &gm, &b),
	    -ENAMETOOLONG);
	ck_assert_int_eq(vmmem_backing_adopt(&shared, key, &b),
	    -ENAMETOOLONG);
	ck_assert_ptr_null(shared.head);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
	/* The longest key that fits is kept whole. */
	key[VMMEM_KEY_MAX - 1] = '\0';
	b = get_backing(key, IPA, PAGE);
	ck_assert_str_eq(b->key, key);
}
END_TEST

START_TEST(backing_get_without_board_memory_changes_nothing)
{
	struct vmmem_backing *b = NULL;

	ck_assert_int_eq(vmmem_backing_get(&shared, "region big of a,b", IPA,
	    RAM_SIZE, &gm, &b), -ENOMEM);
	ck_assert_ptr_null(shared.head);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(backing_get_in_too_many_pieces_changes_nothing)
{
	struct guestmem_extent e = { pa_init(FREE_BASE), RAM_SIZE - 17 * MIB };
	struct vmmem_backing *b = NULL;
	uint64_t pa, before;
	size_t i;

	/* Leave free only every other page of 2 * VMMEM_PIECES_MAX. */
	ck_assert_int_eq(guestmem_reserve(&gm, &e), 0);
	for (i = 0, pa = FREE_BASE; i < 2 * VMMEM_PIECES_MAX; i++, pa +=
	    2 * PAGE) {
		e = (struct guestmem_extent){ pa_init(pa), PAGE };
		ck_assert_int_eq(guestmem_free(&gm, &e, 1), 0);
	}
	before = guestmem_free_bytes(&gm);
	ck_assert_int_eq(vmmem_backing_get(&shared, "region r of a,b", IPA,
	    (VMMEM_PIECES_MAX + 1) * PAGE, &gm, &b), -ENOMEM);
	ck_assert_ptr_null(shared.head);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before);
	/* As many pieces as a backing holds is fine. */
	b = get_backing("region r of a,b", IPA, VMMEM_PIECES_MAX * PAGE);
	ck_assert_uint_eq(b->count, VMMEM_PIECES_MAX);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before -
	    VMMEM_PIECES_MAX * PAGE);
}
END_TEST

START_TEST(cuts_shared_and_remove_refuse_part_of_a_shared_mapping)
{
	static const struct {
		uint64_t ipa, size;
	} part[] = {
		{ IPA, PAGE },				/* its start */
		{ IPA + 3 * PAGE, PAGE },		/* its end */
		{ IPA + PAGE, 2 * PAGE },		/* its middle */
		{ IPA - PAGE, 2 * PAGE },		/* over its start */
		{ IPA + 3 * PAGE, 0x100000 },		/* over its end */
	};
	struct vmmem m = { 0 };
	struct vmmem_backing *b = get_backing("region r of a,b", IPA, 4 * PAGE);
	struct record r;
	size_t i;

	add_own(&m, IPA - 4 * PAGE, PA, 4 * PAGE, RW);
	add_backing(&m, b, IPA, RW);
	add_own(&m, IPA + 4 * PAGE, PA + 0x10000, 4 * PAGE, RW);
	record_take(&r, &m);
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		ck_assert(vmmem_cuts_shared(&m, part[i].ipa, part[i].size));
		ck_assert_int_eq(vmmem_remove(&m, part[i].ipa, part[i].size,
		    &gm, &shared), -EINVAL);
		assert_record(&m, &r);
		ck_assert_uint_eq(b->refs, 1);
	}
	/* Own memory may be cut; a shared mapping taken whole is no cut. */
	ck_assert(!vmmem_cuts_shared(&m, IPA - 3 * PAGE, PAGE));
	ck_assert(!vmmem_cuts_shared(&m, IPA, 4 * PAGE));
	ck_assert(!vmmem_cuts_shared(&m, IPA - 2 * PAGE, 8 * PAGE));
	ck_assert(!vmmem_cuts_shared(&m, IPA + 0x100000, PAGE));
	ck_assert_int_eq(vmmem_remove(&m, IPA - 2 * PAGE, 8 * PAGE, &gm,
	    &shared), 0);
	ck_assert_ptr_null(shared.head);
	ck_assert_uint_eq(m.count, 2);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(backing_drop_unused_frees_only_an_unreferenced_backing)
{
	struct vmmem m = { 0 };
	struct vmmem_backing *used = get_backing("region u of a,b", IPA, PAGE);
	struct vmmem_backing *unused = get_backing("region n of a,b", IPA,
	    PAGE);
	uint64_t before;

	add_backing(&m, used, IPA, RW);
	before = guestmem_free_bytes(&gm);
	vmmem_backing_drop_unused(&shared, used, &gm);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared,
	    pa_addr(used->piece[0].pa)), used);
	vmmem_backing_drop_unused(&shared, unused, &gm);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), before + PAGE);
	ck_assert_ptr_eq(shared.head, used);
	ck_assert_ptr_null(used->next);
	vmmem_backing_drop_unused(&shared, NULL, &gm);
	vmmem_release(&m, &gm, &shared);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
}
END_TEST

START_TEST(backing_adopt_and_add_piece_rebuild_after_restart)
{
	struct vmmem_backing *b = NULL, *again = NULL;
	size_t i;

	ck_assert_int_eq(vmmem_backing_adopt(&shared, "map 0x1000 of a,b", &b),
	    0);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->key, "map 0x1000 of a,b");
	ck_assert_uint_eq(b->count, 0);
	ck_assert_uint_eq(b->size, 0);
	ck_assert_uint_eq(b->refs, 0);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA, 2 * PAGE), 1);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA + 0x10000, PAGE), 1);
	/* The second VM's dump shows the same memory: not added twice. */
	ck_assert_int_eq(vmmem_backing_adopt(&shared, "map 0x1000 of a,b",
	    &again), 0);
	ck_assert_ptr_eq(again, b);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA, 2 * PAGE), 0);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA + PAGE, PAGE), 0);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA + 0x10000, PAGE), 0);
	ck_assert_uint_eq(b->count, 2);
	ck_assert_uint_eq(b->size, 3 * PAGE);
	ck_assert_uint_eq(pa_addr(b->piece[0].pa), PA);
	ck_assert_uint_eq(b->piece[0].size, 2 * PAGE);
	ck_assert_uint_eq(pa_addr(b->piece[1].pa), PA + 0x10000);
	/* What vmmem_backing_get() would find for it. */
	ck_assert_int_eq(vmmem_backing_get(&shared, "map 0x1000 of a,b", 0,
	    3 * PAGE, &gm, &again), 0);
	ck_assert_ptr_eq(again, b);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), free_at_start);
	for (i = 2; i < VMMEM_PIECES_MAX; i++) {
		ck_assert_int_eq(vmmem_backing_add_piece(b, PA + 0x100000 +
		    2 * i * PAGE, PAGE), 1);
	}
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA + 0x800000, PAGE),
	    -ENOSPC);
	ck_assert_uint_eq(b->count, VMMEM_PIECES_MAX);
	ck_assert_uint_eq(b->size, 3 * PAGE + (VMMEM_PIECES_MAX - 2) * PAGE);
	/* A piece it holds is still "held", full or not. */
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA, PAGE), 0);
}
END_TEST

START_TEST(backing_find_pa_holds_at_the_edges)
{
	struct vmmem_backing *b = NULL, *c = NULL;

	ck_assert_ptr_null(vmmem_backing_find_pa(&shared, PA));
	ck_assert_int_eq(vmmem_backing_adopt(&shared, "b", &b), 0);
	ck_assert_int_eq(vmmem_backing_adopt(&shared, "c", &c), 0);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA, 2 * PAGE), 1);
	ck_assert_int_eq(vmmem_backing_add_piece(b, PA + 8 * PAGE, PAGE), 1);
	ck_assert_int_eq(vmmem_backing_add_piece(c, PA + 2 * PAGE, PAGE), 1);
	ck_assert_ptr_null(vmmem_backing_find_pa(&shared, PA - 1));
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA), b);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA + 2 * PAGE - 1), b);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA + 2 * PAGE), c);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA + 3 * PAGE - 1), c);
	ck_assert_ptr_null(vmmem_backing_find_pa(&shared, PA + 3 * PAGE));
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA + 8 * PAGE), b);
	ck_assert_ptr_eq(vmmem_backing_find_pa(&shared, PA + 9 * PAGE - 1), b);
	ck_assert_ptr_null(vmmem_backing_find_pa(&shared, PA + 9 * PAGE));
}
END_TEST

/*
 * The model: every page of a small IPA window, mapped or not, its PA and
 * permissions.  Own memory only, so free bytes + mapped bytes stay put.
 */
#define MODEL_PAGES	64
#define MODEL_STEPS	400
#define MODEL_SEEDS	24

struct model {
	bool mapped[MODEL_PAGES];
	uint64_t pa[MODEL_PAGES];
	unsigned int perm[MODEL_PAGES];
	uint32_t rng;
	uint32_t seed;
	int step;
};

/* xorshift32: the same sequence on every host. */
static uint32_t
model_rand(struct model *md, uint32_t below)
{
	md->rng ^= md->rng << 13;
	md->rng ^= md->rng >> 17;
	md->rng ^= md->rng << 5;
	return md->rng % below;
}

static uint64_t
model_ipa(size_t page)
{
	return IPA + page * PAGE;
}

/* Does page @i + 1 continue page @i as one mapping? */
static bool
model_joins(const struct model *md, size_t i)
{
	return md->mapped[i] && md->mapped[i + 1] &&
	    md->pa[i] + PAGE == md->pa[i + 1] && md->perm[i] == md->perm[i + 1];
}

/* The record is the model's maximal runs, exactly; the bytes add up. */
static void
model_check(const struct model *md, const struct vmmem *m, uint64_t total)
{
	size_t i, start, n = 0;
	uint64_t bytes = 0;

	for (i = 0; i < MODEL_PAGES; i++) {
		if (!md->mapped[i]) {
			continue;
		}
		start = i;
		while (i + 1 < MODEL_PAGES && model_joins(md, i)) {
			i++;
		}
		ck_assert_msg(n < m->count && m->map[n].ipa ==
		    model_ipa(start) && m->map[n].pa == md->pa[start] &&
		    m->map[n].size == (i - start + 1) * PAGE &&
		    m->map[n].perm == md->perm[start] &&
		    m->map[n].backing == NULL, "seed %u step %d: mapping %zu "
		    "is not pages %zu..%zu of the model", md->seed, md->step,
		    n, start, i);
		bytes += (i - start + 1) * PAGE;
		n++;
	}
	ck_assert_msg(m->count == n, "seed %u step %d: %zu mappings, the "
	    "model has %zu", md->seed, md->step, m->count, n);
	ck_assert_msg(m->bytes == bytes, "seed %u step %d: bytes", md->seed,
	    md->step);
	ck_assert_msg(guestmem_free_bytes(&gm) + m->bytes == total,
	    "seed %u step %d: free + mapped bytes changed", md->seed,
	    md->step);
	for (i = 0; i < MODEL_PAGES; i++) {
		ck_assert_msg((vmmem_find(m, model_ipa(i)) != NULL) ==
		    md->mapped[i], "seed %u step %d: find page %zu", md->seed,
		    md->step, i);
	}
}

/* Add the model's pages [@from, @to) to the record, a PA run per call. */
static void
model_add_pages(const struct model *md, struct vmmem *m, size_t from,
    size_t to)
{
	size_t run;

	while (from < to) {
		for (run = from + 1; run < to && md->pa[run - 1] + PAGE ==
		    md->pa[run]; run++) {
		}
		ck_assert_int_eq(vmmem_add(m, model_ipa(from), md->pa[from],
		    (run - from) * PAGE, md->perm[from], NULL), 0);
		from = run;
	}
}

/* Map [@first, @first + @count): overlap refused, or placed and added. */
static void
model_add(struct model *md, struct vmmem *m, size_t first, size_t count)
{
	struct guestmem_extent piece[4];
	unsigned int perm = model_rand(md, 2) == 0 ? R : RW;
	size_t i, j, n, page, cut;
	int rc;

	for (i = first; i < first + count; i++) {
		if (md->mapped[i]) {
			rc = vmmem_add(m, model_ipa(first), PA, count * PAGE,
			    perm, NULL);
			ck_assert_msg(rc == -EEXIST, "seed %u step %d: overlap "
			    "gave %d", md->seed, md->step, rc);
			return;
		}
	}
	/* Continue the page below in PA when that is free, so that
	 * neighbours join; else wherever the allocator places it. */
	piece[0].pa = pa_init(first > 0 && md->mapped[first - 1] ?
	    md->pa[first - 1] + PAGE : 0);
	piece[0].size = count * PAGE;
	n = 1;
	if (pa_addr(piece[0].pa) == 0 ||
	    guestmem_reserve(&gm, &piece[0]) < 0) {
		ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(model_ipa(first)),
		    count * PAGE, piece, 4, &n), 0);
	}
	for (i = 0, page = first; i < n; i++) {
		for (j = 0; j < piece[i].size / PAGE; j++, page++) {
			md->mapped[page] = true;
			md->pa[page] = pa_addr(piece[i].pa) + j * PAGE;
			md->perm[page] = perm;
		}
	}
	/* In two parts, either first: the second one may bridge. */
	cut = first + model_rand(md, (uint32_t)count + 1);
	if (model_rand(md, 2) == 0) {
		model_add_pages(md, m, first, cut);
		model_add_pages(md, m, cut, first + count);
	} else {
		model_add_pages(md, m, cut, first + count);
		model_add_pages(md, m, first, cut);
	}
}

/* Forget [@first, @first + @count): exactly what was mapped comes back. */
static void
model_remove(struct model *md, struct vmmem *m, size_t first, size_t count)
{
	uint64_t before = guestmem_free_bytes(&gm), freed = 0;
	bool was[MODEL_PAGES];
	size_t i;

	for (i = first; i < first + count; i++) {
		was[i] = md->mapped[i];
		freed += md->mapped[i] ? PAGE : 0;
		md->mapped[i] = false;
	}
	ck_assert_int_eq(vmmem_remove(m, model_ipa(first), count * PAGE, &gm,
	    &shared), 0);
	ck_assert_msg(guestmem_free_bytes(&gm) == before + freed,
	    "seed %u step %d: remove gave back the wrong amount", md->seed,
	    md->step);
	for (i = first; i < first + count; i++) {
		ck_assert_msg(!was[i] || is_free(md->pa[i], PAGE),
		    "seed %u step %d: page %zu not given back", md->seed,
		    md->step, i);
	}
}

START_TEST(random_add_remove_matches_model)
{
	struct model md;
	struct vmmem m = { 0 };
	size_t first, count;

	memset(&md, 0, sizeof(md));
	md.seed = 0x9e3779b9u * (uint32_t)(_i + 1);
	md.rng = md.seed;
	for (md.step = 0; md.step < MODEL_STEPS; md.step++) {
		first = model_rand(&md, MODEL_PAGES);
		count = 1 + model_rand(&md, 8);
		if (first + count > MODEL_PAGES) {
			count = MODEL_PAGES - first;
		}
		if (model_rand(&md, 5) < 3) {
			model_add(&md, &m, first, count);
		} else {
			model_remove(&md, &m, first, count);
		}
		model_check(&md, &m, free_at_start);
	}
	vmmem_release(&m, &gm, &shared);
	ck_assert_msg(guestmem_free_bytes(&gm) == free_at_start,
	    "seed %u: release did not give everything back", md.seed);
}
END_TEST

static Suite *
vmmem_suite(void)
{
	Suite *s = suite_create("vmmem");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, add_keeps_ipa_order);
	tcase_add_test(tc, add_merges_neighbours_that_join);
	tcase_add_test(tc, add_keeps_apart_what_does_not_join);
	tcase_add_test(tc, add_of_own_memory_next_to_shared_does_not_merge);
	tcase_add_test(tc, add_bridging_merges_three_into_one);
	tcase_add_test(tc, add_refuses_overlap_and_changes_nothing);
	tcase_add_test(tc, add_refuses_empty_or_wrapping_range);
	tcase_add_test(tc, find_and_ipa_to_pa_hold_at_the_edges);
	tcase_add_test(tc, find_in_empty_record_is_null);
	tcase_add_test(tc, overlaps_holds_at_the_edges);
	tcase_add_test(tc, remove_of_middle_splits_and_gives_back_that_part);
	tcase_add_test(tc, remove_across_several_mappings);
	tcase_add_test(tc, remove_of_unmapped_range_changes_nothing);
	tcase_add_test(tc, release_gives_everything_back);
	tcase_add_test(tc, backing_get_allocates_once_per_key);
	tcase_add_test(tc, backing_refs_count_vms_not_mappings);
	tcase_add_test(tc, backing_memory_goes_back_with_the_last_vm);
	tcase_add_test(tc, backing_get_of_other_size_is_einval);
	tcase_add_test(tc, backing_key_too_long_is_enametoolong);
	tcase_add_test(tc, backing_get_without_board_memory_changes_nothing);
	tcase_add_test(tc, backing_get_in_too_many_pieces_changes_nothing);
	tcase_add_test(tc,
	    cuts_shared_and_remove_refuse_part_of_a_shared_mapping);
	tcase_add_test(tc,
	    backing_drop_unused_frees_only_an_unreferenced_backing);
	tcase_add_test(tc, backing_adopt_and_add_piece_rebuild_after_restart);
	tcase_add_test(tc, backing_find_pa_holds_at_the_edges);
	tcase_add_loop_test(tc, random_add_remove_matches_model, 0,
	    MODEL_SEEDS);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(vmmem_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
