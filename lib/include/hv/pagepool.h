/* SPDX-License-Identifier: ISC */
/*
 * hv/pagepool.h - a buddy allocator of 4 KiB pages over one caller region.
 *
 * The firmware's stage-2 table pool and the host tests and benchmarks use
 * the same allocator.  Blocks of 2^order pages are naturally aligned (so a
 * concatenated stage-2 root of up to 16 pages can be had), and every block
 * handed out is zeroed.  Free lists are threaded through the free pages
 * themselves; one byte of metadata per page comes from the caller.  Not
 * thread-safe: the caller serialises.
 */
#ifndef HV_PAGEPOOL_H
#define HV_PAGEPOOL_H

#include <stddef.h>
#include <stdint.h>

/** PAGEPOOL_PAGE_SIZE - the unit of allocation. */
#define PAGEPOOL_PAGE_SIZE	4096u
/** PAGEPOOL_ORDER_MAX - largest block is 2^PAGEPOOL_ORDER_MAX pages. */
#define PAGEPOOL_ORDER_MAX	10

/**
 * struct pagepool - the pool (fields private to pagepool.c).
 */
struct pagepool {
	uintptr_t base;
	size_t page_count;
	size_t free_pages;
	uint8_t *meta;
	void *free_list[PAGEPOOL_ORDER_MAX + 1];
};

/**
 * pagepool_meta_size() - bytes of metadata pagepool_init() needs.
 * @page_count: pages in the region.
 *
 * Return: the size in bytes (one byte per page).
 */
size_t pagepool_meta_size(size_t page_count);

/**
 * pagepool_init() - make a pool of a region.
 * @pool:       the pool.
 * @base:       first page, 4 KiB aligned.
 * @page_count: number of pages (may be any number; blocks stay aligned
 *              relative to address 0, not to @base).
 * @meta:       pagepool_meta_size(@page_count) bytes, caller memory.
 *
 * Return: 0, or -EINVAL for a misaligned or empty region.
 */
int pagepool_init(struct pagepool *pool, void *base, size_t page_count,
    uint8_t *meta);

/**
 * pagepool_alloc() - take a zeroed block of 2^@order pages.
 * @pool:  the pool.
 * @order: 0..PAGEPOOL_ORDER_MAX.
 *
 * Return: the block, aligned to its size, or NULL when none is free.
 */
void *pagepool_alloc(struct pagepool *pool, unsigned int order);

/**
 * pagepool_free() - give a block back; buddies merge.
 * @pool:  the pool.
 * @block: what pagepool_alloc() returned.
 * @order: the order it was allocated with.
 *
 * A block that is not an allocated block of @order (NULL, a double free, a
 * pointer into a block or outside the pool) is ignored: the per-page
 * metadata tells, and there is no error to return.
 */
void pagepool_free(struct pagepool *pool, void *block, unsigned int order);

/**
 * pagepool_free_pages() - pages currently free.
 * @pool: the pool.
 *
 * Return: the count.
 */
size_t pagepool_free_pages(const struct pagepool *pool);

/**
 * pagepool_owns() - whether a block lies inside the pool's region.
 * @pool:  the pool.
 * @block: any address.
 *
 * Return: true if @block is within the region.
 */
static inline int
pagepool_owns(const struct pagepool *pool, const void *block)
{
	uintptr_t a = (uintptr_t)block;

	return a >= pool->base &&
	    a - pool->base < pool->page_count * (size_t)PAGEPOOL_PAGE_SIZE;
}

#endif /* HV_PAGEPOOL_H */
