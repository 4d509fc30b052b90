/* SPDX-License-Identifier: ISC */
/*
 * s2pt_fake.c - host environment and recorder for the s2pt tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/s2pt_desc.h>

#include "s2pt_fake.h"

#define FAKE_PAGE	((size_t)PAGEPOOL_PAGE_SIZE)
/* Fake PAs must keep the alignment of the largest block the pool hands out. */
#define FAKE_ARENA_ALIGN ((size_t)2 << 20)

static void
fake_log(struct s2pt_fake *f, const struct fake_ev *ev)
{
	if (f->log_len == f->log_cap) {
		size_t cap = f->log_cap != 0 ? f->log_cap * 2 : 1024;
		struct fake_ev *log = realloc(f->log, cap * sizeof(*log));

		if (log == NULL) {
			fprintf(stderr, "s2pt_fake: log: out of memory\n");
			abort();
		}
		f->log = log;
		f->log_cap = cap;
	}
	f->log[f->log_len++] = *ev;
}

static void
fake_misuse(struct s2pt_fake *f, const char *msg, const void *block,
    unsigned int order)
{
	if (f->misuse++ == 0) {
		snprintf(f->misuse_msg, sizeof(f->misuse_msg),
		    "%s: block %p order %u", msg, block, order);
	}
}

static bool
fake_should_fail(struct s2pt_fake *f)
{
	if (f->fail_in < 0) {
		return false;
	}
	if (f->fail_in > 0) {
		f->fail_in--;
		return false;
	}
	if (!f->fail_sticky) {
		f->fail_in = -1;
	}
	return true;
}

static void *
fake_table_alloc(void *ctx, unsigned int order)
{
	struct s2pt_fake *f = ctx;
	struct fake_ev ev = { .kind = FAKE_EV_ALLOC_FAIL, .level = order };
	void *p = NULL;
	size_t i, n;

	if (!fake_should_fail(f)) {
		p = pagepool_alloc(&f->pool, order);
	} else {
		f->failures++;
	}
	if (p != NULL) {
		i = s2pt_fake_page_index(f, p);
		f->page_order[i] = (uint8_t)(order + 1);
		for (n = 1; n < ((size_t)1 << order); n++) {
			f->page_order[i + n] = 0xff;
		}
		f->allocs++;
		f->pages_out += (uint64_t)1 << order;
		ev.kind = FAKE_EV_ALLOC;
		ev.ptep = p;
	}
	fake_log(f, &ev);
	return p;
}

static void
fake_table_free(void *ctx, void *table, unsigned int order)
{
	struct s2pt_fake *f = ctx;
	struct fake_ev ev = { .kind = FAKE_EV_FREE, .level = order };
	size_t i = s2pt_fake_page_index(f, table), n;

	ev.ptep = table;
	fake_log(f, &ev);
	if (i == (size_t)-1 || ((uintptr_t)table & (FAKE_PAGE - 1)) != 0) {
		fake_misuse(f, "free of a block not from the pool", table,
		    order);
		return;
	}
	if (f->page_order[i] != order + 1) {
		fake_misuse(f, f->page_order[i] == 0 ? "double free" :
		    "free with the wrong order", table, order);
		return;
	}
	for (n = 0; n < ((size_t)1 << order); n++) {
		f->page_order[i + n] = 0;
	}
	f->frees++;
	f->pages_out -= (uint64_t)1 << order;
	pagepool_free(&f->pool, table, order);
}

static void
fake_tlb_flush_ipa(void *ctx, vmid_t vmid, ipa_t ipa, uint64_t size,
    unsigned int level)
{
	struct fake_ev ev = { .kind = FAKE_EV_TLBI_IPA, .level = level,
	    .vmid = vmid_value(vmid), .addr = ipa_addr(ipa), .size = size };

	fake_log(ctx, &ev);
}

static void
fake_tlb_flush_vmid(void *ctx, vmid_t vmid)
{
	struct fake_ev ev = { .kind = FAKE_EV_TLBI_VMID,
	    .vmid = vmid_value(vmid) };

	fake_log(ctx, &ev);
}

static void
fake_dcache_clean_poc(void *ctx, pa_t pa, uint64_t size)
{
	struct fake_ev ev = { .kind = FAKE_EV_DCACHE, .addr = pa_addr(pa),
	    .size = size };

	fake_log(ctx, &ev);
}

static void
fake_icache_inval(void *ctx, pa_t pa, uint64_t size)
{
	struct fake_ev ev = { .kind = FAKE_EV_ICACHE, .addr = pa_addr(pa),
	    .size = size };

	fake_log(ctx, &ev);
}

static void
fake_store_barrier(void *ctx)
{
	struct fake_ev ev = { .kind = FAKE_EV_BARRIER };

	fake_log(ctx, &ev);
}

static bool
fake_is_table(uint64_t d, unsigned int level)
{
	return s2pt_desc_is_table(d, level);
}

/* Log the page at @pa (entries of @level from @ipa) and the tables below. */
static void
fake_snap(struct s2pt_fake *f, uint64_t pa, unsigned int level, uint64_t ipa)
{
	const uint64_t *page = s2pt_fake_va(f, pa);
	struct fake_ev ev = { .kind = FAKE_EV_SNAP, .level = level,
	    .ptep = page, .addr = ipa };
	size_t i;

	if (page == NULL || level > 3) {
		return;		/* the oracle reports the bad descriptor */
	}
	for (i = 0; i < S2PT_ENTRIES && page[i] == 0; i++) {
		continue;
	}
	if (i < S2PT_ENTRIES) {
		ev.snap = malloc(PAGEPOOL_PAGE_SIZE);
		if (ev.snap == NULL) {
			fprintf(stderr, "s2pt_fake: snapshot: out of memory\n");
			abort();
		}
		memcpy(ev.snap, page, PAGEPOOL_PAGE_SIZE);
	}
	fake_log(f, &ev);
	for (; i < S2PT_ENTRIES; i++) {
		if (fake_is_table(page[i], level)) {
			fake_snap(f, s2pt_desc_addr(page[i]), level + 1,
			    ipa + i * S2PT_LEVEL_SIZE(level));
		}
	}
}

static void
fake_trace_store(void *ctx, const uint64_t *ptep, uint64_t old, uint64_t new,
    unsigned int level, ipa_t ipa)
{
	struct fake_ev ev = { .kind = FAKE_EV_STORE, .level = level,
	    .ptep = ptep, .oldv = old, .newv = new, .addr = ipa_addr(ipa) };
	uint64_t addr = s2pt_desc_addr(new);

	if (fake_is_table(new, level) &&
	    (!fake_is_table(old, level) || s2pt_desc_addr(old) != addr)) {
		fake_snap(ctx, addr, level + 1, ipa_addr(ipa));
	}
	fake_log(ctx, &ev);
}

/**
 * s2pt_fake_init() - set up an environment with @pages table pages.
 * @f:     the fake.
 * @pages: arena size in pages.
 *
 * Return: 0, or -1 if host memory ran out.
 */
int
s2pt_fake_init(struct s2pt_fake *f, size_t pages)
{
	return s2pt_fake_init_at(f, pages, FAKE_TABLE_PA_BASE);
}

/**
 * s2pt_fake_init_at() - s2pt_fake_init() with table pages at fake PA
 * @pa_base.
 * @f:       the fake.
 * @pages:   arena size in pages.
 * @pa_base: fake PA of the first page, 2 MiB aligned, below 2^48.
 *
 * Return: 0, or -1 if host memory ran out.
 */
int
s2pt_fake_init_at(struct s2pt_fake *f, size_t pages, uint64_t pa_base)
{
	memset(f, 0, sizeof(*f));
	f->pa_base = pa_base;
	f->fail_in = -1;
	f->arena_pages = pages;
	if (posix_memalign(&f->arena, FAKE_ARENA_ALIGN, pages * FAKE_PAGE)) {
		return -1;
	}
	f->meta = malloc(pagepool_meta_size(pages));
	f->page_order = calloc(pages, 1);
	if (f->meta == NULL || f->page_order == NULL ||
	    pagepool_init(&f->pool, f->arena, pages, f->meta) != 0) {
		s2pt_fake_fini(f);
		return -1;
	}
	f->va_minus_pa = (uint64_t)(uintptr_t)f->arena - pa_base;
	f->ops.table_alloc = fake_table_alloc;
	f->ops.table_free = fake_table_free;
	f->ops.tlb_flush_ipa = fake_tlb_flush_ipa;
	f->ops.tlb_flush_vmid = fake_tlb_flush_vmid;
	f->ops.dcache_clean_poc = fake_dcache_clean_poc;
	f->ops.icache_inval = fake_icache_inval;
	f->ops.store_barrier = fake_store_barrier;
	f->ops.trace_store = fake_trace_store;
	return 0;
}

/**
 * s2pt_fake_fini() - free the arena and the log.
 * @f: the fake.
 */
void
s2pt_fake_fini(struct s2pt_fake *f)
{
	free(f->arena);
	free(f->meta);
	free(f->page_order);
	s2pt_fake_clear_log(f);
	free(f->log);
	memset(f, 0, sizeof(*f));
}

/**
 * s2pt_fake_config() - fill in the environment part of an s2pt config.
 * @f:   the fake.
 * @cfg: gets ops, ctx and va_minus_pa; the rest is left alone.
 */
void
s2pt_fake_config(struct s2pt_fake *f, struct s2pt_config *cfg)
{
	cfg->ops = &f->ops;
	cfg->ctx = f;
	cfg->va_minus_pa = f->va_minus_pa;
}

/**
 * s2pt_fake_fail_after() - make allocations fail.
 * @f:      the fake.
 * @k:      allocations that still succeed (0: the next one fails);
 *          negative: stop failing.
 * @sticky: fail every allocation after the first failure too.
 */
void
s2pt_fake_fail_after(struct s2pt_fake *f, long k, bool sticky)
{
	f->fail_in = k;
	f->fail_sticky = sticky;
}

/**
 * s2pt_fake_begin() - log the start of an s2pt call.
 * @f:    the fake.
 * @what: name of the call (kept by pointer: use a literal).
 * @vmid: VMID of the table the call is made on.
 */
void
s2pt_fake_begin(struct s2pt_fake *f, const char *what, uint16_t vmid)
{
	struct fake_ev ev = { .kind = FAKE_EV_BEGIN, .vmid = vmid,
	    .what = what };

	fake_log(f, &ev);
}

/**
 * s2pt_fake_end() - log the end of the current call.
 * @f: the fake.
 */
void
s2pt_fake_end(struct s2pt_fake *f)
{
	struct fake_ev ev = { .kind = FAKE_EV_END };

	fake_log(f, &ev);
}

/**
 * s2pt_fake_clear_log() - forget the log (after it has been checked).
 * @f: the fake.
 */
void
s2pt_fake_clear_log(struct s2pt_fake *f)
{
	size_t i;

	for (i = 0; i < f->log_len; i++) {
		free(f->log[i].snap);
	}
	f->log_len = 0;
}

/**
 * s2pt_fake_count() - records of one kind in the log.
 * @f:    the fake.
 * @kind: enum fake_ev_kind.
 *
 * Return: the count.
 */
size_t
s2pt_fake_count(const struct s2pt_fake *f, enum fake_ev_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < f->log_len; i++) {
		n += f->log[i].kind == kind;
	}
	return n;
}

/**
 * s2pt_fake_va() - host address of a table page's fake PA.
 * @f:  the fake.
 * @pa: fake PA.
 *
 * Return: the pointer, or NULL if @pa is not in the arena.
 */
uint64_t *
s2pt_fake_va(const struct s2pt_fake *f, uint64_t pa)
{
	uint64_t off = pa - f->pa_base;

	if (pa < f->pa_base || off >= f->arena_pages * FAKE_PAGE) {
		return NULL;
	}
	return (uint64_t *)(uintptr_t)(pa + f->va_minus_pa);
}

/**
 * s2pt_fake_pa() - fake PA of a host address in the arena.
 * @f:  the fake.
 * @va: host address.
 *
 * Return: the PA.
 */
uint64_t
s2pt_fake_pa(const struct s2pt_fake *f, const void *va)
{
	return (uint64_t)(uintptr_t)va - f->va_minus_pa;
}

/**
 * s2pt_fake_page_index() - arena page number of a host address.
 * @f:  the fake.
 * @va: host address.
 *
 * Return: the index, or (size_t)-1 outside the arena.
 */
size_t
s2pt_fake_page_index(const struct s2pt_fake *f, const void *va)
{
	uintptr_t a = (uintptr_t)va, base = (uintptr_t)f->arena;

	if (a < base || a - base >= f->arena_pages * FAKE_PAGE) {
		return (size_t)-1;
	}
	return (a - base) / FAKE_PAGE;
}

/**
 * s2pt_fake_set_vmid() - give a VM's VMID context a number.
 * @vc:   the context passed as s2pt_config.vmid.
 * @vmid: the number s2pt must name in its invalidations.
 */
void
s2pt_fake_set_vmid(struct vmid_ctx *vc, uint16_t vmid)
{
	/* Generation 0, number @vmid: what vmid_current() reads back. */
	atomic_store(&vc->id, (uint64_t)vmid);
}
