/* SPDX-License-Identifier: ISC */
/*
 * check_pagepool.c - tests of the buddy page allocator.
 *
 * Regions come from the C library aligned to the largest block, so a test
 * can place a pool's base exactly where it wants relative to block
 * boundaries.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hv/errno.h>
#include <hv/pagepool.h>

#define PAGE		((size_t)PAGEPOOL_PAGE_SIZE)
#define MAX_PAGES	((size_t)1 << PAGEPOOL_ORDER_MAX)
#define MAX_BYTES	(PAGE * MAX_PAGES)

struct fixture {
	void *mem;		/* aligned to MAX_BYTES */
	uint8_t *meta;
	size_t offset;		/* pages from mem to the pool's base */
	size_t page_count;
	struct pagepool pool;
};

/* Page @i of the pool (may be past its end). */
static uint8_t *
page_at(const struct fixture *f, size_t i)
{
	return (uint8_t *)f->mem + (f->offset + i) * PAGE;
}

static void
fixture_init(struct fixture *f, size_t offset, size_t page_count)
{
	size_t bytes = (offset + page_count) * PAGE;

	bytes = (bytes + MAX_BYTES - 1) / MAX_BYTES * MAX_BYTES;
	f->mem = aligned_alloc(MAX_BYTES, bytes);
	ck_assert_ptr_nonnull(f->mem);
	f->meta = malloc(pagepool_meta_size(page_count));
	ck_assert_ptr_nonnull(f->meta);
	f->offset = offset;
	f->page_count = page_count;
	ck_assert_int_eq(pagepool_init(&f->pool, page_at(f, 0), page_count,
	    f->meta), 0);
}

static void
fixture_fini(struct fixture *f)
{
	free(f->meta);
	free(f->mem);
}

static size_t
index_of(const struct fixture *f, const void *p)
{
	return (size_t)((const uint8_t *)p - page_at(f, 0)) / PAGE;
}

/* Whether the @n bytes at @p (page aligned, whole pages) all equal @v. */
static bool
all_bytes(const void *p, size_t n, uint8_t v)
{
	const uint64_t *w = p;
	uint64_t want = v * UINT64_C(0x0101010101010101);
	size_t i;

	for (i = 0; i < n / sizeof(*w); i++) {
		if (w[i] != want) {
			return false;
		}
	}
	return true;
}

/* A block must be aligned to its size and lie wholly in the region. */
static void
check_block(const struct fixture *f, const void *p, unsigned int order)
{
	size_t bytes = PAGE << order;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % bytes, 0);
	ck_assert(pagepool_owns(&f->pool, p));
	ck_assert_uint_le(index_of(f, p) + ((size_t)1 << order),
	    f->page_count);
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(pagepool_init_rejects_misaligned_base)
{
	struct fixture f;
	struct pagepool pool;

	fixture_init(&f, 0, 16);
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 0) + 1, 8, f.meta),
	    -EINVAL);
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 0) + PAGE / 2, 8,
	    f.meta), -EINVAL);
	/* Page aligned but not block aligned is fine. */
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 1), 8, f.meta), 0);
	ck_assert_uint_eq(pagepool_free_pages(&pool), 8);
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_init_rejects_empty_region)
{
	struct fixture f;
	struct pagepool pool;

	fixture_init(&f, 0, 16);
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 0), 0, f.meta),
	    -EINVAL);
	ck_assert_int_eq(pagepool_init(&pool, NULL, 8, f.meta), -EINVAL);
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 0), 8, NULL),
	    -EINVAL);
	ck_assert_int_eq(pagepool_init(NULL, page_at(&f, 0), 8, f.meta),
	    -EINVAL);
	/* A region running past the end of the address space. */
	ck_assert_int_eq(pagepool_init(&pool, page_at(&f, 0),
	    SIZE_MAX / PAGE, f.meta), -EINVAL);
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_meta_size_is_one_byte_per_page)
{
	ck_assert_uint_eq(pagepool_meta_size(1), 1);
	ck_assert_uint_eq(pagepool_meta_size(4097), 4097);
}
END_TEST

START_TEST(pagepool_alloc_free_every_order)
{
	struct fixture f;
	unsigned int order;
	void *p;

	fixture_init(&f, 0, 2 * MAX_PAGES);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 2 * MAX_PAGES);
	for (order = 0; order <= PAGEPOOL_ORDER_MAX; order++) {
		p = pagepool_alloc(&f.pool, order);
		check_block(&f, p, order);
		ck_assert_uint_eq(pagepool_free_pages(&f.pool),
		    2 * MAX_PAGES - ((size_t)1 << order));
		pagepool_free(&f.pool, p, order);
		ck_assert_uint_eq(pagepool_free_pages(&f.pool), 2 * MAX_PAGES);
	}
	fixture_fini(&f);
}
END_TEST

/* Loop test: _i is the order; the region starts one page past a block. */
START_TEST(pagepool_alloc_aligns_blocks_to_their_size)
{
	struct fixture f;
	unsigned int order = (unsigned int)_i;
	static void *got[3000 + 1];
	size_t n = 0, i;

	fixture_init(&f, 1, 3000);
	while ((got[n] = pagepool_alloc(&f.pool, order)) != NULL) {
		check_block(&f, got[n], order);
		n++;
	}
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool),
	    3000 - (n << order));
	for (i = 0; i < n; i++) {
		pagepool_free(&f.pool, got[i], order);
	}
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 3000);
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_alloc_zeroes_block)
{
	struct fixture f;
	static void *got[2 * MAX_PAGES];
	size_t i;
	void *p;

	fixture_init(&f, 0, 2 * MAX_PAGES);
	for (i = 0; i < 2 * MAX_PAGES; i++) {
		got[i] = pagepool_alloc(&f.pool, 0);
		check_block(&f, got[i], 0);
		ck_assert(all_bytes(got[i], PAGE, 0));
		memset(got[i], 0xa5, PAGE);
	}
	for (i = 0; i < 2 * MAX_PAGES; i++) {
		pagepool_free(&f.pool, got[i], 0);
	}
	/* Every page was scribbled on: the merged blocks come back clean. */
	p = pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX);
	check_block(&f, p, PAGEPOOL_ORDER_MAX);
	ck_assert(all_bytes(p, MAX_BYTES, 0));
	memset(p, 0x5a, MAX_BYTES);
	pagepool_free(&f.pool, p, PAGEPOOL_ORDER_MAX);
	p = pagepool_alloc(&f.pool, 0);
	check_block(&f, p, 0);
	ck_assert(all_bytes(p, PAGE, 0));
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_exhaustion_returns_null)
{
	struct fixture f;
	static void *got[777 + 1];
	unsigned int order;
	size_t n = 0;

	fixture_init(&f, 5, 777);
	while ((got[n] = pagepool_alloc(&f.pool, 0)) != NULL) {
		ck_assert_uint_lt(n, 777);
		n++;
	}
	ck_assert_uint_eq(n, 777);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 0);
	for (order = 0; order <= PAGEPOOL_ORDER_MAX; order++) {
		ck_assert_ptr_null(pagepool_alloc(&f.pool, order));
	}
	pagepool_free(&f.pool, got[100], 0);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 1);
	ck_assert_ptr_null(pagepool_alloc(&f.pool, 1));
	ck_assert_ptr_eq(pagepool_alloc(&f.pool, 0), got[100]);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 0);
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_alloc_rejects_order_above_max)
{
	struct fixture f;

	fixture_init(&f, 0, 2 * MAX_PAGES);
	ck_assert_ptr_null(pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX + 1));
	ck_assert_ptr_null(pagepool_alloc(&f.pool, 64));
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 2 * MAX_PAGES);
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_free_merges_buddies)
{
	struct fixture f;
	static void *got[2 * MAX_PAGES];
	uint64_t seed = 12345;
	size_t i, j;
	void *p, *q;

	fixture_init(&f, 0, 2 * MAX_PAGES);
	for (i = 0; i < 2 * MAX_PAGES; i++) {
		got[i] = pagepool_alloc(&f.pool, 0);
		ck_assert_ptr_nonnull(got[i]);
	}
	/* Free in a shuffled order so merges happen in every direction. */
	for (i = 2 * MAX_PAGES - 1; i > 0; i--) {
		j = (size_t)(xorshift(&seed) % (i + 1));
		p = got[i];
		got[i] = got[j];
		got[j] = p;
	}
	for (i = 0; i < 2 * MAX_PAGES; i++) {
		pagepool_free(&f.pool, got[i], 0);
	}
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 2 * MAX_PAGES);
	p = pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX);
	q = pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX);
	check_block(&f, p, PAGEPOOL_ORDER_MAX);
	check_block(&f, q, PAGEPOOL_ORDER_MAX);
	ck_assert_ptr_ne(p, q);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 0);
	ck_assert_ptr_null(pagepool_alloc(&f.pool, 0));
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_unaligned_region_keeps_blocks_inside)
{
	struct fixture f;
	static void *got[2 * MAX_PAGES];
	size_t i, n;
	void *p;

	/*
	 * Pages [3, 2051) of a block-aligned area: the only whole aligned
	 * max-order block is [1024, 2048), and nothing may merge across the
	 * region's ends.
	 */
	fixture_init(&f, 3, 2 * MAX_PAGES);
	for (i = 0; i < 2; i++) {
		p = pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX);
		ck_assert_ptr_eq(p, (uint8_t *)f.mem + MAX_BYTES);
		ck_assert_ptr_null(pagepool_alloc(&f.pool, PAGEPOOL_ORDER_MAX));
		/* [512, 1024) is the only whole order-9 block left. */
		ck_assert_ptr_eq(pagepool_alloc(&f.pool, 9),
		    (uint8_t *)f.mem + MAX_BYTES / 2);
		ck_assert_ptr_null(pagepool_alloc(&f.pool, 9));
		for (n = 0; (got[n] = pagepool_alloc(&f.pool, 0)) != NULL;
		    n++) {
			check_block(&f, got[n], 0);
		}
		ck_assert_uint_eq(n, 2 * MAX_PAGES - MAX_PAGES - MAX_PAGES / 2);
		while (n > 0) {
			pagepool_free(&f.pool, got[--n], 0);
		}
		pagepool_free(&f.pool, (uint8_t *)f.mem + MAX_BYTES / 2, 9);
		pagepool_free(&f.pool, p, PAGEPOOL_ORDER_MAX);
		ck_assert_uint_eq(pagepool_free_pages(&f.pool), 2 * MAX_PAGES);
	}
	fixture_fini(&f);
}
END_TEST

START_TEST(pagepool_free_ignores_block_not_allocated_quirk)
{
	struct fixture f;
	uint8_t *p, *q;

	fixture_init(&f, 0, 64);
	p = pagepool_alloc(&f.pool, 2);
	q = pagepool_alloc(&f.pool, 0);
	check_block(&f, p, 2);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 64 - 5);
	pagepool_free(&f.pool, NULL, 0);
	pagepool_free(&f.pool, p, 1);			/* wrong order */
	pagepool_free(&f.pool, p + PAGE, 0);		/* inside a block */
	pagepool_free(&f.pool, page_at(&f, 64), 0);	/* past the end */
	pagepool_free(&f.pool, p + 8, 2);		/* misaligned */
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 64 - 5);
	pagepool_free(&f.pool, p, 2);
	pagepool_free(&f.pool, p, 2);			/* twice */
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 64 - 1);
	pagepool_free(&f.pool, q, 0);
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), 64);
	fixture_fini(&f);
}
END_TEST

/* The random test's model: which block owns each page. */
struct model {
	struct fixture *f;
	uint32_t *owner;	/* 0 = free, else block id */
	size_t free_count;
	struct live {
		uint8_t *p;
		unsigned int order;
		uint32_t id;
	} *live;
	size_t live_count;
};

/* Whether a whole aligned run of 2^@order free pages lies in the region. */
static bool
model_has_free_run(const struct model *m, unsigned int order)
{
	size_t bytes = PAGE << order, n = (size_t)1 << order, i, k;
	uintptr_t base = (uintptr_t)page_at(m->f, 0);

	i = (size_t)(((base + bytes - 1) / bytes * bytes - base) / PAGE);
	for (; i + n <= m->f->page_count; i += n) {
		for (k = 0; k < n && m->owner[i + k] == 0; k++) {
			continue;
		}
		if (k == n) {
			return true;
		}
	}
	return false;
}

static void
model_alloc(struct model *m, unsigned int order, uint32_t id, uint64_t seed)
{
	uint8_t *p = pagepool_alloc(&m->f->pool, order);
	size_t n = (size_t)1 << order, i, first;

	if (p == NULL) {
		ck_assert_msg(!model_has_free_run(m, order),
		    "seed %llu: order %u refused with a free run",
		    (unsigned long long)seed, order);
		return;
	}
	check_block(m->f, p, order);
	ck_assert_msg(all_bytes(p, PAGE << order, 0), "seed %llu: not zeroed",
	    (unsigned long long)seed);
	first = index_of(m->f, p);
	for (i = first; i < first + n; i++) {
		ck_assert_msg(m->owner[i] == 0, "seed %llu: page %zu given twice",
		    (unsigned long long)seed, i);
		m->owner[i] = id;
	}
	memset(p, (int)(id & 0xff) | 1, PAGE << order);
	m->free_count -= n;
	m->live[m->live_count++] = (struct live){ p, order, id };
}

static void
model_free(struct model *m, size_t which, uint64_t seed)
{
	struct live l = m->live[which];
	size_t n = (size_t)1 << l.order, first = index_of(m->f, l.p), i;

	/* Nobody wrote into the block while it was ours. */
	ck_assert_msg(all_bytes(l.p, PAGE << l.order, (uint8_t)(l.id | 1)),
	    "seed %llu: block of id %u overwritten",
	    (unsigned long long)seed, l.id);
	for (i = first; i < first + n; i++) {
		m->owner[i] = 0;
	}
	pagepool_free(&m->f->pool, l.p, l.order);
	m->free_count += n;
	m->live[which] = m->live[--m->live_count];
}

/* Loop test: _i picks the seed, and with it the region's size and place. */
START_TEST(pagepool_random_sequences_match_model)
{
	uint64_t seed = 0x243f6a8885a308d3u + (uint64_t)_i * 7919;
	uint64_t s = seed, r;
	struct fixture f;
	struct model m;
	unsigned int order;
	size_t step;
	uint32_t id = 0;

	fixture_init(&f, (size_t)(seed % 9), 600 + (size_t)(seed % 1500));
	m = (struct model){ &f, calloc(f.page_count, sizeof(uint32_t)),
	    f.page_count, calloc(f.page_count, sizeof(struct live)), 0 };
	ck_assert_ptr_nonnull(m.owner);
	ck_assert_ptr_nonnull(m.live);
	for (step = 0; step < 5000; step++) {
		r = xorshift(&s);
		/* Order k with probability about 2^-(k+1). */
		order = (unsigned int)__builtin_ctzll(xorshift(&s) | (1ull << 40));
		if (order > PAGEPOOL_ORDER_MAX) {
			order = PAGEPOOL_ORDER_MAX;
		}
		if (m.live_count > 0 && r % 5 < 2) {
			model_free(&m, (size_t)((r >> 8) % m.live_count), seed);
		} else {
			model_alloc(&m, order, ++id, seed);
		}
		ck_assert_uint_eq(pagepool_free_pages(&f.pool), m.free_count);
	}
	while (m.live_count > 0) {
		model_free(&m, m.live_count - 1, seed);
	}
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), f.page_count);
	/* Fully merged again: every order with an aligned run is there. */
	for (order = 0; order <= PAGEPOOL_ORDER_MAX; order++) {
		void *p = pagepool_alloc(&f.pool, order);

		ck_assert_msg(model_has_free_run(&m, order) == (p != NULL),
		    "seed %llu: order %u", (unsigned long long)seed, order);
		pagepool_free(&f.pool, p, order);
	}
	ck_assert_uint_eq(pagepool_free_pages(&f.pool), f.page_count);
	free(m.live);
	free(m.owner);
	fixture_fini(&f);
}
END_TEST

static Suite *
pagepool_suite(void)
{
	Suite *s = suite_create("pagepool");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, pagepool_init_rejects_misaligned_base);
	tcase_add_test(tc, pagepool_init_rejects_empty_region);
	tcase_add_test(tc, pagepool_meta_size_is_one_byte_per_page);
	tcase_add_test(tc, pagepool_alloc_free_every_order);
	tcase_add_loop_test(tc, pagepool_alloc_aligns_blocks_to_their_size, 0,
	    PAGEPOOL_ORDER_MAX + 1);
	tcase_add_test(tc, pagepool_alloc_zeroes_block);
	tcase_add_test(tc, pagepool_exhaustion_returns_null);
	tcase_add_test(tc, pagepool_alloc_rejects_order_above_max);
	tcase_add_test(tc, pagepool_free_merges_buddies);
	tcase_add_test(tc, pagepool_unaligned_region_keeps_blocks_inside);
	tcase_add_test(tc, pagepool_free_ignores_block_not_allocated_quirk);
	tcase_add_loop_test(tc, pagepool_random_sequences_match_model, 0, 6);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pagepool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
