/* SPDX-License-Identifier: ISC */
/*
 * check_guestmem.c - tests of guest RAM placement (lib/host/guestmem.c).
 *
 * Boards are made of HELLO replies as the firmware would send them.  The
 * model-based test checks every step of a fixed-seed random sequence of
 * allocations, frees and reservations against a flat bitmap of pages:
 * the free list must be exactly the bitmap's free runs, and a range that
 * could be placed 2 MiB-congruent in one piece must be.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestmem.h"

#define KIB		0x400ull
#define MIB		0x100000ull
#define GIB		0x40000000ull
#define PAGE		GUESTMEM_GRANULE
#define RAM_BASE	0x40000000ull

static struct abi_hello_reply
board(uint64_t ram_size, uint64_t fw_base, uint64_t fw_size,
    uint64_t mailbox_base, uint64_t mailbox_size)
{
	return (struct abi_hello_reply){
		.ram_base = RAM_BASE, .ram_size = ram_size,
		.fw_base = fw_base, .fw_size = fw_size,
		.mailbox_base = mailbox_base, .mailbox_size = mailbox_size,
	};
}

/* A 3 GiB board: firmware in the first 16 MiB, a 1 MiB mailbox after it. */
static void
init_3g(struct guestmem *gm)
{
	struct abi_hello_reply h = board(3 * GIB, RAM_BASE, 16 * MIB,
	    RAM_BASE + 16 * MIB, MIB);

	ck_assert_int_eq(guestmem_init(gm, &h), 0);
}

/* A 64 MiB board with nothing reserved but one page at its very end. */
static void
init_64m(struct guestmem *gm)
{
	struct abi_hello_reply h = board(64 * MIB + PAGE, RAM_BASE + 64 * MIB,
	    PAGE, RAM_BASE + 64 * MIB, PAGE);

	ck_assert_int_eq(guestmem_init(gm, &h), 0);
}

static struct guestmem_extent
ext(uint64_t pa, uint64_t size)
{
	return (struct guestmem_extent){ pa_init(pa), size };
}

/* A pointer to an extent made on the spot. */
#define EXT(pa, size)	(&(struct guestmem_extent){ pa_init(pa), (size) })

static void
assert_free_list(const struct guestmem *gm, const struct guestmem_extent *want,
    size_t want_count)
{
	const struct guestmem_extent *got;
	size_t count, i;

	got = guestmem_free_extents(gm, &count);
	ck_assert_uint_eq(count, want_count);
	for (i = 0; i < count; i++) {
		ck_assert_uint_eq(pa_addr(got[i].pa), pa_addr(want[i].pa));
		ck_assert_uint_eq(got[i].size, want[i].size);
	}
}

/* A copy of the free list (caller frees). */
static struct guestmem_extent *
snapshot(const struct guestmem *gm, size_t *count)
{
	const struct guestmem_extent *list = guestmem_free_extents(gm, count);
	struct guestmem_extent *copy = malloc((*count + 1) * sizeof(*copy));

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, list, *count * sizeof(*copy));
	return copy;
}

static struct guestmem_extent
alloc_one(struct guestmem *gm, uint64_t ipa, uint64_t size)
{
	struct guestmem_extent e;
	size_t n;

	ck_assert_int_eq(guestmem_alloc(gm, ipa_init(ipa), size, &e, 1, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(e.size, size);
	return e;
}

START_TEST(guestmem_init_leaves_out_firmware_and_mailbox)
{
	struct guestmem gm;
	struct guestmem_extent want = ext(RAM_BASE + 17 * MIB, 3 * GIB -
	    17 * MIB);

	init_3g(&gm);
	assert_free_list(&gm, &want, 1);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 3 * GIB - 17 * MIB);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_init_rounds_ram_in_and_reserved_ranges_out)
{
	struct abi_hello_reply h = board(32 * MIB - 0x800, RAM_BASE + 0x1800,
	    0x10, RAM_BASE + 8 * MIB + 0xfff, 2);
	struct guestmem_extent want[] = {
		ext(RAM_BASE, PAGE),
		ext(RAM_BASE + 2 * PAGE, 8 * MIB - 2 * PAGE),
		ext(RAM_BASE + 8 * MIB + 2 * PAGE, 24 * MIB - 3 * PAGE),
	};
	struct guestmem gm;

	h.ram_base = RAM_BASE - 0x800;
	ck_assert_int_eq(guestmem_init(&gm, &h), 0);
	assert_free_list(&gm, want, 3);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_init_rejects_empty_or_wrapping_ram)
{
	struct abi_hello_reply h = board(PAGE - 1, 0, 0, 0, 0);
	struct guestmem gm;

	ck_assert_int_eq(guestmem_init(&gm, &h), -EINVAL);
	h = board(UINT64_MAX, 0, 0, 0, 0);
	ck_assert_int_eq(guestmem_init(&gm, &h), -EINVAL);
	h = board(GIB, RAM_BASE, UINT64_MAX, 0, 0);
	ck_assert_int_eq(guestmem_init(&gm, &h), -EINVAL);
	h = board(GIB, RAM_BASE, GIB, 0, 0);
	ck_assert_int_eq(guestmem_init(&gm, &h), -EINVAL);
}
END_TEST

START_TEST(guestmem_alloc_1g_on_3g_board_is_1g_aligned)
{
	struct guestmem gm;
	struct guestmem_extent e;

	init_3g(&gm);
	e = alloc_one(&gm, RAM_BASE, GIB);
	ck_assert_uint_eq(pa_addr(e.pa) % GIB, 0);
	/* Room for one more 1 GiB block, but not two. */
	e = alloc_one(&gm, 0, GIB);
	ck_assert_uint_eq(pa_addr(e.pa) % GIB, 0);
	e = alloc_one(&gm, 0, GIB / 2);
	ck_assert_uint_eq(pa_addr(e.pa) % (2 * MIB), 0);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_alloc_2m_is_2m_aligned_after_small_allocs)
{
	struct guestmem gm;
	struct guestmem_extent e;
	pa_t page;
	int i;

	init_3g(&gm);
	for (i = 0; i < 16; i++) {
		ck_assert_int_eq(guestmem_alloc_page(&gm, &page), 0);
		e = alloc_one(&gm, RAM_BASE, 2 * MIB);
		ck_assert_uint_eq(pa_addr(e.pa) % (2 * MIB), 0);
		e = alloc_one(&gm, 0, 6 * MIB + 12 * KIB);
		ck_assert_uint_eq(pa_addr(e.pa) % (2 * MIB), 0);
	}
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_alloc_unaligned_ipa_keeps_pa_congruent)
{
	struct guestmem gm;
	struct guestmem_extent e;

	init_3g(&gm);
	e = alloc_one(&gm, RAM_BASE + MIB, 64 * MIB);
	ck_assert_uint_eq(pa_addr(e.pa) % (2 * MIB), MIB);
	/* Holds the 1 GiB block at IPA 0x80000000: PA 1 GiB-congruent. */
	e = alloc_one(&gm, 2 * GIB - 3 * MIB + 4 * KIB, GIB + 4 * MIB);
	ck_assert_uint_eq(pa_addr(e.pa) % GIB, GIB - 3 * MIB + 4 * KIB);
	/* Holds no 2 MiB block: best fit, from the start of the extent. */
	e = alloc_one(&gm, RAM_BASE + MIB, 2 * MIB);
	ck_assert_uint_eq(pa_addr(e.pa), RAM_BASE + 17 * MIB + 64 * MIB);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_alloc_page_takes_smallest_extent)
{
	struct guestmem gm;
	struct guestmem_extent hole = ext(RAM_BASE + 8 * MIB + PAGE, PAGE);
	pa_t page;

	init_64m(&gm);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + 8 * MIB,
	    3 * PAGE)), 0);
	ck_assert_int_eq(guestmem_free(&gm, &hole, 1), 0);
	ck_assert_int_eq(guestmem_alloc_page(&gm, &page), 0);
	ck_assert_uint_eq(pa_addr(page), RAM_BASE + 8 * MIB + PAGE);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_fragmented_alloc_uses_pieces_and_free_merges)
{
	struct guestmem gm;
	struct guestmem_extent all[16], got[4], *before;
	struct guestmem_extent whole = ext(RAM_BASE, 64 * MIB);
	size_t n, before_count, i;
	uint64_t sum = 0;

	init_64m(&gm);
	for (i = 0; i < 16; i++) {
		all[i] = alloc_one(&gm, 0, 4 * MIB);
	}
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 0);
	for (i = 0; i < 16; i += 2) {
		ck_assert_int_eq(guestmem_free(&gm, &all[i], 1), 0);
	}
	before = snapshot(&gm, &before_count);
	ck_assert_uint_eq(before_count, 8);
	/* 12 MiB needs three 4 MiB holes: two are not enough. */
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), 12 * MIB, got, 2,
	    &n), -ENOMEM);
	ck_assert_uint_eq(n, 0);
	assert_free_list(&gm, before, before_count);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), 12 * MIB, got, 4,
	    &n), 0);
	ck_assert_uint_eq(n, 3);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(got[i].size, 4 * MIB);
		sum += got[i].size;
	}
	ck_assert_uint_eq(sum, 12 * MIB);
	ck_assert_int_eq(guestmem_free(&gm, got, n), 0);
	assert_free_list(&gm, before, before_count);
	for (i = 1; i < 16; i += 2) {
		ck_assert_int_eq(guestmem_free(&gm, &all[i], 1), 0);
	}
	assert_free_list(&gm, &whole, 1);
	free(before);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_exhaustion_is_enomem_and_changes_nothing)
{
	struct guestmem gm;
	struct guestmem_extent got[8], *before;
	size_t n, before_count;
	pa_t page;

	init_3g(&gm);
	alloc_one(&gm, 0, 5 * PAGE);
	before = snapshot(&gm, &before_count);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0),
	    guestmem_free_bytes(&gm) + PAGE, got, 8, &n), -ENOMEM);
	assert_free_list(&gm, before, before_count);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0),
	    guestmem_free_bytes(&gm), got, 8, &n), 0);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 0);
	ck_assert_int_eq(guestmem_alloc_page(&gm, &page), -ENOMEM);
	ck_assert_int_eq(guestmem_free(&gm, got, n), 0);
	assert_free_list(&gm, before, before_count);
	free(before);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_alloc_rejects_bad_arguments)
{
	struct guestmem gm;
	struct guestmem_extent got;
	size_t n;

	init_64m(&gm);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), 0, &got, 1, &n),
	    -EINVAL);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), PAGE + 1, &got, 1,
	    &n), -EINVAL);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0x800), PAGE, &got, 1,
	    &n), -EINVAL);
	ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), PAGE, &got, 0, &n),
	    -EINVAL);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 64 * MIB);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_reserve_takes_only_free_space)
{
	struct guestmem gm;
	struct guestmem_extent e = ext(RAM_BASE + 512 * MIB, 3 * MIB), got;
	size_t n;
	int i;

	init_3g(&gm);
	ck_assert_int_eq(guestmem_reserve(&gm, &e), 0);
	ck_assert_int_eq(guestmem_reserve(&gm, &e), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + 514 * MIB,
	    2 * MIB)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE, PAGE)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + 16 * MIB,
	    PAGE)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + 17 * MIB -
	    PAGE, 2 * PAGE)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + 3 * GIB,
	    PAGE)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE - PAGE,
	    PAGE)), -EBUSY);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + GIB + 1,
	    PAGE)), -EINVAL);
	ck_assert_int_eq(guestmem_reserve(&gm, EXT(RAM_BASE + GIB, 0)),
	    -EINVAL);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 3 * GIB - 20 * MIB);
	/* Nothing handed out afterwards overlaps it. */
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(guestmem_alloc(&gm, ipa_init(0), 2 * MIB,
		    &got, 1, &n), 0);
		ck_assert(pa_addr(got.pa) + got.size <= pa_addr(e.pa) ||
		    pa_addr(got.pa) >= pa_addr(e.pa) + e.size);
	}
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_free_refuses_what_it_cannot_take_back)
{
	struct guestmem gm;
	struct guestmem_extent a, b, *before, pair[2];
	size_t before_count;

	init_3g(&gm);
	a = alloc_one(&gm, 0, 4 * MIB);
	b = alloc_one(&gm, 0, 4 * MIB);
	ck_assert_int_eq(guestmem_free(&gm, &a, 1), 0);
	before = snapshot(&gm, &before_count);
	ck_assert_int_eq(guestmem_free(&gm, &a, 1), -EBUSY);
	pair[0] = b;
	pair[1] = a;
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), -EBUSY);
	pair[1] = b;
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), -EINVAL);
	pair[1] = ext(RAM_BASE + 16 * MIB, PAGE);
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), -EINVAL);
	pair[1] = ext(RAM_BASE, 16 * MIB);
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), -EINVAL);
	pair[1] = ext(RAM_BASE + 3 * GIB, PAGE);
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), -EINVAL);
	pair[1] = ext(pa_addr(b.pa), PAGE - 1);
	ck_assert_int_eq(guestmem_free(&gm, &pair[1], 1), -EINVAL);
	assert_free_list(&gm, before, before_count);
	/* Parts of an allocation can go back on their own. */
	pair[0] = ext(pa_addr(b.pa), MIB);
	pair[1] = ext(pa_addr(b.pa) + 2 * MIB, 2 * MIB);
	ck_assert_int_eq(guestmem_free(&gm, pair, 2), 0);
	ck_assert_int_eq(guestmem_free(&gm, EXT(pa_addr(b.pa) + MIB, MIB),
	    1), 0);
	free(before);
	guestmem_fini(&gm);
}
END_TEST

START_TEST(guestmem_never_hands_out_firmware_or_mailbox)
{
	/* Firmware in the middle, a mailbox of a few bytes straddling pages. */
	struct abi_hello_reply h = board(16 * MIB, RAM_BASE + 5 * MIB + 0x10,
	    MIB, RAM_BASE + 12 * MIB - 0x10, 0x20);
	uint64_t fw_lo = RAM_BASE + 5 * MIB, fw_hi = RAM_BASE + 6 * MIB + PAGE;
	uint64_t mb_lo = RAM_BASE + 12 * MIB - PAGE, mb_hi = mb_lo + 2 * PAGE;
	uint64_t count = 0, pa;
	struct guestmem gm;
	struct guestmem_extent got[4];
	size_t n, i;
	pa_t page;

	ck_assert_int_eq(guestmem_init(&gm, &h), 0);
	ck_assert_uint_eq(guestmem_free_bytes(&gm), 16 * MIB - (fw_hi - fw_lo) -
	    (mb_hi - mb_lo));
	/* Large pieces first, then pages until none is left. */
	while (guestmem_alloc(&gm, ipa_init(0), MIB, got, 4, &n) == 0) {
		for (i = 0; i < n; i++) {
			pa = pa_addr(got[i].pa);
			ck_assert(pa + got[i].size <= fw_lo || pa >= fw_hi);
			ck_assert(pa + got[i].size <= mb_lo || pa >= mb_hi);
			count += got[i].size / PAGE;
		}
	}
	while (guestmem_alloc_page(&gm, &page) == 0) {
		pa = pa_addr(page);
		ck_assert(pa < fw_lo || pa >= fw_hi);
		ck_assert(pa < mb_lo || pa >= mb_hi);
		count++;
	}
	ck_assert_uint_eq(count * PAGE, 16 * MIB - (fw_hi - fw_lo) -
	    (mb_hi - mb_lo));
	guestmem_fini(&gm);
}
END_TEST

/* The model-based test ##################################################### */

#define MODEL_PAGES	8192u		/* 32 MiB */
#define MODEL_ALLOCS	64u
#define MODEL_PIECES	8u

struct model {
	struct guestmem gm;
	bool used[MODEL_PAGES];		/* firmware, mailbox or allocated */
	struct {
		struct guestmem_extent ext[MODEL_PIECES];
		size_t count;
	} alloc[MODEL_ALLOCS];
	uint64_t rng;
};

static uint64_t
model_rand(struct model *m, uint64_t bound)
{
	m->rng ^= m->rng << 13;
	m->rng ^= m->rng >> 7;
	m->rng ^= m->rng << 17;
	return m->rng % bound;
}

static size_t
page_of(uint64_t pa)
{
	return (size_t)((pa - RAM_BASE) / PAGE);
}

static void
model_mark(struct model *m, const struct guestmem_extent *e, bool used)
{
	size_t p;

	for (p = page_of(pa_addr(e->pa)); p < page_of(pa_addr(e->pa) +
	    e->size); p++) {
		ck_assert(m->used[p] != used);
		m->used[p] = used;
	}
}

/* The free list must be exactly the bitmap's free runs. */
static void
model_compare(const struct model *m)
{
	const struct guestmem_extent *list;
	size_t count, k = 0, p = 0, start;
	uint64_t free_bytes = 0;

	list = guestmem_free_extents(&m->gm, &count);
	while (p < MODEL_PAGES) {
		if (m->used[p]) {
			p++;
			continue;
		}
		for (start = p; p < MODEL_PAGES && !m->used[p]; p++) {
		}
		ck_assert_uint_lt(k, count);
		ck_assert_uint_eq(pa_addr(list[k].pa), RAM_BASE + start * PAGE);
		ck_assert_uint_eq(list[k].size, (p - start) * PAGE);
		free_bytes += list[k].size;
		k++;
	}
	ck_assert_uint_eq(k, count);
	ck_assert_uint_eq(guestmem_free_bytes(&m->gm), free_bytes);
}

/* Whether some free run could take [ipa, ipa + size) 2 MiB-congruent. */
static bool
model_fits_2m(const struct model *m, uint64_t ipa, uint64_t size)
{
	size_t p = 0, start;
	uint64_t lo, hi, pa;

	while (p < MODEL_PAGES) {
		if (m->used[p]) {
			p++;
			continue;
		}
		for (start = p; p < MODEL_PAGES && !m->used[p]; p++) {
		}
		lo = RAM_BASE + start * PAGE;
		hi = RAM_BASE + p * PAGE;
		pa = lo + ((ipa - lo) & (2 * MIB - 1));
		if (pa + size <= hi) {
			return true;
		}
	}
	return false;
}

static void
model_alloc(struct model *m, size_t slot)
{
	uint64_t pages = 1 + model_rand(m, model_rand(m, 2) ? 16 : 1024);
	uint64_t size = pages * PAGE, sum = 0;
	uint64_t ipa = RAM_BASE + model_rand(m, 4) * 2 * MIB +
	    (model_rand(m, 2) ? 0 : model_rand(m, 512) * PAGE);
	uint64_t free_before = guestmem_free_bytes(&m->gm);
	bool fits_2m = model_fits_2m(m, ipa, size);
	bool holds_2m = ((ipa + 2 * MIB - 1) & ~(2 * MIB - 1)) + 2 * MIB <=
	    ipa + size;
	size_t i, n, runs;
	int rc;

	guestmem_free_extents(&m->gm, &runs);
	rc = guestmem_alloc(&m->gm, ipa_init(ipa), size, m->alloc[slot].ext,
	    MODEL_PIECES, &n);
	if (rc != 0) {
		ck_assert_int_eq(rc, -ENOMEM);
		ck_assert(size > free_before || runs > MODEL_PIECES);
		return;
	}
	for (i = 0; i < n; i++) {
		model_mark(m, &m->alloc[slot].ext[i], true);
		sum += m->alloc[slot].ext[i].size;
	}
	ck_assert_uint_eq(sum, size);
	if (holds_2m && fits_2m) {
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq((pa_addr(m->alloc[slot].ext[0].pa) - ipa) %
		    (2 * MIB), 0);
	}
	m->alloc[slot].count = n;
}

static void
model_free(struct model *m, size_t slot)
{
	size_t i;

	ck_assert_int_eq(guestmem_free(&m->gm, m->alloc[slot].ext,
	    m->alloc[slot].count), 0);
	for (i = 0; i < m->alloc[slot].count; i++) {
		model_mark(m, &m->alloc[slot].ext[i], false);
	}
	m->alloc[slot].count = 0;
}

static void
model_reserve(struct model *m, size_t slot)
{
	uint64_t first = model_rand(m, MODEL_PAGES);
	uint64_t pages = 1 + model_rand(m, 64), p;
	struct guestmem_extent e;
	bool all_free = first + pages <= MODEL_PAGES;
	int rc;

	for (p = first; all_free && p < first + pages; p++) {
		all_free = !m->used[p];
	}
	e = ext(RAM_BASE + first * PAGE, pages * PAGE);
	rc = guestmem_reserve(&m->gm, &e);
	ck_assert_int_eq(rc, all_free ? 0 : -EBUSY);
	if (rc == 0) {
		model_mark(m, &e, true);
		m->alloc[slot].ext[0] = e;
		m->alloc[slot].count = 1;
	}
}

START_TEST(guestmem_random_sequence_matches_bitmap)
{
	/* Firmware the first MiB, mailbox 64 KiB at 8 MiB. */
	struct abi_hello_reply h = board(MODEL_PAGES * PAGE, RAM_BASE, MIB,
	    RAM_BASE + 8 * MIB, 64 * KIB);
	const char *quick = getenv("HV_TEST_QUICK");
	int steps = quick != NULL && strcmp(quick, "1") == 0 ? 400 : 4000;
	struct model *m = calloc(1, sizeof(*m));
	size_t slot, p;
	int step;

	ck_assert_ptr_nonnull(m);
	m->rng = 0x9e3779b97f4a7c15ull;
	for (p = 0; p < MIB / PAGE; p++) {
		m->used[p] = true;
	}
	for (p = 0; p < 16; p++) {
		m->used[page_of(RAM_BASE + 8 * MIB) + p] = true;
	}
	ck_assert_int_eq(guestmem_init(&m->gm, &h), 0);
	model_compare(m);
	for (step = 0; step < steps; step++) {
		slot = model_rand(m, MODEL_ALLOCS);
		if (m->alloc[slot].count != 0) {
			model_free(m, slot);
		} else if (model_rand(m, 8) == 0) {
			model_reserve(m, slot);
		} else {
			model_alloc(m, slot);
		}
		model_compare(m);
	}
	guestmem_fini(&m->gm);
	free(m);
}
END_TEST

static Suite *
guestmem_suite(void)
{
	Suite *s = suite_create("guestmem");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, guestmem_init_leaves_out_firmware_and_mailbox);
	tcase_add_test(tc, guestmem_init_rounds_ram_in_and_reserved_ranges_out);
	tcase_add_test(tc, guestmem_init_rejects_empty_or_wrapping_ram);
	tcase_add_test(tc, guestmem_alloc_1g_on_3g_board_is_1g_aligned);
	tcase_add_test(tc, guestmem_alloc_2m_is_2m_aligned_after_small_allocs);
	tcase_add_test(tc, guestmem_alloc_unaligned_ipa_keeps_pa_congruent);
	tcase_add_test(tc, guestmem_alloc_page_takes_smallest_extent);
	tcase_add_test(tc, guestmem_fragmented_alloc_uses_pieces_and_free_merges);
	tcase_add_test(tc, guestmem_exhaustion_is_enomem_and_changes_nothing);
	tcase_add_test(tc, guestmem_alloc_rejects_bad_arguments);
	tcase_add_test(tc, guestmem_reserve_takes_only_free_space);
	tcase_add_test(tc, guestmem_free_refuses_what_it_cannot_take_back);
	tcase_add_test(tc, guestmem_never_hands_out_firmware_or_mailbox);
	tcase_add_test(tc, guestmem_random_sequence_matches_bitmap);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(guestmem_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
