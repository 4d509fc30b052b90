/* SPDX-License-Identifier: ISC */
/*
 * bench_bound.c - store and walk bounds for the stage-2 benchmark.
 */
#include <stdlib.h>

#include <hv/errno.h>
#include <hv/s2pt.h>
#include <hv/s2pt_desc.h>

#include "bench_bound.h"
#include "bench_env.h"

/* A 4 KiB page as s2pt builds one: normal WB, RW, AF, inner shareable. */
#define BOUND_PAGE_ATTRS	(S2PT_DESC_VALID | S2PT_DESC_TABLE | \
	(S2PT_MEMATTR_NORMAL_WB << S2PT_DESC_MEMATTR_SHIFT) | \
	S2PT_DESC_S2AP_R | S2PT_DESC_S2AP_W | S2PT_DESC_SH_INNER | S2PT_DESC_AF)
#define BOUND_PA_BASE		((uint64_t)64 << 30)

/*
 * One single-copy-atomic 64-bit store per descriptor, as a table walker
 * running concurrently requires; a plain assignment could be merged into
 * wider vector stores, which no stage-2 code may use.
 */
static inline void
bound_store(uint64_t *p, uint64_t d)
{
	*(volatile uint64_t *)p = d;
}

static void
bound_free_pages(struct bench_env *env, void **pages, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (pages[i] != NULL) {
			bench_env_page_free(env, pages[i]);
		}
	}
	free(pages);
}

static void
bound_store_leaves(void *const *pages, uint64_t leaf_count)
{
	uint64_t pa = BOUND_PA_BASE, n = 0;
	size_t p;
	unsigned int i;

	for (p = 0; n < leaf_count; p++) {
		uint64_t *t = pages[p];

		for (i = 0; i < S2PT_ENTRIES && n < leaf_count; i++, n++) {
			bound_store(&t[i], pa | BOUND_PAGE_ATTRS);
			pa += S2PT_PAGE_SIZE;
		}
	}
}

static void
bound_store_tables(const struct bench_env *env, void *const *leaf_pages,
    size_t leaf_page_count, void *const *upper_pages)
{
	size_t p;

	for (p = 0; p < leaf_page_count; p++) {
		uint64_t *t = upper_pages[p / S2PT_ENTRIES];
		uint64_t pa = (uint64_t)(uintptr_t)leaf_pages[p] -
		    env->va_minus_pa;

		bound_store(&t[p % S2PT_ENTRIES], pa | S2PT_DESC_TYPE_MASK |
		    ((uint64_t)S2PT_ENTRIES << S2PT_DESC_COUNT_SHIFT));
	}
}

/**
 * bench_bound_store() - time the stores a table of 4 KiB leaves needs.
 * @env:         where the pages come from.
 * @leaf_count:  4 KiB leaf descriptors to store, 512 to a page, PAs
 *               advancing by 4 KiB.
 * @table_descs: also store one table descriptor per leaf page into pages of
 *               the level above, as the real table has them.
 * @ns:          time of the stores alone; the pages are taken (zeroed) and
 *               given back outside it.
 *
 * Return: 0, or -ENOMEM if the pool or the host ran out.
 */
int
bench_bound_store(struct bench_env *env, uint64_t leaf_count,
    bool table_descs, uint64_t *ns)
{
	size_t leaf_pages = (leaf_count + S2PT_ENTRIES - 1) / S2PT_ENTRIES;
	size_t upper = table_descs ?
	    (leaf_pages + S2PT_ENTRIES - 1) / S2PT_ENTRIES : 0;
	void **pages;
	uint64_t t0;
	size_t i;

	pages = calloc(leaf_pages + upper + 1, sizeof(*pages));
	if (pages == NULL) {
		return -ENOMEM;
	}
	for (i = 0; i < leaf_pages + upper; i++) {
		pages[i] = bench_env_page_alloc(env);
		if (pages[i] == NULL) {
			bound_free_pages(env, pages, i);
			return -ENOMEM;
		}
	}
	t0 = bench_env_now_ns();
	bound_store_leaves(pages, leaf_count);
	if (table_descs) {
		bound_store_tables(env, pages, leaf_pages, pages + leaf_pages);
	}
	*ns = bench_env_now_ns() - t0;
	bound_free_pages(env, pages, leaf_pages + upper);
	return 0;
}

static inline const uint64_t *
bound_next(uint64_t d, uint64_t va_minus_pa)
{
	return (const uint64_t *)(uintptr_t)(s2pt_desc_addr(d) + va_minus_pa);
}

/*
 * The whole walk for a start-level-1 table: a concatenated root of 1 GiB
 * entries, then a level-2 table, then level 3, stopping at a block.
 * Returns whether the IPA translated, and its PA in *pa if so.
 */
static inline int
bound_walk_one(const uint64_t *root, uint64_t root_mask, uint64_t va_minus_pa,
    uint64_t ipa, uint64_t *pa)
{
	uint64_t d;
	const uint64_t *t;

	d = root[(ipa >> 30) & root_mask];
	if (!s2pt_desc_is_valid(d)) {
		return 0;
	}
	if (!s2pt_desc_is_table(d, 1)) {
		*pa = s2pt_desc_addr(d) + (ipa & (S2PT_LEVEL_SIZE(1) - 1));
		return 1;
	}
	t = bound_next(d, va_minus_pa);
	d = t[(ipa >> 21) & (S2PT_ENTRIES - 1)];
	if (!s2pt_desc_is_valid(d)) {
		return 0;
	}
	if (!s2pt_desc_is_table(d, 2)) {
		*pa = s2pt_desc_addr(d) + (ipa & (S2PT_LEVEL_SIZE(2) - 1));
		return 1;
	}
	t = bound_next(d, va_minus_pa);
	d = t[(ipa >> 12) & (S2PT_ENTRIES - 1)];
	if (!s2pt_desc_is_valid(d)) {
		return 0;
	}
	*pa = s2pt_desc_addr(d) + (ipa & (S2PT_PAGE_SIZE - 1));
	return 1;
}

/**
 * bench_bound_walk() - time a hand-written walk of @pt over @ipas.
 * @pt:   a table with BENCH_ENV_IPA_BITS of IPA (start level 1); only its
 *        root pointer and va_minus_pa are read, the rest of the walk reads
 *        the descriptors themselves.
 * @ipas: the IPAs, in the order the measured operation used them.
 * @n:    how many.
 * @res:  time, PA sum and count of translated IPAs.
 *
 * Return: 0, or -EINVAL if @pt does not start at level 1.
 */
int
bench_bound_walk(const struct s2pt *pt, const uint64_t *ipas, size_t n,
    struct bench_walk *res)
{
	struct s2pt_geometry geo;
	const uint64_t *root = pt->root;
	uint64_t root_mask, vmp = pt->va_minus_pa, sum = 0, valid = 0, t0;
	uint64_t pa = 0;
	size_t i;

	if (s2pt_geometry(BENCH_ENV_IPA_BITS, &geo) != 0 ||
	    geo.start_level != 1) {
		return -EINVAL;
	}
	root_mask = (uint64_t)geo.root_pages * S2PT_ENTRIES - 1;
	t0 = bench_env_now_ns();
	for (i = 0; i < n; i++) {
		if (bound_walk_one(root, root_mask, vmp, ipas[i], &pa)) {
			sum += pa;
			valid++;
		}
	}
	res->ns = bench_env_now_ns() - t0;
	res->pa_sum = sum;
	res->valid = valid;
	return 0;
}
