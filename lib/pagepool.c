/* SPDX-License-Identifier: ISC */
/*
 * pagepool.c - a buddy allocator of 4 KiB pages over one caller region.
 *
 * A block of order k is 2^k pages aligned to its size in absolute address
 * terms, so its buddy is found by flipping one address bit.  The region
 * need not be aligned: at init it is cut into the largest aligned blocks
 * that fit, and a buddy that would stick out of the region is never merged
 * with.  Free blocks sit on doubly linked lists whose nodes live in the
 * blocks' first page, so a buddy can be taken off its list in O(1) when it
 * merges.  The caller's metadata byte of a block's first page says whether
 * the block is free or allocated and of which order; other pages' bytes are
 * 0.
 */
#include <hv/errno.h>
#include <hv/pagepool.h>

#define META_FREE	0x80u
#define META_ALLOC	0x40u
#define META_ORDER	0x0fu

_Static_assert(PAGEPOOL_ORDER_MAX <= META_ORDER,
    "an order fits the metadata byte");
_Static_assert(PAGEPOOL_PAGE_SIZE % sizeof(uint64_t) == 0,
    "pages are zeroed a word at a time");

/* The head of a free block. */
struct free_block {
	struct free_block *next;
	struct free_block *prev;
};

static size_t
block_bytes(unsigned int order)
{
	return (size_t)PAGEPOOL_PAGE_SIZE << order;
}

static size_t
page_index(const struct pagepool *pool, uintptr_t addr)
{
	return (addr - pool->base) / PAGEPOOL_PAGE_SIZE;
}

static uintptr_t
region_end(const struct pagepool *pool)
{
	return pool->base + pool->page_count * (size_t)PAGEPOOL_PAGE_SIZE;
}

static void
list_push(struct pagepool *pool, uintptr_t addr, unsigned int order)
{
	struct free_block *b = (struct free_block *)addr;
	struct free_block *head = pool->free_list[order];

	b->prev = NULL;
	b->next = head;
	if (head != NULL) {
		head->prev = b;
	}
	pool->free_list[order] = b;
	pool->meta[page_index(pool, addr)] = META_FREE | order;
}

static void
list_remove(struct pagepool *pool, struct free_block *b, unsigned int order)
{
	if (b->prev != NULL) {
		b->prev->next = b->next;
	} else {
		pool->free_list[order] = b->next;
	}
	if (b->next != NULL) {
		b->next->prev = b->prev;
	}
	pool->meta[page_index(pool, (uintptr_t)b)] = 0;
}

/*
 * A plain loop rather than memset(): the firmware is built -fno-builtin
 * and has no C library.
 */
static void
block_zero(void *block, unsigned int order)
{
	uint64_t *w = block;
	size_t i, n = block_bytes(order) / sizeof(uint64_t);

	for (i = 0; i < n; i++) {
		w[i] = 0;
	}
}

/**
 * pagepool_meta_size() - bytes of metadata pagepool_init() needs.
 * @page_count: pages in the region.
 *
 * Return: the size in bytes (one byte per page).
 */
size_t
pagepool_meta_size(size_t page_count)
{
	return page_count;
}

/* Cut [base, end) into the largest naturally aligned blocks that fit. */
static void
carve(struct pagepool *pool)
{
	uintptr_t addr = pool->base, end = region_end(pool);
	unsigned int order;

	while (addr < end) {
		order = PAGEPOOL_ORDER_MAX;
		while (order > 0 && ((addr & (block_bytes(order) - 1)) != 0 ||
		    end - addr < block_bytes(order))) {
			order--;
		}
		list_push(pool, addr, order);
		addr += block_bytes(order);
	}
}

/**
 * pagepool_init() - make a pool of a region.
 * @pool:       the pool.
 * @base:       first page, 4 KiB aligned.
 * @page_count: number of pages; blocks stay aligned relative to address 0.
 * @meta:       pagepool_meta_size(@page_count) bytes, caller memory.
 *
 * Writes the free-list links into the region's pages.
 *
 * Return: 0, or -EINVAL for a misaligned, empty or address-wrapping region
 * or missing buffers.
 */
int
pagepool_init(struct pagepool *pool, void *base, size_t page_count,
    uint8_t *meta)
{
	uintptr_t b = (uintptr_t)base;
	unsigned int i;
	size_t n;

	if (pool == NULL || base == NULL || meta == NULL || page_count == 0 ||
	    (b & (PAGEPOOL_PAGE_SIZE - 1)) != 0) {
		return -EINVAL;
	}
	if (page_count > (UINTPTR_MAX - b) / PAGEPOOL_PAGE_SIZE) {
		return -EINVAL;
	}
	pool->base = b;
	pool->page_count = page_count;
	pool->free_pages = page_count;
	pool->meta = meta;
	for (n = 0; n < page_count; n++) {
		meta[n] = 0;
	}
	for (i = 0; i <= PAGEPOOL_ORDER_MAX; i++) {
		pool->free_list[i] = NULL;
	}
	carve(pool);
	return 0;
}

/**
 * pagepool_alloc() - take a zeroed block of 2^@order pages.
 * @pool:  the pool.
 * @order: 0..PAGEPOOL_ORDER_MAX.
 *
 * The smallest free block of at least @order is split; the upper halves go
 * back on the free lists.
 *
 * Return: the block, aligned to its size, or NULL when none is free or
 * @order is too large.
 */
void *
pagepool_alloc(struct pagepool *pool, unsigned int order)
{
	struct free_block *b;
	unsigned int k;

	if (order > PAGEPOOL_ORDER_MAX) {
		return NULL;
	}
	for (k = order; k <= PAGEPOOL_ORDER_MAX; k++) {
		if (pool->free_list[k] != NULL) {
			break;
		}
	}
	if (k > PAGEPOOL_ORDER_MAX) {
		return NULL;
	}
	b = pool->free_list[k];
	list_remove(pool, b, k);
	while (k > order) {
		k--;
		list_push(pool, (uintptr_t)b + block_bytes(k), k);
	}
	pool->meta[page_index(pool, (uintptr_t)b)] = META_ALLOC | order;
	pool->free_pages -= (size_t)1 << order;
	block_zero(b, order);
	return b;
}

/**
 * pagepool_free() - give a block back; buddies merge.
 * @pool:  the pool.
 * @block: what pagepool_alloc() returned, or NULL for nothing.
 * @order: the order it was allocated with.
 *
 * The block merges with its buddy, and the result with its own, for as long
 * as the buddy is free, whole and inside the region.  A block that is not
 * allocated at @order (freed twice, wrong order, not from this pool) is
 * left alone rather than corrupting the lists.
 */
void
pagepool_free(struct pagepool *pool, void *block, unsigned int order)
{
	uintptr_t addr = (uintptr_t)block, buddy, end = region_end(pool);

	if (block == NULL || order > PAGEPOOL_ORDER_MAX ||
	    !pagepool_owns(pool, block) ||
	    (addr & (block_bytes(order) - 1)) != 0 ||
	    pool->meta[page_index(pool, addr)] != (META_ALLOC | order)) {
		return;
	}
	pool->meta[page_index(pool, addr)] = 0;
	pool->free_pages += (size_t)1 << order;
	for (; order < PAGEPOOL_ORDER_MAX; order++) {
		/*
		 * Only a whole free block inside the region has its first
		 * byte say so, so a buddy sticking out past the end never
		 * merges; one starting outside has no byte to look at.
		 */
		buddy = addr ^ block_bytes(order);
		if (buddy < pool->base || buddy >= end ||
		    pool->meta[page_index(pool, buddy)] != (META_FREE | order)) {
			break;
		}
		list_remove(pool, (struct free_block *)buddy, order);
		addr &= ~(uintptr_t)block_bytes(order);
	}
	list_push(pool, addr, order);
}

/**
 * pagepool_free_pages() - pages currently free.
 * @pool: the pool.
 *
 * Return: the count.
 */
size_t
pagepool_free_pages(const struct pagepool *pool)
{
	return pool->free_pages;
}
